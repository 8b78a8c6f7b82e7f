package com.sendsummary.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Everything the functions need, running locally: moto (DynamoDB, Secrets Manager, EventBridge, EventBridge
 * Scheduler), the SFMC simulator (unless an external SFMC is configured), the summary table, the SFMC secret, the
 * cursor key secret, the stack's event bus and the follow-up schedule group (moto stores schedules but never fires
 * them, and delivers nothing from the bus to the functions), one {@link LambdaEmulator} per function
 * and, optionally, the HTTP API in front of them and an {@link AwsFaultProxy} between the functions and moto.
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
 * <p>Function settings mirror {@code template.yaml} (java25, 1024 MB, 30 s / 60 s, the Globals variables). Child
 * processes are stopped by {@link #close()} and by a JVM shutdown hook (Ctrl-C), whichever comes first. Each child
 * process started prints {@code [local] <name>: starting...} and {@code ready in <n> s} to the
 * {@linkplain Builder#progressTo(PrintStream) progress stream}, standard error by default.
 */
public final class LocalEnvironment implements AutoCloseable {

    public static final String HTTP = "http";
    public static final String REFRESH = "refresh";
    public static final String HTTP_HANDLER = "com.sendsummary.handler.HttpSendSummaryHandler::handleRequest";
    public static final String REFRESH_HANDLER = "com.sendsummary.handler.SendCompletedRefreshHandler::handleRequest";
    public static final List<ApiRoute> ROUTES = List.of(
            ApiRoute.of("GET /sends/{jobId}/summary", HTTP),
            ApiRoute.of("GET /sends", HTTP),
            ApiRoute.of("POST /sends/summaries", HTTP),
            ApiRoute.of("GET /sends/{jobId}/events", HTTP),
            ApiRoute.of("GET /sends/{jobId}/engagement", HTTP));

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
    private Optional<LocalApi> api = Optional.empty();

    private LocalEnvironment(ProjectLayout layout, PrintStream progress) {
        this.layout = layout;
        this.progress = progress;
    }

    public static Builder builder() {
        return new Builder();
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

    private void start(Builder options) {
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

            for (LambdaFunction function : options.functions()) {
                LambdaFunction configured = function.withEnvironment(Map.of(
                        "AWS_ENDPOINT_URL", functionsAwsEndpoint().toString(),
                        "SUMMARY_TABLE", options.tableName,
                        "SFMC_SECRET_ID", secretArn,
                        // The simulator listens on loopback http; deployed functions accept SFMC hosts only.
                        "SFMC_LOCAL_ENDPOINTS_ALLOWED", "true"))
                        .withEnvironment(HTTP.equals(function.name())
                                ? Map.of("CURSOR_KEY_SECRET_ID", cursorKeySecretArn) : Map.of())
                        .withEnvironment(REFRESH.equals(function.name()) ? Builder.refreshVariables() : Map.of())
                        .withEnvironment(options.environmentFor(function.name()));
                emulators.put(function.name(), register(starting("emulator (" + function.name() + " function)",
                        () -> LambdaEmulator.start(configured, layout, logs))));
            }
            if (options.apiPort.isPresent()) {
                api = Optional.of(register(LocalApi.start(options.apiPort.get(), ROUTES, this::emulator, logs.echo(),
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

    /** Options of a {@link LocalEnvironment}; every one has the default {@code make run} uses. */
    public static final class Builder {

        private ProjectLayout layout;
        private Path functionsCode;
        private int memoryMb = 1024;
        private final Map<String, String> handlers = new LinkedHashMap<>(Map.of(
                HTTP, HTTP_HANDLER, REFRESH, REFRESH_HANDLER));
        private final Map<String, Integer> timeouts = new LinkedHashMap<>(Map.of(HTTP, 30, REFRESH, 60));
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

        private Builder() {
        }

        /** Project root; default {@link ProjectLayout#detect()}. */
        public Builder layout(ProjectLayout projectLayout) {
            this.layout = projectLayout;
            return this;
        }

        /** Code of both functions (jar or extracted directory); default {@code functions/target/functions.jar}. */
        public Builder functionsCode(Path code) {
            this.functionsCode = code;
            return this;
        }

        /** Replaces the handler of {@code function} ({@link #HTTP} or {@link #REFRESH}), e.g. for a test handler. */
        public Builder handler(String function, String handler) {
            requireKnown(function);
            handlers.put(function, handler);
            return this;
        }

        /** {@code MemorySize} of both functions; default 1024 as in template.yaml. */
        public Builder memoryMb(int megabytes) {
            this.memoryMb = megabytes;
            return this;
        }

        public Builder timeoutSeconds(String function, int seconds) {
            requireKnown(function);
            timeouts.put(function, seconds);
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

        private List<LambdaFunction> functions() {
            Path code = functionsCode != null ? functionsCode : resolvedLayout().functionsJar();
            return handlers.entrySet().stream()
                    .map(handler -> new LambdaFunction(handler.getKey(), handler.getValue(), code, memoryMb,
                            timeouts.get(handler.getKey()), templateVariables()))
                    .toList();
        }

        private Map<String, String> environmentFor(String function) {
            Map<String, String> variables = new LinkedHashMap<>(environmentForAll);
            variables.putAll(environmentByFunction.getOrDefault(function, Map.of()));
            return variables;
        }

        /** template.yaml Globals.Function.Environment with the parameters' defaults, and its LoggingConfig. */
        private static Map<String, String> templateVariables() {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("SECRET_MAX_AGE_SECONDS", "300");
            variables.put("SUMMARY_TTL_RECENT_SECONDS", "300");
            variables.put("SUMMARY_TTL_SETTLED_SECONDS", "259200");
            variables.put("TRACKING_WINDOW_HOURS", "72");
            variables.put("NOT_FOUND_TTL_SECONDS", "60");
            variables.put("STALE_MAX_AGE_SECONDS", "604800");
            variables.put("REFRESH_MIN_INTERVAL_SECONDS", "60");
            variables.put("FETCH_LEASE_SECONDS", "15");
            variables.put("LEASE_WAIT_MS", "2000");
            variables.put("DEADLINE_MARGIN_MS", "1000");
            variables.put("ALLOWED_CLIENT_IDS", "");
            variables.put("SFMC_CONNECT_TIMEOUT_MS", "3000");
            variables.put("SFMC_RECEIVE_TIMEOUT_MS", "10000");
            // LoggingConfig: LogFormat JSON and ApplicationLogLevel make Lambda set these; the runtime client then
            // writes JSON lines and drops the functions' lines below the level.
            variables.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            variables.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
            return variables;
        }

        /** SendRefreshFunction's own Environment in template.yaml, pointed at moto's schedule group and bus. */
        private static Map<String, String> refreshVariables() {
            return Map.of(
                    "REFRESH_FOLLOW_UPS", "PT15M,PT1H,PT24H",
                    "REFRESH_SCHEDULE_GROUP", AwsResources.DEFAULT_SCHEDULE_GROUP,
                    "REFRESH_SCHEDULER_ROLE_ARN", AwsResources.SCHEDULER_ROLE_ARN,
                    "REFRESH_EVENT_BUS_ARN", AwsResources.EVENT_BUS_ARN);
        }

        private void requireKnown(String function) {
            if (!handlers.containsKey(function)) {
                throw new IllegalArgumentException("Unknown function '" + function + "'; known: " + handlers.keySet());
            }
        }
    }
}
