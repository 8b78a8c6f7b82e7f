package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code make bench-engagement}: the background engagement of a large send (990001 of the simulator's
 * {@code large-send.json}, 1,527,300 lazy events) measured end to end on the sam build, once from nothing (a full
 * pass) and once after new and late events were added (an incremental pass, {@code refresh=true}), each checked
 * against the simulator's oracle ({@code GET /admin/truth/engagement}).
 *
 * <p>Arguments (all optional): {@code jobId} (990001), {@code addedEvents} (10000). The environment runs with
 * {@code EngagementInlineMaxEvents=0} (every send computed by the worker), the worker's timeout 20 s (third argument)
 * and {@code RefreshMinIntervalSeconds=0} (the refresh right after the first pass is not skipped); the worker keeps
 * the template's concurrency.
 */
public final class EngagementBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration GIVE_UP = Duration.ofMinutes(30);
    private static final Duration OVERLAP = Duration.ofMinutes(60);
    private static final List<String> TYPES = List.of("sent", "open", "click", "bounce", "unsub", "notsent", "forward");

    private EngagementBench() {
    }

    /** What one pass measured. */
    private record Pass(String name, int status, long invocations, Duration wall, int retrieveCalls,
                        Map<String, Integer> retrieveByType, long sfmcCallsLogged, long eventsRead, long stepLines,
                        double heapPeakMb, long maxStepMs, long workerMs, String stateKind, long stateBytes,
                        Instant asOf, Accuracy accuracy) {
    }

    /** The answer against the oracle: exact fields (equal or not) and relative errors of the estimates. */
    private record Accuracy(Map<String, Boolean> exact, List<String> mismatches, double uniqueOpensError,
                            double uniqueClicksError, double urlUniqueMaxError, double urlUniqueMeanError,
                            boolean anyEstimate) {
    }

    public static void main(String[] args) throws Exception {
        int jobId = args.length > 0 ? Integer.parseInt(args[0]) : 990001;
        int addedEvents = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        // 20 s by default: a 1.5M-event send then takes several worker invocations, each resuming a checkpoint.
        int workerTimeout = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        PrintStream out = System.out;
        long startBegin = System.nanoTime();
        try (LocalEnvironment env = LocalEnvironment.builder()
                .simulatorArguments(List.of("--data", "classpath:demo-data.json,classpath:large-send.json"))
                .parameter("EngagementInlineMaxEvents", "0")
                .timeoutSeconds("worker", workerTimeout)
                .parameter("RefreshMinIntervalSeconds", "0")
                .withApi(0)
                .start()) {
            out.printf("environment started in %.1f s; worker: %d instance(s), timeout %d s, memory %d MB%n",
                    seconds(Duration.ofNanos(System.nanoTime() - startBegin)),
                    1 + env.extraInstances(LocalEnvironment.WORKER).size(),
                    env.worker().function().timeoutSeconds(), env.worker().function().memoryMb());
            String path = "/sends/" + jobId + "/engagement?top=100";

            Pass full = pass(env, "full", jobId, path, path, null, out);
            report(full, out);

            Instant asOf = full.asOf();
            List<Map<String, Object>> rows = newEvents(jobId, addedEvents, asOf, Instant.now());
            env.simulator().addEvents(rows);
            out.printf("%nadded %d events to %d (%d after asOf %s, %d within the %d minutes before it)%n", rows.size(),
                    jobId, rows.size() - rows.size() / 2, asOf, rows.size() / 2, OVERLAP.toMinutes());

            Pass incremental = pass(env, "incremental", jobId, path + "&refresh=true", path, asOf, out);
            report(incremental, out);

            table(List.of(full, incremental), out);
        }
    }

    private static Pass pass(LocalEnvironment env, String name, int jobId, String firstPath, String pollPath,
                             Instant previousAsOf, PrintStream out) throws Exception {
        Map<Path, Long> logOffsets = workerLogOffsets(env);
        SqsEventSource worker = env.sqsEventSource(LocalEnvironment.WORKER);
        long invocationsBefore = worker.deliveries().size();
        SimulatorRequests before = env.simulator().requests();
        long begin = System.nanoTime();

        ApiResponse first = env.api().get(firstPath);
        JsonNode body = first.json();
        int firstStatus = first.status();
        out.printf("%n[%s] GET %s -> %d %s%s%n", name, firstPath, firstStatus, body.path("status").asText(),
                first.header("Retry-After").map(value -> " (Retry-After " + value + ")").orElse(""));
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        long lastPrint = 0;
        while (!done(first, previousAsOf)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " pass not complete after " + GIVE_UP + ": " + first.body());
            }
            Thread.sleep(POLL.toMillis());
            first = env.api().get(pollPath);
            if (first.status() != 200 && first.status() != 202) {
                throw new IllegalStateException(name + " pass: " + first.status() + " " + first.body());
            }
            if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                lastPrint = System.nanoTime();
                JsonNode progress = first.json().path("progress");
                out.printf("[%s] %4.0f s: %d %s%s%n", name, seconds(Duration.ofNanos(lastPrint - begin)),
                        first.status(), first.json().path("status").asText(),
                        progress.isMissingNode() ? "" : ", eventsRead " + progress.path("eventsRead").asLong());
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - begin);
        JsonNode result = first.json();
        SimulatorRequests after = env.simulator().requests();
        long invocations = worker.deliveries().size() - invocationsBefore;

        List<JsonNode> steps = stepLines(logOffsets);
        long eventsRead = steps.stream().mapToLong(line -> line.path("eventsRead").asLong()).max().orElse(0);
        long sfmcCalls = steps.stream().mapToLong(line -> line.path("sfmcCalls").asLong()).sum();
        double heapPeak = steps.stream().mapToDouble(line -> line.path("heapPeakMb").asDouble()).max().orElse(0);
        long maxStepMs = steps.stream().mapToLong(line -> line.path("durationMs").asLong()).max().orElse(0);
        long workerMs = steps.stream().mapToLong(line -> line.path("durationMs").asLong()).sum();

        Map<String, Integer> byType = new LinkedHashMap<>();
        after.retrieve().forEach((type, count) -> {
            int delta = count - before.retrieve(type);
            if (delta > 0) {
                byType.put(type, delta);
            }
        });
        String[] state = state(env, jobId);
        JsonNode truth = env.simulator().engagementTruth(jobId);
        return new Pass(name, firstStatus, invocations, wall, after.retrieveTotal() - before.retrieveTotal(), byType,
                sfmcCalls, eventsRead, steps.size(), heapPeak, maxStepMs, workerMs, state[0], Long.parseLong(state[1]),
                Instant.parse(result.path("asOf").asText()), accuracy(result, truth));
    }

    private static boolean done(ApiResponse response, Instant previousAsOf) {
        if (response.status() != 200 || !"complete".equals(response.json().path("status").asText())) {
            return false;
        }
        return previousAsOf == null || Instant.parse(response.json().path("asOf").asText()).isAfter(previousAsOf);
    }

    /** Half the events dated after {@code asOf} (until {@code now}), half late: within the overlap before it. */
    private static List<Map<String, Object>> newEvents(int jobId, int count, Instant asOf, Instant now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int late = count / 2;
        long afterSpanMs = Math.max(1_000, Duration.between(asOf, now).toMillis() - 1_000);
        long lateSpanMs = OVERLAP.toMillis() - 60_000;
        for (int i = 0; i < count; i++) {
            boolean isLate = i < late;
            Instant date = isLate
                    ? asOf.minusMillis(1_000 + (long) i * lateSpanMs / late)
                    : asOf.plusMillis(1 + (long) (i - late) * afterSpanMs / (count - late));
            boolean open = i % 2 == 0;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", open ? "OpenEvent" : "ClickEvent");
            row.put("sendId", jobId);
            // SFMC dates carry milliseconds: a finer date would differ from what the Retrieve answers.
            row.put("eventDate", date.truncatedTo(ChronoUnit.MILLIS).toString());
            // Openers of the send are subscribers 1-250000, clickers 1-45000: about half these keys are new.
            int subscriber = open ? 247_500 + i / 2 : 42_500 + i / 2;
            row.put("subscriberKey", String.format(Locale.ROOT, "subscriber-%06d", subscriber));
            if (!open) {
                boolean newUrl = i % 10 == 1;
                row.put("urlId", newUrl ? 99199 : 99100);
                row.put("url", newUrl ? "https://demo-brand.example/year-end/late?utm_source=sfmc"
                        : "https://demo-brand.example/year-end/1?utm_source=sfmc");
            }
            rows.add(row);
        }
        return rows;
    }

    private static Accuracy accuracy(JsonNode answer, JsonNode truth) {
        Map<String, Boolean> exact = new LinkedHashMap<>();
        for (String total : List.of("opens", "clicks", "bounces")) {
            exact.put(total + ".total", at(answer, total, "total") == at(truth, total, "total"));
        }
        for (String map : List.of("byCategory", "byType", "byEventType")) {
            exact.put("bounces." + map,
                    longs(answer.path("bounces").path(map)).equals(longs(truth.path("bounces").path(map))));
        }
        List<String> mismatches = new ArrayList<>();
        boolean counts = true;
        boolean dates = true;
        for (String type : TYPES) {
            JsonNode mine = answer.path("events").path(type);
            JsonNode real = truth.path("events").path(type);
            counts &= mine.path("count").asLong() == real.path("count").asLong();
            for (String field : List.of("firstEventAt", "lastEventAt")) {
                if (!Objects.equals(instant(mine.path(field)), instant(real.path(field)))) {
                    dates = false;
                    mismatches.add("events." + type + "." + field + ": answer " + mine.path(field).asText()
                            + ", oracle " + real.path(field).asText());
                }
            }
        }
        exact.put("events.*.count", counts);
        exact.put("events.*.first/lastEventAt", dates);
        exact.put("distinctUrls", answer.path("distinctUrls").asLong() == truth.path("distinctUrls").asLong());

        Map<String, JsonNode> urls = new LinkedHashMap<>();
        answer.path("topUrls").forEach(url -> urls.put(urlKey(url), url));
        boolean urlClicks = true;
        double maxError = 0;
        double sumError = 0;
        int n = 0;
        boolean anyEstimate = answer.path("opens").path("uniqueIsEstimate").asBoolean()
                || answer.path("clicks").path("uniqueIsEstimate").asBoolean();
        for (JsonNode real : (Iterable<JsonNode>) () -> truth.path("urls").elements()) {
            JsonNode mine = urls.get(urlKey(real));
            if (mine == null) {
                urlClicks = false;
                continue;
            }
            urlClicks &= mine.path("clicks").asLong() == real.path("clicks").asLong();
            double error = relativeError(mine.path("uniqueClickers").asLong(), real.path("uniqueClickers").asLong());
            maxError = Math.max(maxError, error);
            sumError += error;
            n++;
            anyEstimate |= mine.path("uniqueClickersIsEstimate").asBoolean();
        }
        exact.put("topUrls clicks (all " + truth.path("urls").size() + " URLs)", urlClicks);
        return new Accuracy(exact, mismatches,
                relativeError(at(answer, "opens", "unique"), at(truth, "opens", "unique")),
                relativeError(at(answer, "clicks", "unique"), at(truth, "clicks", "unique")),
                maxError, n == 0 ? Double.NaN : sumError / n, anyEstimate);
    }

    private static long at(JsonNode json, String object, String field) {
        return json.path(object).path(field).asLong();
    }

    private static String urlKey(JsonNode url) {
        return url.path("urlId").isNumber() ? "id:" + url.path("urlId").asLong() : "url:" + url.path("url").asText();
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> values = new TreeMap<>();
        object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asLong()));
        return values;
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }

    private static double relativeError(long estimate, long exact) {
        if (exact == 0) {
            return estimate == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(estimate - exact) / (double) exact;
    }

    /** Kind ({@code inline}/{@code s3}) and size in bytes of the state the engagement item points at. */
    private static String[] state(LocalEnvironment env, int jobId) {
        Optional<Map<String, AttributeValue>> item = env.table().item("ENGAGEMENT#default#" + jobId);
        String reference = item.map(attributes -> attributes.get("doneState")).map(AttributeValue::s).orElse("");
        if (reference.startsWith("inline:")) {
            return new String[] {"inline", Long.toString(Base64.getDecoder().decode(reference.substring(7)).length)};
        }
        if (reference.startsWith("s3:")) {
            long bytes = env.s3().headObject(head -> head.bucket(env.engagementStateBucket())
                    .key(reference.substring(3))).contentLength();
            return new String[] {"s3", Long.toString(bytes)};
        }
        return new String[] {"none", "0"};
    }

    private static Map<Path, Long> workerLogOffsets(LocalEnvironment env) throws IOException {
        Map<Path, Long> offsets = new LinkedHashMap<>();
        List<LambdaEmulator> workers = new ArrayList<>(List.of(env.worker()));
        workers.addAll(env.extraInstances(LocalEnvironment.WORKER));
        for (LambdaEmulator worker : workers) {
            Path log = worker.logFile();
            offsets.put(log, Files.exists(log) ? Files.size(log) : 0L);
        }
        return offsets;
    }

    /** The {@code engagement-step} lines the workers wrote since {@code offsets}. */
    private static List<JsonNode> stepLines(Map<Path, Long> offsets) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (Map.Entry<Path, Long> log : offsets.entrySet()) {
            byte[] all = Files.readAllBytes(log.getKey());
            int from = (int) Math.min(all.length, log.getValue());
            for (String line : new String(all, from, all.length - from, StandardCharsets.UTF_8).split("\n")) {
                int brace = line.indexOf('{');
                if (brace < 0 || !line.contains("engagement-step")) {
                    continue;
                }
                try {
                    JsonNode json = JSON.readTree(line.substring(brace));
                    if ("engagement-step".equals(json.path("message").asText())) {
                        lines.add(json);
                    }
                } catch (IOException e) {
                    // a line that only mentions the message (e.g. an emulator line) is not one of the worker's
                }
            }
        }
        return lines;
    }

    private static void report(Pass pass, PrintStream out) {
        out.printf("[%s] complete: asOf %s, first answer %d%n", pass.name(), pass.asOf(), pass.status());
        out.printf("[%s] worker invocations %d (engagement-step lines %d: %d ms in all, longest %d ms), wall %.1f s"
                + " (polled every %d s)%n", pass.name(), pass.invocations(), pass.stepLines(), pass.workerMs(),
                pass.maxStepMs(), seconds(pass.wall()), POLL.toSeconds());
        out.printf("[%s] SFMC Retrieve calls %d %s (worker-logged sfmcCalls %d)%n", pass.name(), pass.retrieveCalls(),
                pass.retrieveByType(), pass.sfmcCallsLogged());
        out.printf("[%s] events read %,d, %,.0f events/s, worker heap peak %.0f MB, state %s %,d bytes%n", pass.name(),
                pass.eventsRead(), pass.eventsRead() / seconds(pass.wall()), pass.heapPeakMb(), pass.stateKind(),
                pass.stateBytes());
        Accuracy accuracy = pass.accuracy();
        accuracy.exact().forEach((field, equal) ->
                out.printf("[%s]   exact %-36s %s%n", pass.name(), field, equal ? "yes" : "NO"));
        accuracy.mismatches().forEach(mismatch -> out.printf("[%s]     %s%n", pass.name(), mismatch));
        out.printf("[%s]   relative error: unique opens %s, unique clicks %s, per-URL unique clickers max %s / mean %s"
                        + " (estimates: %s)%n", pass.name(), percent(accuracy.uniqueOpensError()),
                percent(accuracy.uniqueClicksError()), percent(accuracy.urlUniqueMaxError()),
                percent(accuracy.urlUniqueMeanError()), accuracy.anyEstimate() ? "yes" : "no");
    }

    private static void table(List<Pass> passes, PrintStream out) {
        List<Map.Entry<String, Function<Pass, String>>> rows = List.of(
                Map.entry("worker invocations", pass -> Long.toString(pass.invocations())),
                Map.entry("wall time", pass -> String.format(Locale.ROOT, "%.1f s", seconds(pass.wall()))),
                Map.entry("worker time (sum of durationMs)", pass -> String.format(Locale.ROOT, "%.1f s",
                        pass.workerMs() / 1000.0)),
                Map.entry("SFMC Retrieve calls", pass -> Integer.toString(pass.retrieveCalls())),
                Map.entry("events read", pass -> String.format(Locale.ROOT, "%,d", pass.eventsRead())),
                Map.entry("events / s", pass -> String.format(Locale.ROOT, "%,.0f",
                        pass.eventsRead() / seconds(pass.wall()))),
                Map.entry("worker heap peak", pass -> String.format(Locale.ROOT, "%.0f MB", pass.heapPeakMb())),
                Map.entry("saved state", pass -> String.format(Locale.ROOT, "%,d B (%s)", pass.stateBytes(),
                        pass.stateKind())),
                Map.entry("exact fields equal", pass -> {
                    long equal = pass.accuracy().exact().values().stream().filter(Boolean::booleanValue).count();
                    return equal + " / " + pass.accuracy().exact().size();
                }),
                Map.entry("unique opens error", pass -> percent(pass.accuracy().uniqueOpensError())),
                Map.entry("unique clicks error", pass -> percent(pass.accuracy().uniqueClicksError())),
                Map.entry("URL unique clickers error, max", pass -> percent(pass.accuracy().urlUniqueMaxError())));
        out.printf("%n| figure | %s |%n| --- |%s%n", String.join(" | ", passes.stream().map(Pass::name).toList()),
                " --- |".repeat(passes.size()));
        for (Map.Entry<String, Function<Pass, String>> row : rows) {
            out.printf("| %s | %s |%n", row.getKey(),
                    String.join(" | ", passes.stream().map(row.getValue()).toList()));
        }
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", fraction * 100);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
