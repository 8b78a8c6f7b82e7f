package com.sendsummary.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Everything the functions need, running locally: moto (DynamoDB, Secrets Manager, EventBridge, EventBridge
 * Scheduler, SQS, S3), the SFMC simulator (unless an external SFMC is configured), the summary table, the SFMC secret,
 * the cursor key secret, the stack's event bus and the follow-up schedule group (moto stores schedules but never fires
 * them, and delivers nothing from the bus to the functions), the queues the functions' SQS events poll (with their
 * dead-letter queues) and the template's buckets, one {@link LambdaEmulator} per function, an
 * {@link SqsEventSource} per SQS event, invoking the function as Lambda's event source mapping would (with as many
 * emulators of it as the event's {@code MaximumConcurrency}), and, optionally, the HTTP API in front of them and an
 * {@link AwsFaultProxy} between the functions and moto.
 *
 * <pre>{@code
 * try (LocalEnvironment env = LocalEnvironment.builder()
 *         .withApi(0)                                              // any free port
 *         .functionEnv(LocalEnvironment.HTTP, Map.of("SUMMARY_TTL_RECENT_SECONDS", "2"))
 *         .start()) {
 *     ApiResponse response = env.api().get("/sends/910001/summary");
 *     Invocation refresh = env.refresh().invoke(env.layout().root().resolve("events/eventbridge-send-completed.json"));
 *     List<JsonNode> items = env.table().itemsAsJson();
 *     SimulatorRequests seen = env.simulator().requests();
 * }
 * }</pre>
 *
 * <p>What runs is what deploys: each function's handler, memory, timeout and environment (LoggingConfig included),
 * and the API's routes, are read from {@code template.yaml} ({@link SamTemplate}), its references resolved to the
 * local stand-ins, with only {@link #localOnlyVariables(URI)} on top (and what a test overrides on the
 * {@link Builder}). Child processes are stopped by {@link #close()} and by a JVM shutdown hook (Ctrl-C), whichever
 * comes first. Each child process started prints {@code [local] <name>: starting...} and {@code ready in <n> s} to the
 * {@linkplain Builder#progressTo(PrintStream) progress stream}, standard error by default.
 */
public final class LocalEnvironment implements AutoCloseable {

    public static final String HTTP = "http";
    public static final String REFRESH = "refresh";
    public static final String WORKER = "worker";
    /**
     * The logical ID in template.yaml of each function, by its local name ({@code AWS_LAMBDA_FUNCTION_NAME}, log
     * prefix, {@code FUNCTION=} of {@code make invoke}): all the runner knows of the functions by itself.
     */
    public static final SequencedMap<String, String> TEMPLATE_FUNCTIONS = templateFunctions();
    /** The template parameter without a Default: the environment gives it the ARN of the secret it creates. */
    static final String SFMC_SECRET_PARAMETER = "SfmcSecretArn";
    /** Long-poll wait of the event sources' ReceiveMessage: a message is picked up at once; it bounds their stop. */
    static final int SQS_POLL_WAIT_SECONDS = 2;
    private static final String BUCKET_TYPE = "AWS::S3::Bucket";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::closeAll, "local-environment-shutdown");
    private final ProjectLayout layout;
    private final PrintStream progress;
    private boolean closed;

    private MotoServer moto;
    private Optional<AwsFaultProxy> awsFaultProxy = Optional.empty();
    private Logs logs;
    private Optional<Simulator> simulator = Optional.empty();
    private AwsResources aws;
    private SummaryTable table;
    private SfmcSecret sfmcSecret;
    private String secretArn;
    private String cursorKeySecretArn;
    private final Map<String, LambdaEmulator> emulators = new LinkedHashMap<>();
    private final Map<String, List<LambdaEmulator>> extraInstances = new LinkedHashMap<>();
    private final Map<String, Integer> lastInstanceNumbers = new LinkedHashMap<>();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final Map<String, String> bucketNames = new LinkedHashMap<>();
    private final Map<String, SqsEventSource> eventSources = new LinkedHashMap<>();
    private Optional<SamTemplate.Queue> engagementQueue = Optional.empty();
    private Optional<LocalApi> api = Optional.empty();

    private LocalEnvironment(ProjectLayout layout, PrintStream progress) {
        this.layout = layout;
        this.progress = progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The routes of the local HTTP API: the HttpApi events of template.yaml, each to the function that declares it,
     * most specific first as API Gateway matches them.
     */
    public static List<ApiRoute> routes() {
        return routes(SamTemplate.load(ProjectLayout.detect().template()));
    }

    static List<ApiRoute> routes(SamTemplate template) {
        requireTemplateFunctions(template);
        return TEMPLATE_FUNCTIONS.entrySet().stream()
                .flatMap(function -> template.routeKeys(function.getValue()).stream()
                        .map(routeKey -> ApiRoute.of(routeKey, function.getKey())))
                .sorted(ApiRoute.MOST_SPECIFIC_FIRST)
                .toList();
    }

    /**
     * The only variables the functions get here on top of template.yaml's: {@code AWS_ENDPOINT_URL}, moto's (or the
     * fault proxy's) endpoint, and {@code SFMC_LOCAL_ENDPOINTS_ALLOWED=true}, since the simulator listens on loopback
     * http while deployed functions accept SFMC hosts only. Region and credentials are the ones Lambda itself defines
     * ({@link LambdaEmulator}).
     */
    public static Map<String, String> localOnlyVariables(URI awsEndpoint) {
        return Map.of(
                "AWS_ENDPOINT_URL", awsEndpoint.toString(),
                "SFMC_LOCAL_ENDPOINTS_ALLOWED", "true");
    }

    public ProjectLayout layout() {
        return layout;
    }

    /**
     * moto's endpoint, which the clients of this class ({@link #dynamoDb()} etc.) use, and which the functions get as
     * {@code AWS_ENDPOINT_URL} unless the {@linkplain Builder#withAwsFaultProxy() fault proxy} is in between.
     */
    public URI awsEndpoint() {
        return moto.endpoint();
    }

    /** What the functions get as {@code AWS_ENDPOINT_URL}: the fault proxy's endpoint when enabled, else moto's. */
    public URI functionsAwsEndpoint() {
        return awsFaultProxy.map(AwsFaultProxy::endpoint).orElseGet(moto::endpoint);
    }

    /**
     * The proxy between the functions and moto, to make their AWS calls fail; {@link IllegalStateException} unless
     * the builder asked for it with {@link Builder#withAwsFaultProxy()}.
     */
    public AwsFaultProxy awsFaultProxy() {
        return awsFaultProxy.orElseThrow(() -> new IllegalStateException(
                "The AWS fault proxy was not started; use Builder.withAwsFaultProxy()"));
    }

    public DynamoDbClient dynamoDb() {
        return aws.dynamoDb();
    }

    public SecretsManagerClient secretsManager() {
        return aws.secretsManager();
    }

    /** EventBridge client on moto, which holds the stack's bus ({@link AwsResources#DEFAULT_EVENT_BUS}). */
    public EventBridgeClient eventBridge() {
        return aws.eventBridge();
    }

    /** Scheduler client on moto, e.g. to list the follow-up schedules in {@link #scheduleGroup()}. */
    public SchedulerClient scheduler() {
        return aws.scheduler();
    }

    /** The schedule group the refresh function creates its follow-up schedules in. */
    public String scheduleGroup() {
        return AwsResources.DEFAULT_SCHEDULE_GROUP;
    }

    /** SQS client on moto, e.g. to send to or read {@link #engagementQueueUrl()} and its dead-letter queue. */
    public SqsClient sqs() {
        return aws.sqs();
    }

    /** S3 client on moto (path-style), e.g. to read the worker's state objects in {@link #engagementStateBucket()}. */
    public S3Client s3() {
        return aws.s3();
    }

    /** URL of the queue the template's resource {@code logicalId} is, created for an SQS event of a function. */
    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("No queue '" + logicalId + "'; have " + queueUrls.keySet());
        }
        return url;
    }

    /** Name of the bucket the template's resource {@code logicalId} is. */
    public String bucketName(String logicalId) {
        String name = bucketNames.get(logicalId);
        if (name == null) {
            throw new IllegalArgumentException("No bucket '" + logicalId + "'; have " + bucketNames.keySet());
        }
        return name;
    }

    /** The queue the worker's SQS event polls (the functions' {@code ENGAGEMENT_QUEUE_URL}). */
    public String engagementQueueUrl() {
        return queueUrl(workerQueue().logicalId());
    }

    /** The dead-letter queue of {@link #engagementQueueUrl()}, its RedrivePolicy's target. */
    public String engagementDeadLetterQueueUrl() {
        return queueUrl(workerQueue().redrive().orElseThrow(() -> new IllegalStateException(
                "The worker's queue has no RedrivePolicy in template.yaml")).deadLetterQueueLogicalId());
    }

    /** The bucket the functions get as {@code ENGAGEMENT_STATE_BUCKET}. */
    public String engagementStateBucket() {
        return worker().function().environment().get("ENGAGEMENT_STATE_BUCKET");
    }

    /** The event source invoking {@code function} from its queue; {@link IllegalArgumentException} when none. */
    public SqsEventSource sqsEventSource(String function) {
        SqsEventSource source = eventSources.get(function);
        if (source == null) {
            throw new IllegalArgumentException("No SQS event source of '" + function + "'; have "
                    + eventSources.keySet() + " (none without a SQS event, or with Builder.withoutSqsEventSources())");
        }
        return source;
    }

    public SummaryTable table() {
        return table;
    }

    public String secretArn() {
        return secretArn;
    }

    /** ARN of the cursor key secret, the HTTP function's {@code CURSOR_KEY_SECRET_ID}. */
    public String cursorKeySecretArn() {
        return cursorKeySecretArn;
    }

    public SfmcSecret sfmcSecret() {
        return sfmcSecret;
    }

    /** Admin client of the simulator; {@link IllegalStateException} when an external SFMC is used. */
    public SimulatorAdmin simulator() {
        return simulator.orElseThrow(() -> new IllegalStateException("No simulator: an external SFMC is configured"))
                .admin();
    }

    public Optional<Simulator> simulatorProcess() {
        return simulator;
    }

    public LambdaEmulator http() {
        return emulator(HTTP);
    }

    public LambdaEmulator refresh() {
        return emulator(REFRESH);
    }

    /**
     * The worker's registered emulator; its SQS event source also invokes the extra instances
     * ({@link #extraInstances(String)}) up to the event's {@code MaximumConcurrency}.
     */
    public LambdaEmulator worker() {
        return emulator(WORKER);
    }

    public LambdaEmulator emulator(String function) {
        LambdaEmulator emulator = emulators.get(function);
        if (emulator == null) {
            throw new IllegalArgumentException("No function '" + function + "'; have " + emulators.keySet());
        }
        return emulator;
    }

    public Map<String, LambdaEmulator> emulators() {
        return Map.copyOf(emulators);
    }

    /**
     * Starts {@code count} more emulators of {@code function}, each a separate execution environment (its own RIE and,
     * from its first invoke on, its own JVM) with exactly the configuration of {@link #emulator(String)}: handler,
     * code, memory, timeout and environment. For tests that need several containers of one function at once, e.g.
     * concurrent cold starts racing on the same item. They are started in parallel, logged to
     * {@code <function>-<n>.log}, and stopped with the environment; the API keeps routing to the registered one.
     *
     * @return the new emulators, in the order of their instance names ({@code http-2}, {@code http-3}, ...)
     */
    public List<LambdaEmulator> startInstances(String function, int count) {
        LambdaFunction configuration = emulator(function).function();
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (count == 0) {
            return List.of();
        }
        List<String> names = reserveInstanceNames(function, count);
        List<LambdaEmulator> instances = new ArrayList<>();
        RuntimeException failure = null;
        // One pair of lines for the lot: FaultMatrix starts 20 at once.
        String service = count == 1 ? "emulator (" + names.getFirst() + ")"
                : "emulators (" + names.getFirst() + " to " + names.getLast() + ")";
        long begin = System.nanoTime();
        progress.println("[local] " + service + ": starting...");
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LambdaEmulator>> starts = names.stream()
                    .map(name -> starter.submit(() ->
                            register(LambdaEmulator.start(configuration, layout, logs, name))))
                    .toList();
            for (Future<LambdaEmulator> start : starts) {
                try {
                    instances.add(start.get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                            ? runtime : new IllegalStateException("Cannot start an instance of " + function, e);
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted starting instances of " + function, e);
                }
            }
        }
        if (failure != null) {
            instances.forEach(this::unregisterAndClose);
            throw failure;
        }
        progress.println("[local] " + service + ": ready in " + secondsSince(begin) + " s");
        synchronized (this) {
            extraInstances.computeIfAbsent(function, name -> new ArrayList<>()).addAll(instances);
        }
        return List.copyOf(instances);
    }

    /** The emulators {@link #startInstances(String, int)} started for {@code function} so far. */
    public synchronized List<LambdaEmulator> extraInstances(String function) {
        return List.copyOf(extraInstances.getOrDefault(function, List.of()));
    }

    /** The local HTTP API; {@link IllegalStateException} unless the builder asked for it. */
    public LocalApi api() {
        return api.orElseThrow(() -> new IllegalStateException("The API was not started; use Builder.withApi(port)"));
    }

    public URI apiBaseUri() {
        return api().baseUri();
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself or during JVM shutdown: nothing to remove.
        }
    }

    private synchronized void closeAll() {
        closed = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("[local] error while stopping: " + e);
            }
        }
    }

    /** {@code http-2}, {@code http-3}, ...: the registered emulator is instance 1; numbers are never reused. */
    private synchronized List<String> reserveInstanceNames(String function, int count) {
        int last = lastInstanceNumbers.getOrDefault(function, 1);
        lastInstanceNumbers.put(function, last + count);
        List<String> names = new ArrayList<>();
        for (int number = last + 1; number <= last + count; number++) {
            names.add(function + "-" + number);
        }
        return names;
    }

    private synchronized void unregisterAndClose(AutoCloseable resource) {
        started.remove(resource);
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("[local] error while stopping: " + e);
        }
    }

    private synchronized <T extends AutoCloseable> T register(T resource) {
        if (closed) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Shutting down anyway.
            }
            throw new IllegalStateException("Local environment stopped while starting");
        }
        started.push(resource);
        return resource;
    }

    /** Says so when a function runs the output of a {@code sam build} older than the last Maven build of functions/. */
    private void warnIfSamBuildIsStale(List<LambdaFunction> functions) {
        Path jar = layout.functionsJar();
        Path built = layout.samBuildTemplate();
        boolean fromSamBuild = functions.stream().anyMatch(function -> function.code().startsWith(built.getParent()));
        try {
            if (fromSamBuild && Files.isRegularFile(jar) && Files.isRegularFile(built)
                    && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(built)) > 0) {
                progress.println("[local] warning: " + layout.root().relativize(built.getParent()) + " is older than "
                        + layout.root().relativize(jar) + "; run scripts/sam-build.sh to run the current code");
            }
        } catch (java.io.IOException e) {
            progress.println("[local] warning: cannot compare " + built + " with " + jar + ": " + e.getMessage());
        }
    }

    private void start(Builder options) {
        SamTemplate template = SamTemplate.load(layout.template());
        List<ApiRoute> routes = routes(template);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            logs = options.logs.orElseGet(() -> Logs.toFiles(layout.logDirectory()));
            CompletableFuture<Optional<Simulator>> simulatorStart = options.externalSfmc.isPresent()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : CompletableFuture.supplyAsync(() -> Optional.of(register(starting("SFMC simulator",
                            () -> Simulator.start(layout, options.simulatorArguments, logs.filesOnly())))));
            // moto and the simulator log every request: files only, the console is for the functions and the API.
            moto = register(starting("moto", () -> MotoServer.start(layout, logs.filesOnly())));
            simulator = simulatorStart.join();
            if (options.awsFaultProxy) {
                awsFaultProxy = Optional.of(register(AwsFaultProxy.start(moto.endpoint())));
            }
            aws = register(new AwsResources(moto.endpoint()));
            table = aws.createSummaryTable(options.tableName);
            sfmcSecret = options.externalSfmc
                    .orElseGet(() -> SfmcSecret.forSimulator(simulator.orElseThrow().baseUri()));
            secretArn = aws.createSfmcSecret(options.secretName, sfmcSecret);
            cursorKeySecretArn = aws.createCursorKeySecret(AwsResources.DEFAULT_CURSOR_KEY_SECRET);
            aws.createEventBus(AwsResources.DEFAULT_EVENT_BUS);
            aws.createScheduleGroup(AwsResources.DEFAULT_SCHEDULE_GROUP);
            Map<String, String> parameters = options.parameterValues(secretArn);
            Map<String, String> created = createQueuesAndBuckets(template, parameters, options);

            List<LambdaFunction> functions = options.functions(template, functionsAwsEndpoint(), secretArn,
                    cursorKeySecretArn, created);
            warnIfSamBuildIsStale(functions);
            for (LambdaFunction configured : functions) {
                emulators.put(configured.name(), register(starting("emulator (" + configured.name() + " function)",
                        () -> LambdaEmulator.start(configured, layout, logs))));
            }
            if (options.sqsEventSources) {
                startSqsEventSources(template, parameters);
            }
            if (options.apiPort.isPresent()) {
                api = Optional.of(register(LocalApi.start(options.apiPort.get(), routes, this::emulator, logs.echo(),
                        Optional.of(layout.openApiDocument()), options.apiExchangeCheck)));
            }
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Creates the queues of the functions' SQS events, with their dead-letter queues, and the template's buckets, as
     * the template sets them; returns what each stands for in the template's references (a queue's Ref is its URL).
     */
    private Map<String, String> createQueuesAndBuckets(SamTemplate template, Map<String, String> parameters,
                                                       Builder options) {
        Map<String, String> standIns = new LinkedHashMap<>();
        TEMPLATE_FUNCTIONS.forEach((name, logicalId) -> {
            for (SamTemplate.SqsTrigger trigger : template.sqsEvents(logicalId, parameters, Map.of())) {
                SamTemplate.Queue queue = template.queue(trigger.queueLogicalId(), parameters, Map.of());
                createQueue(template, queue, parameters, options.testOnlyVisibilityTimeoutSeconds, standIns);
                if (name.equals(WORKER)) {
                    engagementQueue = Optional.of(queue);
                }
            }
        });
        for (String bucket : template.resourceIds(BUCKET_TYPE)) {
            String name = AwsResources.bucketName(bucket);
            aws.createBucket(name);
            bucketNames.put(bucket, name);
            standIns.put(bucket, name);
            standIns.put(bucket + ".Arn", "arn:aws:s3:::" + name);
        }
        return standIns;
    }

    private String createQueue(SamTemplate template, SamTemplate.Queue queue, Map<String, String> parameters,
                               Optional<Integer> visibilityOverride, Map<String, String> standIns) {
        if (queueUrls.containsKey(queue.logicalId())) {
            return queueUrls.get(queue.logicalId());
        }
        // The test-only override is for the polled queue: a dead-letter queue is never polled here.
        Optional<String> deadLetterQueueArn = queue.redrive().map(redrive -> aws.queueArn(createQueue(template,
                template.queue(redrive.deadLetterQueueLogicalId(), parameters, Map.of()), parameters,
                Optional.empty(), standIns)));
        String name = AwsResources.queueName(queue.logicalId());
        String url = aws.createQueue(name, visibilityOverride.orElse(queue.visibilityTimeoutSeconds()),
                queue.messageRetentionSeconds(), deadLetterQueueArn,
                queue.redrive().map(SamTemplate.Redrive::maxReceiveCount).orElse(0));
        queueUrls.put(queue.logicalId(), url);
        standIns.put(queue.logicalId(), url);
        standIns.put(queue.logicalId() + ".Arn", aws.queueArn(url));
        standIns.put(queue.logicalId() + ".QueueName", name);
        return url;
    }

    /** One event source per SQS event, polling with as many emulators of the function as its MaximumConcurrency. */
    private void startSqsEventSources(SamTemplate template, Map<String, String> parameters) {
        TEMPLATE_FUNCTIONS.forEach((name, logicalId) -> {
            List<SamTemplate.SqsTrigger> triggers = template.sqsEvents(logicalId, parameters, Map.of());
            if (triggers.size() > 1) {
                throw new IllegalStateException(logicalId + " has " + triggers.size() + " SQS events in template.yaml; "
                        + "the local runner runs one per function");
            }
            for (SamTemplate.SqsTrigger trigger : triggers) {
                List<LambdaEmulator> pool = new ArrayList<>(List.of(emulator(name)));
                pool.addAll(startInstances(name, trigger.maximumConcurrency() - 1));
                String url = queueUrl(trigger.queueLogicalId());
                SqsEventSource.Settings settings = new SqsEventSource.Settings(url, aws.queueArn(url),
                        AwsResources.REGION.id(), trigger.batchSize(), trigger.reportBatchItemFailures(),
                        SQS_POLL_WAIT_SECONDS);
                List<SqsEventSource.Invoker> invokers = pool.stream()
                        .map(emulator -> (SqsEventSource.Invoker) emulator::invoke).toList();
                eventSources.put(name, register(SqsEventSource.start(name, aws.sqs(), settings, invokers, progress)));
                progress.println("[local] sqs event source (" + name + "): polling " + trigger.queueLogicalId()
                        + ", batch " + trigger.batchSize() + ", up to " + pool.size() + " at once");
            }
        });
    }

    private SamTemplate.Queue workerQueue() {
        return engagementQueue.orElseThrow(() -> new IllegalStateException(
                "The worker has no SQS event in template.yaml"));
    }

    /** Starts one child process between a "starting..." and a "ready in n s" line: a slow start is never silent. */
    private <T> T starting(String service, Supplier<T> start) {
        progress.println("[local] " + service + ": starting...");
        long begin = System.nanoTime();
        T started = start.get();
        progress.println("[local] " + service + ": ready in " + secondsSince(begin) + " s");
        return started;
    }

    private static String secondsSince(long beginNanos) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - beginNanos) / 1e9);
    }

    private static SequencedMap<String, String> templateFunctions() {
        SequencedMap<String, String> functions = new LinkedHashMap<>();
        functions.put(HTTP, "SendSummaryFunction");
        functions.put(REFRESH, "SendRefreshFunction");
        functions.put(WORKER, "EngagementWorkerFunction");
        return Collections.unmodifiableSequencedMap(functions);
    }

    /** A function added to the template must be given a local name, or it would silently not run here. */
    private static void requireTemplateFunctions(SamTemplate template) {
        if (!List.copyOf(TEMPLATE_FUNCTIONS.values()).equals(template.functionIds())) {
            throw new IllegalStateException("template.yaml declares the functions " + template.functionIds()
                    + " but the local runner knows " + TEMPLATE_FUNCTIONS
                    + "; update LocalEnvironment.TEMPLATE_FUNCTIONS");
        }
    }

    /** Options of a {@link LocalEnvironment}; every one has the default {@code make run} uses. */
    public static final class Builder {

        /** System property naming the functions' code for every builder (the integration tests' artifact). */
        public static final String FUNCTIONS_CODE_PROPERTY = "sendsummary.functions.code";

        private ProjectLayout layout;
        private Path functionsCode;
        private boolean imageOfBuild;
        private Optional<Integer> memoryMb = Optional.empty();
        private final Map<String, String> handlers = new LinkedHashMap<>();
        private final Map<String, Integer> timeouts = new LinkedHashMap<>();
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Map<String, String> environmentForAll = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> environmentByFunction = new LinkedHashMap<>();
        private Optional<Integer> apiPort = Optional.empty();
        private Optional<SfmcSecret> externalSfmc = Optional.empty();
        private final List<String> simulatorArguments = new ArrayList<>();
        private String tableName = AwsResources.DEFAULT_TABLE;
        private String secretName = AwsResources.DEFAULT_SECRET;
        private Optional<Logs> logs = Optional.empty();
        private PrintStream progress = System.err;
        private boolean awsFaultProxy;
        private ApiExchangeCheck apiExchangeCheck = ApiExchangeCheck.NONE;
        private Optional<Integer> testOnlyVisibilityTimeoutSeconds = Optional.empty();
        private boolean sqsEventSources = true;

        private Builder() {
        }

        /** Project root; default {@link ProjectLayout#detect()}. */
        public Builder layout(ProjectLayout projectLayout) {
            this.layout = projectLayout;
            return this;
        }

        /**
         * Code of both functions (jar or extracted directory). Default: the {@value #FUNCTIONS_CODE_PROPERTY} system
         * property (failsafe sets functions/target/functions.jar), else what {@code sam build} produced for each
         * ({@link ProjectLayout#samBuild(String)}).
         */
        public Builder functionsCode(Path code) {
            this.functionsCode = code;
            return this;
        }

        /**
         * Runs an image of the functions' task roots taken at start ({@link TaskRoot#snapshot}), so that a rebuild
         * while this environment runs ({@code make invoke} beside {@code make run}) does not change the code under the
         * running functions.
         */
        public Builder imageOfBuild() {
            this.imageOfBuild = true;
            return this;
        }

        /**
         * Replaces template.yaml's handler of {@code function} ({@link #HTTP}, {@link #REFRESH} or {@link #WORKER}),
         * e.g. with a test handler.
         */
        public Builder handler(String function, String handler) {
            requireKnown(function);
            handlers.put(function, handler);
            return this;
        }

        /** {@code MemorySize} of every function instead of template.yaml's. */
        public Builder memoryMb(int megabytes) {
            this.memoryMb = Optional.of(megabytes);
            return this;
        }

        /** {@code Timeout} of one function instead of template.yaml's. */
        public Builder timeoutSeconds(String function, int seconds) {
            requireKnown(function);
            timeouts.put(function, seconds);
            return this;
        }

        /**
         * Gives a parameter of template.yaml a value instead of its Default, as {@code sam deploy
         * --parameter-overrides} would, e.g. {@code parameter("ApplicationLogLevel", "DEBUG")}; checked against its
         * AllowedValues and AllowedPattern at start. {@code SfmcSecretArn} is always the secret this environment
         * creates (see {@link #secretName(String)} and {@link #externalSfmc(SfmcSecret)}).
         */
        public Builder parameter(String name, String value) {
            if (name.equals(SFMC_SECRET_PARAMETER)) {
                throw new IllegalArgumentException(SFMC_SECRET_PARAMETER + " is the secret the environment creates; "
                        + "use secretName(..) or externalSfmc(..)");
            }
            parameters.put(name, value);
            return this;
        }

        /**
         * <b>Tests only.</b> The {@code VisibilityTimeout} of the queues the functions' SQS events poll, instead of
         * template.yaml's (6 times the worker's timeout), so that a failed message comes back within a test. The
         * dead-letter queues keep the template's attributes; the redrive policy's {@code maxReceiveCount} is kept.
         */
        public Builder testOnlyVisibilityTimeoutSeconds(int seconds) {
            if (seconds < 0 || seconds > 43_200) {
                throw new IllegalArgumentException("A visibility timeout is 0..43200 s, was " + seconds);
            }
            this.testOnlyVisibilityTimeoutSeconds = Optional.of(seconds);
            return this;
        }

        /**
         * Creates the queues but starts no {@link SqsEventSource}: nothing invokes the functions from them, so a test
         * can read the messages the functions send, or invoke the worker itself.
         */
        public Builder withoutSqsEventSources() {
            this.sqsEventSources = false;
            return this;
        }

        /** Adds or overrides variables of every function (applied before per-function ones). */
        public Builder functionEnv(Map<String, String> variables) {
            environmentForAll.putAll(variables);
            return this;
        }

        /** Adds or overrides variables of one function, e.g. short TTLs for a test. */
        public Builder functionEnv(String function, Map<String, String> variables) {
            requireKnown(function);
            environmentByFunction.computeIfAbsent(function, name -> new LinkedHashMap<>()).putAll(variables);
            return this;
        }

        /** Starts the HTTP API on 127.0.0.1:{@code port}; 0 picks a free port. */
        public Builder withApi(int port) {
            this.apiPort = Optional.of(port);
            return this;
        }

        /**
         * Passes every request made through {@link LocalEnvironment#api()}'s client side, with its response, to
         * {@code check} (the end-to-end tests check them against docs/openapi.yaml).
         */
        public Builder checkApiExchanges(ApiExchangeCheck check) {
            this.apiExchangeCheck = check;
            return this;
        }

        /**
         * Puts an {@link AwsFaultProxy} between the functions and moto: the functions get its endpoint as
         * {@code AWS_ENDPOINT_URL}, while {@link LocalEnvironment#dynamoDb()} and the other clients of the
         * environment keep talking to moto directly. See {@link LocalEnvironment#awsFaultProxy()}.
         */
        public Builder withAwsFaultProxy() {
            this.awsFaultProxy = true;
            return this;
        }

        /** Points the secret at this SFMC instead of starting the simulator. */
        public Builder externalSfmc(SfmcSecret secret) {
            this.externalSfmc = Optional.of(secret);
            return this;
        }

        /** Uses {@code SFMC_AUTH_BASE_URL} etc. when set (see {@link SfmcSecret#fromEnvironment(Map)}). */
        public Builder sfmcFromEnvironment(Map<String, String> env) {
            SfmcSecret.fromEnvironment(env).ifPresent(this::externalSfmc);
            return this;
        }

        /** Simulator data file instead of the bundled demo data. */
        public Builder simulatorData(Path dataFile) {
            return simulatorArguments(List.of("--data", dataFile.toAbsolutePath().toString()));
        }

        /** Extra simulator arguments, e.g. {@code List.of("--token-ttl-seconds", "5")}. */
        public Builder simulatorArguments(List<String> arguments) {
            simulatorArguments.addAll(arguments);
            return this;
        }

        public Builder tableName(String name) {
            this.tableName = name;
            return this;
        }

        public Builder secretName(String name) {
            this.secretName = name;
            return this;
        }

        /** Where child output goes; default files under {@code local/target/local-logs/}, no console echo. */
        public Builder logs(Logs childLogs) {
            this.logs = Optional.of(childLogs);
            return this;
        }

        /** Files under {@code local/target/local-logs/} and a {@code [name]}-prefixed copy on {@code console}. */
        public Builder echoLogsTo(PrintStream console) {
            this.logs = Optional.of(Logs.toFilesAndConsole(resolvedLayout().logDirectory(), console));
            return this;
        }

        /** Where the "starting..." and "ready in n s" line of each child process go; default standard error. */
        public Builder progressTo(PrintStream stream) {
            this.progress = stream;
            return this;
        }

        /** Starts everything; on failure whatever was started is stopped again before the exception propagates. */
        public LocalEnvironment start() {
            LocalEnvironment environment = new LocalEnvironment(resolvedLayout(), progress);
            environment.start(this);
            return environment;
        }

        private ProjectLayout resolvedLayout() {
            if (layout == null) {
                layout = ProjectLayout.detect();
            }
            return layout;
        }

        /** The template's parameter values given here, with {@code SfmcSecretArn} the secret the environment made. */
        Map<String, String> parameterValues(String secretArn) {
            Map<String, String> values = new LinkedHashMap<>(parameters);
            values.put(SFMC_SECRET_PARAMETER, secretArn);
            return values;
        }

        /**
         * Every function as it runs here: template.yaml's settings, its parameters at their Default or
         * {@link #parameter(String, String)} value ({@code SfmcSecretArn}: {@code secretArn}) and its references
         * at {@link #standIns(String, Map)}; then {@link LocalEnvironment#localOnlyVariables(URI)}; then this builder's
         * handler, memory, timeout and variables, where set.
         *
         * @param created what the queues and buckets the environment created stand for (by logical ID: a queue's
         *                URL, {@code <Queue>.Arn}, {@code <Queue>.QueueName}, a bucket's name, {@code <Bucket>.Arn})
         */
        List<LambdaFunction> functions(SamTemplate template, URI functionsAwsEndpoint, String secretArn,
                                       String cursorKeySecretArn, Map<String, String> created) {
            requireTemplateFunctions(template);
            String codeProperty = System.getProperty(FUNCTIONS_CODE_PROPERTY, "");
            Map<String, String> parameterValues = parameterValues(secretArn);
            Map<String, String> standIns = standIns(cursorKeySecretArn, created);
            List<LambdaFunction> functions = new ArrayList<>();
            TEMPLATE_FUNCTIONS.forEach((name, logicalId) -> {
                SamTemplate.Function deployed = template.function(logicalId, parameterValues, standIns);
                if (!deployed.runtime().equals(LambdaJavaRuntime.RUNTIME)) {
                    throw new IllegalStateException(logicalId + " has Runtime " + deployed.runtime()
                            + " in template.yaml; the local runner emulates " + LambdaJavaRuntime.RUNTIME + " only");
                }
                Map<String, String> environment = new LinkedHashMap<>(deployed.environment());
                environment.putAll(localOnlyVariables(functionsAwsEndpoint));
                environment.putAll(environmentFor(name));
                Path code = functionsCode != null ? functionsCode
                        : !codeProperty.isBlank() ? Path.of(codeProperty) : resolvedLayout().samBuild(logicalId);
                if (imageOfBuild && Files.isDirectory(code)) {
                    code = TaskRoot.snapshot(code, resolvedLayout().workDirectory());
                }
                functions.add(new LambdaFunction(name, handlers.getOrDefault(name, deployed.handler()), code,
                        memoryMb.orElse(deployed.memoryMb()), timeouts.getOrDefault(name, deployed.timeoutSeconds()),
                        environment));
            });
            return List.copyOf(functions);
        }

        /**
         * What template.yaml's references stand for here. The pseudo parameters are moto's region, account and
         * partition and samconfig.toml's stack name; a Ref is what CloudFormation returns for the resource: a table's
         * name, a secret's ARN, the name of a schedule group, a role and an event bus, a queue's URL and a bucket's
         * name ({@code created}). Anything the template references beyond these fails the start, naming it.
         */
        Map<String, String> standIns(String cursorKeySecretArn, Map<String, String> created) {
            Map<String, String> standIns = new LinkedHashMap<>(created);
            standIns.putAll(Map.of(
                    "AWS::Region", AwsResources.REGION.id(),
                    "AWS::AccountId", AwsResources.ACCOUNT_ID,
                    "AWS::Partition", "aws",
                    "AWS::URLSuffix", "amazonaws.com",
                    "AWS::StackName", AwsResources.STACK_NAME,
                    "SummaryTable", tableName,
                    "CursorKeySecret", cursorKeySecretArn,
                    "RefreshScheduleGroup", AwsResources.DEFAULT_SCHEDULE_GROUP,
                    "RefreshSchedulerRole", AwsResources.SCHEDULER_ROLE_NAME,
                    "SendEventBus", AwsResources.DEFAULT_EVENT_BUS));
            return standIns;
        }

        private Map<String, String> environmentFor(String function) {
            Map<String, String> variables = new LinkedHashMap<>(environmentForAll);
            variables.putAll(environmentByFunction.getOrDefault(function, Map.of()));
            return variables;
        }

        private void requireKnown(String function) {
            if (!TEMPLATE_FUNCTIONS.containsKey(function)) {
                throw new IllegalArgumentException("Unknown function '" + function + "'; known: "
                        + TEMPLATE_FUNCTIONS.keySet());
            }
        }
    }
}
