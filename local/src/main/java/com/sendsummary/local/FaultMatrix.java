package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code make faults}: the fault matrix. The real HTTP function runs in the Lambda emulator against moto (behind the
 * {@link AwsFaultProxy}) and the SFMC simulator; each case injects one fault, sends one request (or a burst, for the
 * concurrency cases) and records what a caller saw, what SFMC and DynamoDB received and what the table holds after.
 * {@code FaultMatrixIT} runs the same cases and asserts every row's expectation.
 *
 * <p>The HTTP function runs with a {@value #FUNCTION_TIMEOUT_SECONDS} s timeout (the template has 30 s) so that the
 * cases past the deadline take seconds, not half a minute each: the deadline comes from the Lambda context, so the
 * mechanism is the same. {@code SECRET_MAX_AGE_SECONDS} is 1, so the secret is read again within a case.
 */
public final class FaultMatrix {
    static final int FUNCTION_TIMEOUT_SECONDS = 8;
    static final int JOB_ID = 910001;
    static final String KEY = "SUMMARY#default#" + JOB_ID;
    /** The simulator's oversized answers: generated while sent, refused by the function after at most 64 MiB. */
    static final long OVERSIZED_BYTES = 8L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Read from template.yaml once: the calls of a burst should not each parse it. */
    private static final List<ApiRoute> ROUTES = LocalEnvironment.routes();

    /** What the table should hold for the case's key afterwards. */
    public enum Stored {
        /** the copy seeded before the case, untouched */
        KEPT,
        /** a copy fetched during the case, with the simulator's numbers */
        FRESH,
        /** no item (nothing was cached) */
        ABSENT,
        /** a copy fetched during the case, or the seeded one when there was one */
        FRESH_OR_KEPT
    }

    /**
     * One row of the matrix.
     *
     * @param outcome    the {@code error} code, or {@code cache.status} (with {@code :reason} when stale)
     * @param sfmc       SFMC requests by operation ({@code token}, {@code Retrieve:Send}, ...)
     * @param puts       DynamoDB writes the function made (PutItem and UpdateItem: data, leases, tokens)
     * @param changed    data items (summaries, not-founds) the function changed
     * @param millis     longest response time of the case
     * @param inContract every answer was ours: a summary, or {@code {"error","message"}} JSON
     * @param expected   what the case expects, as {@code status outcome}
     */
    public record Row(String fault, boolean staleCopy, int status, String outcome, Map<String, Integer> sfmc,
                      long puts, int changed, String stored, boolean storedCorrect, long millis, boolean inContract,
                      String expected, boolean matches, String note) {
        public boolean ok() {
            return matches && storedCorrect && inContract;
        }
    }

    /**
     * A single-request case: {@code prepare} the container (not counted), arm a fault, call the route once, compare
     * with the expectation. {@code freshJvm}: the call runs in a new container (after the stale copy is seeded).
     */
    record Case(String fault, boolean staleCopy, Consumer<LocalEnvironment> prepare, Consumer<LocalEnvironment> arm,
                String path, int status, String outcome, Stored stored, boolean freshJvm) {
        Case(String fault, boolean staleCopy, Consumer<LocalEnvironment> arm, String path, int status, String outcome,
             Stored stored, boolean freshJvm) {
            this(fault, staleCopy, env -> { }, arm, path, status, outcome, stored, freshJvm);
        }
    }

    /** A successful call on another send: the container has read the secret and holds a token. */
    private static void warmOnAnotherSend(LocalEnvironment env) {
        call(env.http(), "/sends/910003/summary");
    }

    private final LocalEnvironment env;
    private final PrintStream log;

    FaultMatrix(LocalEnvironment env, PrintStream log) {
        this.env = env;
        this.log = log;
    }

    /** The environment the single-request and 20-container cases run in. */
    public static LocalEnvironment.Builder environment() {
        return LocalEnvironment.builder()
                .withAwsFaultProxy()
                .timeoutSeconds(LocalEnvironment.HTTP, FUNCTION_TIMEOUT_SECONDS)
                .functionEnv(LocalEnvironment.HTTP, Map.of("SECRET_MAX_AGE_SECONDS", "1"));
    }

    /** The environment of the token case: tokens that live {@code tokenTtlSeconds}. */
    public static LocalEnvironment.Builder tokenEnvironment(int tokenTtlSeconds) {
        return LocalEnvironment.builder()
                .simulatorArguments(List.of("--token-ttl-seconds", Integer.toString(tokenTtlSeconds)));
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (boolean stale : new boolean[] {false, true}) {
            String none = stale ? "stale:" : "";
            int ok = 200;
            Stored kept = stale ? Stored.KEPT : Stored.ABSENT;
            cases.add(new Case("SFMC delay past the deadline", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"delay\",\"delayMillis\":9000}"),
                    summary(), stale ? ok : 504, stale ? none + "sfmc_timeout" : "sfmc_timeout", kept, false));
            cases.add(new Case("SFMC trickling its answer", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"trickle\",\"delayMillis\":400,"
                            + "\"chunkBytes\":16}"),
                    summary(), stale ? ok : 504, stale ? none + "sfmc_timeout" : "sfmc_timeout", kept, false));
            cases.add(new Case("SFMC HTTP 500 (throttling)", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"http500\"}"),
                    summary(), stale ? ok : 503, stale ? none + "sfmc_throttled" : "sfmc_throttled", kept, false));
            cases.add(new Case("SOAP fault, retryable (apifault 2)", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"soapFault\",\"apiFaultCode\":2}"),
                    summary(), stale ? ok : 503, stale ? none + "sfmc_unavailable" : "sfmc_unavailable", kept,
                    false));
            cases.add(new Case("SOAP fault, not retryable (apifault 1)", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"soapFault\",\"apiFaultCode\":1}"),
                    summary(), 502, "sfmc_error", kept, false));
            cases.add(new Case("OverallStatus Error: Timeout expired", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"errorStatus\"}"),
                    summary(), stale ? ok : 503, stale ? none + "sfmc_unavailable" : "sfmc_unavailable", kept,
                    false));
            cases.add(new Case("OverallStatus Error: rejected", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"errorStatus\","
                            + "\"message\":\"Error: The Request Property(s) Foo do not match\"}"),
                    summary(), 502, "sfmc_error", kept, false));
            cases.add(new Case("malformed SOAP body", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"malformed\"}"),
                    summary(), stale ? ok : 503, stale ? none + "sfmc_unavailable" : "sfmc_unavailable", kept,
                    false));
            cases.add(new Case("oversized SOAP answer (8 GiB)", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"oversized\","
                            + "\"sizeBytes\":" + OVERSIZED_BYTES + "}"),
                    summary(), stale ? ok : 503, stale ? none + "sfmc_unavailable" : "sfmc_unavailable", kept,
                    false));
            cases.add(new Case("oversized token answer (8 GiB)", stale, e -> {
                e.simulator().expireTokens();
                fault(e, "{\"match\":{\"operation\":\"token\"},\"action\":\"oversized\",\"sizeBytes\":"
                        + OVERSIZED_BYTES + "}");
            }, summary(), stale ? ok : 503, stale ? none + "sfmc_unavailable" : "sfmc_unavailable", kept, true));
            cases.add(new Case("token endpoint down (HTTP 500)", stale, e -> {
                e.simulator().expireTokens();
                fault(e, "{\"match\":{\"operation\":\"token\"},\"action\":\"http500\"}");
            }, summary(), stale ? ok : 503, stale ? none + "sfmc_throttled" : "sfmc_throttled", kept, true));
            cases.add(new Case("token expired mid-call", stale, FaultMatrix::warmOnAnotherSend,
                    e -> e.simulator().expireTokens(), summary(), 200, "miss", Stored.FRESH, false));
            cases.add(new Case("SFMC refuses the credentials", stale,
                    e -> fault(e, "{\"match\":{\"objectType\":\"Send\"},\"action\":\"authFault\"}"),
                    summary(), 502, "sfmc_authentication_failed", kept, false));
            cases.add(new Case("Secrets Manager unreachable, first read", stale,
                    e -> e.awsFaultProxy().fail(AwsFaultProxy.Target.SECRETS_MANAGER),
                    summary(), stale ? ok : 503, stale ? none + "aws_unavailable" : "aws_unavailable", kept, true));
            cases.add(new Case("Secrets Manager unreachable, after a read", stale, FaultMatrix::warmOnAnotherSend,
                    e -> {
                sleep(Duration.ofMillis(1_100));   // past SECRET_MAX_AGE_SECONDS: the function reads it again
                e.awsFaultProxy().fail(AwsFaultProxy.Target.SECRETS_MANAGER);
            }, summary(), 200, "miss", Stored.FRESH, false));
            cases.add(new Case("DynamoDB unreachable for reads", stale,
                    e -> e.awsFaultProxy().fail(AwsFaultProxy.Target.DYNAMODB_READS),
                    summary(), 503, "aws_unavailable", kept, false));
            cases.add(new Case("DynamoDB unreachable for writes", stale,
                    e -> e.awsFaultProxy().fail(AwsFaultProxy.Target.DYNAMODB_WRITES),
                    summary(), stale ? ok : 503, stale ? none + "aws_unavailable" : "aws_unavailable", kept, false));
        }
        cases.add(new Case("item with a fetchedAt a year ahead", false, e -> seed(e, KEY,
                Instant.now().plus(Duration.ofDays(365)), Instant.now().plus(Duration.ofDays(366)), "from the future"),
                summary(), 200, "miss", Stored.FRESH, false));
        cases.add(new Case("notFound racing a good summary", false, e -> seed(e, "SUMMARY#default#999999",
                Instant.now().minusSeconds(300), Instant.now().plusSeconds(3600), "good summary"),
                "/sends/999999/summary?refresh=true", 200, "hit", Stored.KEPT, false));
        return cases;
    }

    private static String summary() {
        return "/sends/" + JOB_ID + "/summary";
    }

    /** Runs every single-request case, then the 20-container case; one row each. */
    List<Row> runSingleCases() {
        List<Row> rows = new ArrayList<>();
        for (Case c : cases()) {
            Row row = run(c);
            rows.add(row);
            log.println(format(row));
        }
        return rows;
    }

    Row run(Case c) {
        AwsFaultProxy proxy = env.awsFaultProxy();
        proxy.healAll();
        env.simulator().reset();
        env.table().clear();
        String key = c.path().contains("999999") ? "SUMMARY#default#999999" : KEY;
        Optional<Map<String, AttributeValue>> seeded = Optional.empty();
        if (c.staleCopy()) {
            call(env.http(), summary());                    // a real copy, then expired: servable stale
            expire(env, KEY);
            seeded = env.table().cached(KEY);
        }
        if (c.freshJvm()) {
            env.http().restart();   // a new container: no secret, token or failure memory in it
        }
        c.prepare().accept(env);
        proxy.resetCounts();
        env.simulator().reset();
        Instant started = Instant.now();
        c.arm().accept(env);
        if (!c.staleCopy()) {
            seeded = env.table().cached(key);               // what the case seeded itself, if anything
        }
        Map<String, Map<String, AttributeValue>> before = dataItems(env);
        Answer answer = call(env.http(), c.path());
        proxy.healAll();
        Map<String, Map<String, AttributeValue>> after = dataItems(env);
        String stored = describe(after.get(key), seeded, started);
        boolean storedCorrect = switch (c.stored()) {
            case KEPT -> seeded.isPresent() ? "kept".equals(stored) : "absent".equals(stored);
            case FRESH -> "fresh".equals(stored);
            case ABSENT -> "absent".equals(stored);
            case FRESH_OR_KEPT -> "fresh".equals(stored) || "kept".equals(stored);
        };
        int expectedStatus = c.status();
        Row row = new Row(c.fault(), c.staleCopy(), answer.status(), answer.outcome(), sfmcCounts(env),
                puts(proxy), changed(before, after), stored, storedCorrect, answer.millis(), answer.inContract(),
                expectedStatus + " " + c.outcome(),
                answer.status() == expectedStatus && answer.outcome().equals(c.outcome()), "");
        if (c.freshJvm()) {
            env.http().restart();   // a token failure is remembered in the JVM for 5 s: start the next case clean
        }
        return row;
    }

    /**
     * {@code count} containers (separate emulators, warm JVMs) miss the same JobID at the same moment; SFMC answers
     * the Send after {@code sfmcDelayMillis}. With {@code sfmcClientsReady}, each container has called SFMC before
     * (its SFMC client is built, the token shared): the herd of a hot item expiring. Without, no container has: the
     * winner pays for building its SFMC client while the others wait.
     */
    Row concurrentColdMisses(List<LambdaEmulator> containers, int sfmcDelayMillis, boolean sfmcClientsReady)
            throws Exception {
        env.awsFaultProxy().healAll();
        env.table().clear();
        env.simulator().reset();
        // Warm every container on a cached item (no SFMC call), so the burst measures misses, not JVM starts; two at
        // a time, since twenty cold JVMs at once on two cores would not start within the function timeout.
        seed(env, "SUMMARY#default#910003", Instant.now(), Instant.now().plusSeconds(3600), "warm-up");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Answer>> warm = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                LambdaEmulator container = containers.get(i);
                // An unknown JobID per container is an SFMC call each (answered 404); a cached send is none.
                String path = sfmcClientsReady ? "/sends/" + (990_000 + i) + "/summary" : "/sends/910003/summary";
                warm.add(pool.submit(() -> call(container, path)));
            }
            for (Future<Answer> future : warm) {
                Answer answer = future.get();
                if (!answer.inContract()) {
                    throw new IllegalStateException("A container did not warm up: " + answer.body());
                }
            }
        }
        env.table().clear();
        env.simulator().reset();
        env.awsFaultProxy().resetCounts();
        fault(env, "{\"match\":{\"objectType\":\"Send\",\"id\":" + JOB_ID + "},\"action\":\"delay\",\"delayMillis\":"
                + sfmcDelayMillis + "}");
        Instant started = Instant.now();
        Map<String, Map<String, AttributeValue>> before = dataItems(env);
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> burst = new ArrayList<>();
            for (LambdaEmulator container : containers) {
                burst.add(pool.submit(() -> call(container, summary())));
            }
            for (Future<Answer> future : burst) {
                answers.add(future.get());
            }
        }
        Map<String, Long> outcomes = new TreeMap<>();
        answers.forEach(a -> outcomes.merge(a.status() + " " + a.outcome(), 1L, Long::sum));
        boolean allOk = answers.stream().allMatch(a -> a.status() == 200);
        // Without ready clients, waiting longer than LEASE_WAIT_MS for the winner is answered 503 sfmc_busy. With ready
        // clients every caller should get the winner's copy; a 503 sfmc_busy is still the contract when the winner
        // really took longer than the wait (a machine too busy to finish one miss in LEASE_WAIT_MS), never sooner.
        long leaseWaitMs = Long.parseLong(containers.getFirst().function().environment().get("LEASE_WAIT_MS"));
        boolean allAcceptable = answers.stream().allMatch(a -> a.status() == 200
                || a.status() == 503 && a.outcome().equals("sfmc_busy")
                && (!sfmcClientsReady || a.millis() >= leaseWaitMs));
        long misses = answers.stream().filter(a -> a.outcome().equals("miss")).count();
        String stored = describe(dataItems(env).get(KEY), Optional.empty(), started);
        Row row = new Row(containers.size() + " containers miss one JobID at once"
                + (sfmcClientsReady ? "" : ", SFMC clients not built"), false,
                allOk ? 200 : answers.stream().mapToInt(Answer::status).max().orElse(0), outcomes.toString(),
                sfmcCounts(env), puts(env.awsFaultProxy()), changed(before, dataItems(env)), stored,
                "fresh".equals(stored),
                answers.stream().mapToLong(Answer::millis).max().orElse(0),
                answers.stream().allMatch(Answer::inContract),
                sfmcClientsReady ? "200 all (503 sfmc_busy only after LEASE_WAIT_MS), 1 Retrieve"
                        : "200 or 503 sfmc_busy, 1 Retrieve",
                allAcceptable && misses == 1 && sfmcCounts(env).getOrDefault("Retrieve:Send", 0) == 1,
                "1 miss, " + answers.stream().filter(a -> a.outcome().equals("hit")).count()
                        + " served the winner's copy");
        log.println(format(row));
        return row;
    }

    /**
     * {@code containers} separate emulators call the events route (a Retrieve each time, so each needs a token)
     * every {@code interval} for {@code duration}, with tokens that live {@code tokenTtl}.
     */
    static Row sharedTokens(LocalEnvironment tokenEnv, List<LambdaEmulator> containers, Duration tokenTtl,
                            Duration duration, Duration interval, PrintStream log) throws Exception {
        call(tokenEnv.http(), summary());   // caches the summary the events route checks the send with
        tokenEnv.simulator().reset();
        Instant end = Instant.now().plus(duration);
        List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LambdaEmulator container : containers) {
                pool.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        answers.add(call(container, "/sends/" + JOB_ID + "/events?type=open&limit=1"));
                        sleep(interval);
                    }
                    return null;
                });
            }
        }
        int tokens = tokenEnv.simulator().requests().token();
        long lifetimes = duration.toMillis() / tokenTtl.toMillis();
        // OAuthTokenSource refreshes a token of less than 10 minutes at half its life.
        long refreshes = (duration.toMillis() + tokenTtl.toMillis() / 2 - 1) / (tokenTtl.toMillis() / 2);
        boolean allOk = answers.stream().allMatch(a -> a.status() == 200);
        Row row = new Row(containers.size() + " containers, " + duration.toSeconds() + " s of " + tokenTtl.toSeconds()
                + " s tokens", false, allOk ? 200 : answers.stream().mapToInt(Answer::status).max().orElse(0),
                answers.size() + " answers", Map.of("token", tokens), 0, 0, "-", true,
                answers.stream().mapToLong(Answer::millis).max().orElse(0),
                answers.stream().allMatch(Answer::inContract),
                "200 all, tokens <= " + (refreshes + 1),
                allOk && tokens <= refreshes + 1,
                lifetimes + " token lifetimes; without sharing each container fetches its own: about "
                        + containers.size() * refreshes);
        log.println(format(row));
        return row;
    }

    /** One answer as the caller saw it. */
    record Answer(int status, String outcome, long millis, boolean inContract, String body) {
    }

    static Answer call(LambdaEmulator container, String pathAndQuery) {
        HttpApiEvent.Request request = HttpApiEvent.Request.get(pathAndQuery);
        ApiRoute route = ROUTES.stream()
                .filter(r -> r.match("GET", request.rawPath()).isPresent()).findFirst().orElseThrow();
        String event = HttpApiEvent.build(request, route, route.match("GET", request.rawPath()).orElseThrow())
                .toString();
        long start = System.nanoTime();
        Invocation invocation = container.invoke(event);
        long millis = (System.nanoTime() - start) / 1_000_000;
        HttpApiResponse response = HttpApiResponse.from(invocation);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            json = JSON.createObjectNode();
        }
        boolean error = json.hasNonNull("error") && json.hasNonNull("message");
        boolean data = json.has("jobId");
        String outcome = error ? json.path("error").asText()
                : json.path("cache").path("status").asText("")
                        + (json.path("cache").hasNonNull("staleReason")
                                ? ":" + json.path("cache").path("staleReason").asText() : "");
        if (outcome.isEmpty()) {
            outcome = data ? "ok" : "not ours: " + body;
        }
        return new Answer(response.statusCode(), outcome, millis, !invocation.functionError() && (error || data),
                body);
    }

    private static void fault(LocalEnvironment env, String rule) {
        env.simulator().addFault(rule);
    }

    private static void expire(LocalEnvironment env, String key) {
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        env.dynamoDb().updateItem(u -> u.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("SET freshUntil = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(past)))));
    }

    static void seed(LocalEnvironment env, String key, Instant fetchedAt, Instant expiresAt, String emailName) {
        int jobId = Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
        env.dynamoDb().putItem(p -> p.tableName(env.table().name()).item(Map.of(
                "pk", AttributeValue.fromS(key),
                "kind", AttributeValue.fromS("summary"),
                "payload", AttributeValue.fromS("{\"jobId\":" + jobId + ",\"emailName\":\"" + emailName
                        + "\",\"numberSent\":1}"),
                "fetchedAt", AttributeValue.fromN(Long.toString(fetchedAt.toEpochMilli())),
                "freshUntil", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())),
                "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.plus(Duration.ofDays(7)).getEpochSecond())))));
    }

    private static Map<String, Map<String, AttributeValue>> dataItems(LocalEnvironment env) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        env.table().cachedItems().forEach(item -> items.put(item.get("pk").s(), item));
        return items;
    }

    private static int changed(Map<String, Map<String, AttributeValue>> before,
                               Map<String, Map<String, AttributeValue>> after) {
        int changed = 0;
        for (Map.Entry<String, Map<String, AttributeValue>> item : after.entrySet()) {
            if (!item.getValue().equals(before.get(item.getKey()))) {
                changed++;
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                changed++;
            }
        }
        return changed;
    }

    /** {@code kept}, {@code fresh}, {@code absent}, or what is wrong with the item. */
    private static String describe(Map<String, AttributeValue> item, Optional<Map<String, AttributeValue>> seeded,
                                   Instant caseStart) {
        if (item == null) {
            return "absent";
        }
        if (seeded.isPresent() && item.equals(seeded.get())) {
            return "kept";
        }
        String kind = item.get("kind").s();
        long fetchedAt = Long.parseLong(item.get("fetchedAt").n());
        boolean recent = fetchedAt >= caseStart.toEpochMilli() && fetchedAt <= Instant.now().toEpochMilli();
        if ("summary".equals(kind) && recent && item.containsKey("payload")
                && item.get("payload").s().contains("\"numberSent\":25000")
                && Long.parseLong(item.get("freshUntil").n()) > Instant.now().getEpochSecond()) {
            return "fresh";
        }
        return "WRONG(" + kind + (recent ? "" : ", fetchedAt " + Instant.ofEpochMilli(fetchedAt)) + ")";
    }

    private static Map<String, Integer> sfmcCounts(LocalEnvironment env) {
        SimulatorRequests requests = env.simulator().requests();
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (requests.token() > 0) {
            counts.put("token", requests.token());
        }
        requests.retrieve().forEach((type, n) -> counts.put("Retrieve:" + type, n));
        return counts;
    }

    private static long puts(AwsFaultProxy proxy) {
        return proxy.count("DynamoDB_20120810.PutItem") + proxy.count("DynamoDB_20120810.UpdateItem");
    }

    static String header() {
        return String.format("%-44s %-6s %-6s %-30s %-34s %-4s %-4s %-8s %-7s %-8s %s",
                "fault", "copy", "status", "error / cache.status", "SFMC requests", "writes", "chg", "stored",
                "ms", "contract", "expected");
    }

    static String format(Row row) {
        return String.format("%-44s %-6s %-6d %-30s %-34s %-4d %-4d %-8s %-7d %-8s %s%s%s",
                row.fault(), row.staleCopy() ? "stale" : "none", row.status(), row.outcome(),
                row.sfmc().isEmpty() ? "-" : row.sfmc().toString(), row.puts(), row.changed(),
                row.stored() + (row.storedCorrect() ? "" : "!"), row.millis(), row.inContract() ? "ours" : "NOT OURS",
                row.expected(), row.ok() ? "  ok" : "  MISMATCH", row.note().isEmpty() ? "" : "  (" + row.note() + ")");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs everything and prints the table and the figures the resilience issue asks for. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        List<Row> rows = new ArrayList<>();
        LambdaFunction http;
        try (LocalEnvironment env = environment().start()) {
            http = env.http().function();
            out.println("Fault matrix: HTTP function (" + LambdaJavaRuntime.RUNTIME + ", " + http.memoryMb()
                    + " MB, timeout " + http.timeoutSeconds() + " s) in the Lambda emulator, moto behind a fault proxy,"
                    + " the SFMC simulator; GET " + summary());
            out.println(header());
            FaultMatrix matrix = new FaultMatrix(env, out);
            rows.addAll(matrix.runSingleCases());
            List<LambdaEmulator> twenty = env.startInstances(LocalEnvironment.HTTP, 20);
            rows.add(matrix.concurrentColdMisses(twenty, 500, false));
            rows.add(matrix.concurrentColdMisses(twenty, 500, true));
        }
        Duration ttl = Duration.ofSeconds(12);
        try (LocalEnvironment tokenEnv = tokenEnvironment((int) ttl.toSeconds()).start()) {
            List<LambdaEmulator> containers = new ArrayList<>(List.of(tokenEnv.http()));
            containers.addAll(tokenEnv.startInstances(LocalEnvironment.HTTP, 4));
            rows.add(sharedTokens(tokenEnv, containers, ttl, ttl.multipliedBy(3), Duration.ofMillis(500), out));
        }
        out.println();
        summarize(rows, http, out);
        if (rows.stream().anyMatch(row -> !row.ok())) {
            System.exit(1);
        }
    }

    /** The figures of {@code rows}; {@code http}: the HTTP function of the single-request cases. */
    static void summarize(List<Row> rows, LambdaFunction http, PrintStream out) {
        long staleCases = rows.stream().filter(r -> r.staleCopy() && r.expected().startsWith("200 stale:")).count();
        long staleServed = rows.stream().filter(r -> r.staleCopy() && r.expected().startsWith("200 stale:")
                && r.status() == 200 && r.outcome().startsWith("stale:")).count();
        long wrongStored = rows.stream().filter(r -> !r.storedCorrect()).count();
        long notOurs = rows.stream().filter(r -> !r.inContract()).count();
        // The token case runs in its own environment, with the template's 30 s timeout and cold starts under load.
        long longest = rows.stream().filter(r -> !r.fault().contains("tokens")).mapToLong(Row::millis).max().orElse(0);
        out.printf("rows: %d, as expected: %d%n", rows.size(), rows.stream().filter(Row::ok).count());
        rows.stream().filter(r -> r.fault().contains("containers miss")).forEach(r ->
                out.printf("SOAP Retrieves of Send for %s: %d (goal 1)%n", r.fault(),
                        r.sfmc().getOrDefault("Retrieve:Send", 0)));
        rows.stream().filter(r -> r.fault().contains("tokens")).forEach(r ->
                out.printf("token requests, %s: %d (%s)%n", r.fault(), r.sfmc().getOrDefault("token", 0), r.note()));
        out.printf("stale answers where a copy existed and the failure was retryable: %d of %d%n", staleServed,
                staleCases);
        out.printf("wrong or lost stored items, cached errors: %d%n", wrongStored);
        // The function's own default when the template does not set the margin.
        long marginMillis = Long.parseLong(http.environment().getOrDefault("DEADLINE_MARGIN_MS", "1000"));
        out.printf("answers outside our contract: %d; longest answer %d ms (function timeout %d s, deadline %d ms)%n",
                notOurs, longest, http.timeoutSeconds(), http.timeoutSeconds() * 1000L - marginMillis);
    }
}
