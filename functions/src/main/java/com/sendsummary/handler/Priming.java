package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.Config;
import com.sendsummary.engagement.EngagementSettings;
import com.sendsummary.priming.LoopbackServices;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendSummary;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Runs a function's cache-miss and cache-hit paths once before SnapStart's snapshot, so that a restored container
 * starts with their classes loaded and initialised and their code compiled, instead of paying for that on its first
 * invocation: the handler (request parsing, cache-aside, JSON of the summary, the response and the log line), the
 * DynamoDB and Secrets Manager clients (requests marshalled, signed, sent and answered, answers unmarshalled), the
 * SFMC client (the CXF port built, a {@code Retrieve} marshalled, sent and its answer unmarshalled; a token fetched
 * over java.net.http) and TLS (the default context, a ClientHello).
 *
 * <p>Nothing leaves the sandbox: the priming's own AWS clients and SFMC secret point at {@link LoopbackServices}, which
 * answers AWS from memory and SFMC with canned answers on 127.0.0.1, and its AWS credentials are dummies. The container's own clients are
 * not touched: they hold no connection, credentials, token or secret at the snapshot. Everything the priming built is
 * closed before it returns.
 *
 * <p>{@code afterRestore}: the first invocation of a restored container is its cold start (its caller waited for the
 * restore). Nothing else needs re-creating: randomness comes from SecureRandom, which mixes in fresh
 * /dev/urandom bytes on every draw, and no clock reading or id taken at init is kept.
 *
 * <p>{@code INIT_PRIMING=true} runs the same priming at the end of the init instead (provisioned concurrency, and
 * the local runner's measurements, where no snapshot is taken). A failed priming is logged and ignored: the function
 * works unprimed, only slower.
 */
final class Priming implements Resource {
    /** org.crac holds its resources weakly: these references keep them. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();
    /** Each path is run this many times: classes load on the first run, the later ones warm the compiled code. */
    static final int ROUNDS = 3;

    private final String function;
    private final Runnable paths;
    /** Whether TLS is primed too (not beside an init, which builds the HTTP client's TLS context itself). */
    private final boolean tls;

    private Priming(String function, Runnable paths, boolean tls) {
        this.function = function;
        this.paths = paths;
        this.tls = tls;
    }

    /** Registers the function's priming as a SnapStart runtime hook, and runs it now when {@code INIT_PRIMING} asks. */
    static void register(String function, Config config, Runnable paths) {
        Priming priming = new Priming(function, paths, true);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        if (config.initPriming()) {
            priming.run("init");
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        run("beforeCheckpoint");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        Invocation.resetColdStart();
    }

    private void run(String phase) {
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            paths.run();
            if (tls) {
                tls();
            }
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        } finally {
            Invocation.resetColdStart();
        }
        ObjectNode line = Log.fields().put("function", function).put("phase", phase)
                .put("durationMs", (System.nanoTime() - started) / 1_000_000);
        if (failure == null) {
            Log.info("priming", line);
        } else {
            Log.warn("priming", line.put("error", failure.getClass().getName())
                    .put("detail", String.valueOf(failure.getMessage())));
        }
    }

    /**
     * Starts {@code path} on a background thread when this init is followed neither by a snapshot (SnapStart primes
     * everything before it) nor by the full priming ({@code INIT_PRIMING}): an on-demand or provisioned-concurrency
     * init. The path then loads and runs its classes on a second core while the init builds the container's own
     * clients, instead of on the first invocation. {@link InitPath#await} ends it before the first invocation.
     */
    static InitPath startAtInit(String function, Map<String, String> environment, Consumer<Config> path) {
        Config config;
        try {
            config = Config.fromEnvironment(environment);
        } catch (RuntimeException misconfigured) {
            return InitPath.NONE;   // the init itself reports it
        }
        if (config.initPriming() || SNAP_START.equals(environment.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            return InitPath.NONE;
        }
        Priming priming = new Priming(function, () -> path.accept(config), false);
        Thread thread = Thread.ofPlatform().name("priming-" + function).daemon()
                .unstarted(() -> priming.run("init-hit"));
        thread.start();
        return new InitPath(thread);
    }

    /** The {@code AWS_LAMBDA_INITIALIZATION_TYPE} of an init that SnapStart snapshots. */
    static final String SNAP_START = "snap-start";

    /** The hit path started at init: the init waits for it, so that it never runs beside an invocation. */
    record InitPath(Thread thread) {
        static final InitPath NONE = new InitPath(null);
        /** The longest the init waits for it; past that the function starts anyway (the path only warms). */
        static final Duration WAIT = Duration.ofSeconds(5);

        void await() {
            if (thread == null) {
                return;
            }
            try {
                thread.join(WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Invocation.resetColdStart();
        }
    }

    /**
     * What a summary hit adds to its DynamoDB read, without the read: the event parsed, the request's parameters, the
     * cached summary read from its JSON, the answer (headers, ETag, JSON) written and the log line and metrics, through
     * the handler's stream entry point {@link #ROUNDS} times. No client is built and nothing is contacted, so it costs
     * the init no memory to speak of; the AWS client's first call stays on the first invocation.
     */
    static void httpJson(Config config) {
        HttpSendSummaryHandler handler = new HttpSendSummaryHandler(Map.of(HttpSendSummaryHandler.SUMMARY_ROUTE,
                event -> {
                    SummaryRequest.from(event);
                    try {
                        return Json.MAPPER.readValue(STORED_HIT, SendSummary.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), config.deadlineMargin());
        for (int round = 1; round <= ROUNDS; round++) {
            expect(invoke(handler, summaryEvent(1), context("hit")), CacheInfo.HIT);
        }
    }

    /** A summary as the cache holds it, with the cache block a hit adds. */
    private static final String STORED_HIT = """
            {"jobId":1,"clientId":null,"emailName":"Priming","subject":"Priming","fromName":"Priming",\
            "fromAddress":"priming@example.com","status":"Complete","sentDate":"2026-01-01T10:00:00Z",\
            "sendDate":"2026-01-01T09:55:00Z","numberSent":1000,"numberDelivered":990,"numberTargeted":1000,\
            "numberErrored":10,"numberExcluded":0,"uniqueOpens":400,"uniqueClicks":100,"hardBounces":5,\
            "softBounces":3,"otherBounces":2,"unsubscribes":4,"forwardedEmails":1,"existingUndeliverables":0,\
            "existingUnsubscribes":0,"missingAddresses":0,"invalidAddresses":0,"duplicates":0,\
            "rates":{"delivery":0.99,"open":0.404,"click":0.101,"bounce":0.01,"unsubscribe":0.004},\
            "cache":{"status":"hit","fetchedAt":"2026-01-01T10:05:00Z","expiresAt":"2099-01-01T00:00:00Z"}}""";

    /** The HTTP function: {@code GET /sends/{jobId}/summary}, a miss then a hit, {@link #ROUNDS} times. */
    static void http(Config config) {
        try (Stand stand = new Stand(config)) {
            HttpSendSummaryHandler handler =
                    new HttpSendSummaryHandler(HttpSendSummaryHandler.routes(stand.wiring.httpServices()),
                            config.deadlineMargin());
            for (int round = 1; round <= ROUNDS; round++) {
                expect(invoke(handler, summaryEvent(round), context("miss")), CacheInfo.MISS);
                expect(invoke(handler, summaryEvent(round), context("hit")), CacheInfo.HIT);
            }
        }
    }

    /** The refresh function: a {@code SendCompleted} refreshes (and schedules its follow-ups), a repeat is skipped. */
    static void refresh(Config config, Config.Refresh refresh) {
        try (Stand stand = new Stand(config)) {
            Wiring wiring = stand.wiring;
            SendCompletedRefreshHandler handler = new SendCompletedRefreshHandler(wiring.summaryService(),
                    config.refreshMinInterval(), wiring.followUpScheduler(refresh), wiring.clock(),
                    config.deadlineMargin(), config.businessUnits(), Optional.empty());
            for (int round = 1; round <= ROUNDS; round++) {
                String event = "{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"SendCompleted\","
                        + "\"source\":\"sfmc.send-summary\",\"time\":\"" + wiring.clock().instant() + "\","
                        + "\"detail\":{\"jobId\":" + round + "}}";
                for (String expected : List.of("refreshed", "skipped_recent")) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                                context(expected));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    String status = readTree(out.toByteArray()).path("status").asText();
                    // REFRESH_MIN_INTERVAL_SECONDS=0 refreshes every time.
                    if (!status.equals(expected) && !status.equals("refreshed")) {
                        throw new IllegalStateException("priming refresh answered " + out);
                    }
                }
            }
        }
    }

    /**
     * The function's collaborators on the stand-ins: the same configuration (table, timeouts, TTLs), a URLConnection
     * HTTP client of its own sending every AWS call to {@link LoopbackServices}, static dummy credentials, and an
     * SFMC secret naming the loopback SFMC (so loopback URLs are allowed for this wiring alone).
     */
    private static final class Stand implements AutoCloseable {
        private final LoopbackServices services;
        private final SdkHttpClient http;
        private final Wiring wiring;

        Stand(Config config) {
            String[] sfmcSecret = new String[1];
            services = LoopbackServices.start(id -> Objects.equals(id, config.secretId()) ? sfmcSecret[0]
                    : "priming-cursor-key-0123456789abcdef0123456789abcdef0123456789abcdef");
            sfmcSecret[0] = Json.MAPPER.createObjectNode()
                    .put("clientId", "priming").put("clientSecret", "priming").put("accountId", 100001)
                    .put("authBaseUri", services.sfmcAuthBaseUri().toString())
                    .put("soapBaseUri", services.sfmcSoapBaseUri().toString()).toString();
            http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build();
            wiring = Wiring.create(config, EngagementSettings.fromEnvironment(java.util.Map.of()), http,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPRIMING", "priming")),
                    Optional.of(services.awsEndpoint()), Clock.systemUTC(), true);
        }

        @Override
        public void close() {
            wiring.close();
            http.close();
            services.close();
        }
    }

    /** The handler's answer to {@code event}, through its JSON entry point both ways, as Lambda calls it. */
    private static APIGatewayV2HTTPResponse invoke(HttpSendSummaryHandler handler, APIGatewayV2HTTPEvent event,
                                                   Context context) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, context);
            return Json.MAPPER.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(APIGatewayV2HTTPResponse response, String cacheStatus) {
        JsonNode body = readTree(response.getBody().getBytes(StandardCharsets.UTF_8));
        if (response.getStatusCode() != 200 || !cacheStatus.equals(body.path("cache").path("status").asText())) {
            throw new IllegalStateException("priming expected a " + cacheStatus + " but got "
                    + response.getStatusCode() + " " + response.getBody());
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default TLS context (trust store read) and a ClientHello (key shares generated), without a peer. */
    private static void tls() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("priming.invalid", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            engine.closeOutbound();
            HttpsURLConnection.getDefaultSSLSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS priming failed: " + e.getMessage(), e);
        }
    }

    private static APIGatewayV2HTTPEvent summaryEvent(int jobId) {
        String path = "/sends/" + jobId + "/summary";
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(HttpSendSummaryHandler.SUMMARY_ROUTE)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json", "user-agent", "priming"))
                .withPathParameters(Map.of("jobId", Integer.toString(jobId)))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("priming")
                        .withRouteKey(HttpSendSummaryHandler.SUMMARY_ROUTE)
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("priming").build())
                        .build())
                .build();
    }

    /** An invocation context whose logger drops the priming's log lines and metrics. */
    static Context context(String requestId) {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "priming-" + requestId;
            }

            @Override
            public String getLogGroupName() {
                return "priming";
            }

            @Override
            public String getLogStreamName() {
                return "priming";
            }

            @Override
            public String getFunctionName() {
                return "priming";
            }

            @Override
            public String getFunctionVersion() {
                return "priming";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:000000000000:function:priming";
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return 30_000;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return DISCARD;
            }
        };
    }

    private static final LambdaLogger DISCARD = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }
    };
}
