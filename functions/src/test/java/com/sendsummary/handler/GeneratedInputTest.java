package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.InMemoryCacheStore;
import com.sendsummary.config.BusinessUnits;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.cursor.TestCursors;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.engagement.EngagementService;
import com.sendsummary.engagement.EngagementSettings;
import com.sendsummary.engagement.InMemoryEngagementStore;
import com.sendsummary.events.EventSource;
import com.sendsummary.events.EventsService;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.BatchSummaryService;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendListingService;
import com.sendsummary.summary.SendSource;
import com.sendsummary.summary.SendWindowSource;
import com.sendsummary.summary.SummaryService;
import com.sendsummary.summary.TtlPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Generated bad (and good) input, sent through the HTTP handler with its real routes, parsers and services (over an
 * in-memory SFMC and cache): at least {@value #VARIANTS_PER_ROUTE} variants of path, query and body per route.
 * Every answer must be a success or a 4xx with the JSON error body and a documented stable code: never a 5xx,
 * never a stack trace. The seed is fixed so a failure reproduces; {@code -Dgenerated.seed=N} tries another.
 */
class GeneratedInputTest {
    static final int VARIANTS_PER_ROUTE = 1_500;
    private static final long SEED = Long.getLong("generated.seed", 20261201L);

    /** Every 4xx code the API documents. */
    private static final Set<String> CLIENT_ERROR_CODES = Set.of("invalid_job_id", "invalid_client_id",
            "invalid_refresh", "invalid_top", "invalid_limit", "invalid_window", "invalid_cursor", "invalid_event_type",
            "missing_parameter", "invalid_body", "invalid_job_ids", "too_many_job_ids", "body_too_large",
            "send_not_found", "cursor_stale", "listing_too_deep", "client_not_allowed", "route_not_found",
            "invalid_interval");

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private final Random random = new Random(SEED);
    private final HttpSendSummaryHandler handler = handler();

    @Test
    void everyRoute_answersEachGeneratedInputWithASuccessOrAClientErrorOfTheContract() {
        Map<String, Function<Random, APIGatewayV2HTTPEvent>> routes = new LinkedHashMap<>();
        routes.put(HttpSendSummaryHandler.SUMMARY_ROUTE, r -> jobEvent(r, Map.of(
                "clientId", this::clientId, "refresh", this::flag)));
        routes.put(HttpSendSummaryHandler.ENGAGEMENT_ROUTE, r -> jobEvent(r, Map.of(
                "clientId", this::clientId, "refresh", this::flag, "top", this::number)));
        routes.put(HttpSendSummaryHandler.TIMELINE_ROUTE, r -> jobEvent(r, Map.of(
                "clientId", this::clientId, "interval", this::interval)));
        routes.put(HttpSendSummaryHandler.EVENTS_ROUTE, r -> jobEvent(r, Map.of(
                "clientId", this::clientId, "type", this::eventType, "from", this::instant, "to", this::instant,
                "limit", this::number, "cursor", this::cursor)));
        routes.put(HttpSendSummaryHandler.LIST_ROUTE, r -> queryEvent(r, Map.of(
                "clientId", this::clientId, "from", this::instant, "to", this::instant, "limit", this::number,
                "cursor", this::cursor)));
        routes.put(HttpSendSummaryHandler.BATCH_ROUTE, this::batchEvent);

        Map<String, String> report = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        routes.forEach((routeKey, generator) -> {
            int ok = 0;
            int clientErrors = 0;
            long started = System.nanoTime();
            for (int i = 0; i < VARIANTS_PER_ROUTE; i++) {
                APIGatewayV2HTTPEvent event = generator.apply(random);
                event.setRouteKey(routeKey);
                APIGatewayV2HTTPResponse response = handler.handleRequest(event, CONTEXT);
                String problem = problem(response);
                if (problem != null) {
                    failures.add(routeKey + " " + describe(event) + " -> " + response.getStatusCode() + " "
                            + response.getBody() + ": " + problem);
                } else if (response.getStatusCode() < 300) {
                    ok++;
                } else {
                    clientErrors++;
                }
            }
            report.put(routeKey, VARIANTS_PER_ROUTE + " tried: " + ok + " 2xx, " + clientErrors + " 4xx, "
                    + (VARIANTS_PER_ROUTE - ok - clientErrors) + " other (" + (System.nanoTime() - started) / 1_000_000
                    + " ms)");
            // Both kinds must occur, or the generator is not exercising the route.
            assertThat(ok).as("%s successes", routeKey).isPositive();
            assertThat(clientErrors).as("%s client errors", routeKey).isPositive();
        });
        report.forEach((route, line) -> System.out.println("generated inputs (seed " + SEED + "): " + route + ": " + line));

        assertThat(failures).as("answers outside the contract").isEmpty();
    }

    /** Why the answer breaks the contract, or null if it keeps it. */
    private static String problem(APIGatewayV2HTTPResponse response) {
        int status = response.getStatusCode();
        if (status < 200 || status >= 500 || (status >= 300 && status < 400)) {
            return "status outside 2xx/4xx";
        }
        String body = response.getBody();
        if (body == null) {
            return "no body";
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at com.") || body.contains("java.")) {
            return "internals in the body";
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            return "body is not JSON";
        }
        if (status >= 400) {
            if (json == null || !json.isObject() || json.size() != 2 || !json.path("error").isTextual()
                    || !json.path("message").isTextual() || json.path("message").asText().isBlank()) {
                return "not the error body {error, message}";
            }
            if (!CLIENT_ERROR_CODES.contains(json.path("error").asText())) {
                return "undocumented error code";
            }
            if (!"application/json".equals(response.getHeaders().get("Content-Type"))) {
                return "error without Content-Type application/json";
            }
        }
        return null;
    }

    private static String describe(APIGatewayV2HTTPEvent event) {
        return "path=" + event.getPathParameters() + " query=" + event.getQueryStringParameters() + " body="
                + (event.getBody() == null ? null : event.getBody().substring(0, Math.min(200, event.getBody().length())))
                + " base64=" + event.getIsBase64Encoded();
    }

    // ---- generators -------------------------------------------------------------------------------------------

    private APIGatewayV2HTTPEvent jobEvent(Random r, Map<String, Function<Random, String>> parameters) {
        APIGatewayV2HTTPEvent event = queryEvent(r, parameters);
        if (r.nextInt(20) != 0) {
            Map<String, String> path = new HashMap<>();
            path.put("jobId", valid(r) ? pick(r, "910001", "910002", "910003", "910004", "1", "2147483647")
                    : bad(r, "0", "-1", "2147483648", "0910001", "910001 ", "1e3", "9".repeat(40), "", "910001/../1",
                    "٩١٠"));
            event.setPathParameters(path);
        }
        return event;
    }

    private APIGatewayV2HTTPEvent queryEvent(Random r, Map<String, Function<Random, String>> parameters) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withTimeEpoch(System.currentTimeMillis()).withRequestId("generated").build());
        if (r.nextInt(15) == 0) {
            return event; // no query at all
        }
        Map<String, String> query = new HashMap<>();
        parameters.forEach((name, values) -> {
            if (r.nextBoolean()) {
                query.put(name, values.apply(r));
            }
        });
        if (r.nextInt(5) == 0) {
            query.put(junk(r), junk(r)); // an unknown parameter
        }
        event.setQueryStringParameters(query);
        return event;
    }

    private APIGatewayV2HTTPEvent batchEvent(Random r) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withTimeEpoch(System.currentTimeMillis()).withRequestId("generated").build());
        String body = switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> junk(r);
            case 2 -> "{\"jobIds\":" + jobIdArray(r, 101 + r.nextInt(200)) + "}";
            case 3 -> "{\"jobIds\":[910001],\"jobIds\":[910002]}";
            case 4 -> "{\"jobIds\":[1],\"x\":" + "[".repeat(r.nextInt(50)) + "]".repeat(r.nextInt(50)) + "}";
            case 5 -> "{\"jobIds\":[1],\"pad\":\"" + "x".repeat(r.nextInt(40_000)) + "\"}";
            case 6 -> "{\"jobIds\":[" + "9".repeat(1 + r.nextInt(300)) + "]}";
            case 7 -> pick(r, "[]", "{}", "null", "42", "\"jobIds\"", "{\"jobIds\":null}", "{\"jobIds\":{}}",
                    "{\"jobIds\":[]}", "{\"jobIds\":\"910001\"}", "{\"jobIds\":[1]", "{\"jobIds\":[1]}}");
            default -> {
                StringBuilder json = new StringBuilder("{\"jobIds\":").append(jobIdArray(r, 1 + r.nextInt(12)));
                if (r.nextBoolean()) {
                    json.append(",\"clientId\":").append(pick(r, "100002", "null", "0", "-5", "\"100002\"", "1.5",
                            "2147483648", "true", "[100002]", "100001"));
                }
                if (r.nextInt(4) == 0) {
                    json.append(",\"").append(junk(r).replace("\"", "").replace("\\", "")).append("\":1");
                }
                yield json.append('}').toString();
            }
        };
        boolean base64 = body != null && r.nextInt(4) == 0;
        if (base64) {
            body = r.nextInt(6) == 0 ? body : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        }
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        return event;
    }

    private String jobIdArray(Random r, int size) {
        return IntStream.range(0, size).mapToObj(i -> r.nextInt(5) == 0
                ? pick(r, "0", "-1", "2147483648", "\"910001\"", "1.5", "1e3", "null", "true", "{}", "[]", "910001.0")
                : Integer.toString(910001 + r.nextInt(10)))
                .reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
    }

    // Each value is a valid one 3 times in 4, so that requests also get past validation and reach the services.

    private String clientId(Random r) {
        return valid(r) ? pick(r, "100002", "100001", "7") : bad(r, "0", "-1", "2147483648", "", "1e5", "١٠٠");
    }

    private String flag(Random r) {
        return valid(r) ? pick(r, "true", "false", "") : bad(r, "TRUE", "1", "yes", "true,false");
    }

    private String number(Random r) {
        return valid(r) ? pick(r, "1", "5", "10", "50", "100", "200")
                : bad(r, "201", "1001", "0", "-1", "2147483648", "1.5", "1e2", "", " 5", "5,6",
                Integer.toString(r.nextInt()));
    }

    private String interval(Random r) {
        return valid(r) ? pick(r, "hour", "day") : bad(r, "HOUR", "", "week", "hour,day");
    }

    private String eventType(Random r) {
        return valid(r) ? pick(r, "open", "click", "sent", "bounce", "unsub", "notsent")
                : bad(r, "OPEN", "", "open,click");
    }

    private static boolean valid(Random r) {
        return r.nextInt(4) != 0;
    }

    /** One of {@code values}, or (one time in three) random text. */
    private static String bad(Random r, String... values) {
        return r.nextInt(3) == 0 ? junk(r) : pick(r, values);
    }

    private String instant(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> junk(r);
            case 1 -> pick(r, "+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00",
                    "+10000-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                    "2025-11-04", "2025-11-04T15:00:00", "2025-02-30T00:00:00Z", "2025-11-04T15:00:00+25:00",
                    "2025-11-04T15:00:00 01:00", "2025-11-04T15:00:00.123456789Z", "");
            default -> NOW.minus(Duration.ofMinutes(r.nextInt(200 * 24 * 60))).plus(Duration.ofMinutes(r.nextInt(60)))
                    .toString();
        };
    }

    private String cursor(Random r) {
        CursorCodec codec = r.nextInt(4) == 0 ? TestCursors.OTHER_DEPLOYMENT : TestCursors.CODEC;
        String kind = pick(r, "events", "sends");
        Object state = r.nextBoolean()
                ? new ListingCursor.State(NOW.minus(Duration.ofDays(r.nextInt(100))), NOW, r.nextBoolean() ? null : 100002,
                r.nextInt(200_000) - 10, 910001 + r.nextInt(5))
                : Map.of("job", 910001, "type", pick(r, "open", "click", "nope"), "asOf", NOW.toString(),
                "offset", r.nextInt(200_000) - 10);
        String valid = codec.encode(kind, state);
        return switch (r.nextInt(8)) {
            case 0 -> junk(r);
            case 1 -> valid.substring(0, r.nextInt(valid.length()));
            case 2 -> {
                int i = r.nextInt(valid.length());
                yield valid.substring(0, i) + (char) ('A' + r.nextInt(26)) + valid.substring(i + 1);
            }
            case 3 -> "A".repeat(r.nextInt(3_000));
            default -> valid;
        };
    }

    private static final String SPECIALS = "{}[]\",:\\%+-.eE0TZ ";

    /** Random text: ASCII, control characters, unicode, long runs. */
    private static String junk(Random r) {
        int length = r.nextInt(10) == 0 ? r.nextInt(5_000) : r.nextInt(20);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(switch (r.nextInt(6)) {
                case 0 -> (char) r.nextInt(32);
                case 1 -> (char) (0x80 + r.nextInt(0x2000));
                case 2 -> SPECIALS.charAt(r.nextInt(SPECIALS.length()));
                default -> (char) (32 + r.nextInt(95));
            });
        }
        return text.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    // ---- the handler over an in-memory SFMC and cache ----------------------------------------------------------

    private static HttpSendSummaryHandler handler() {
        // Time runs (leases and waits need it), from NOW.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
        CacheAside cache = new CacheAside(new InMemoryCacheStore(),
                CacheAside.Settings.defaults(Duration.ofDays(7), Duration.ofSeconds(15), Duration.ofMillis(100)),
                clock, warning -> { });
        TtlPolicy ttl = new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72));
        // SFMC knows the JobIDs 910001 to 910010 except multiples of 3.
        SendSource sends = (jobId, clientId) -> jobId >= 910001 && jobId <= 910010 && jobId % 3 != 0
                ? Optional.of(send(jobId, clientId)) : Optional.empty();
        SendWindowSource window = (from, to, clientId) ->
                IntStream.rangeClosed(910001, 910010).filter(id -> id % 3 != 0).mapToObj(id -> send(id, clientId));
        EventSource events = query -> IntStream.range(0, 30).mapToObj(i -> new TrackingEvent(query.type(),
                query.sendId(), query.clientId(), "subscriber-" + (i % 7), NOW.minus(Duration.ofHours(60 - i)),
                query.type() == TrackingEventType.CLICK ? "Click" : null, 1, null,
                query.type() == TrackingEventType.CLICK ? i % 3 : null,
                query.type() == TrackingEventType.CLICK ? "https://example.com/" + (i % 3) : null,
                null, null, null, null, Map.of()));
        SummaryService summaries = new SummaryService(sends, cache, ttl, Duration.ofMinutes(1), Duration.ofMinutes(1),
                clock);
        HttpServices services = new HttpServices(summaries, new SendListingService(window, summaries, 4),
                new BatchSummaryService(summaries, 4),
                new EventsService(events, (jobId, clientId) -> summaries.summary(jobId, clientId, false),
                        TestCursors.CODEC),
                new EngagementService(new EngagementComputations(new InMemoryEngagementStore(),
                        (message, delay) -> { }, events, new EngagementSettings(Optional.of("queue"), Optional.empty(),
                        Duration.ofHours(1), 100_000, Duration.ofDays(1)), ttl, clock),
                        (jobId, clientId) -> Optional.of(summaries.summary(jobId, clientId, false).toRecord()),
                        Duration.ofMinutes(1), clock),
                BusinessUnits.any(), TestCursors.CODEC, clock);
        return new HttpSendSummaryHandler(HttpSendSummaryHandler.routes(services), Duration.ofMillis(500));
    }

    private static SendRecord send(int jobId, Integer clientId) {
        Instant sendDate = NOW.minus(Duration.ofDays(jobId % 40));
        return new SendRecord(jobId, clientId, 41000, "Email " + jobId, "Subject " + jobId, "Demo Brand",
                "news@demo-brand.example", "Complete", Boolean.TRUE, sendDate.plusSeconds(60), sendDate,
                sendDate.minusSeconds(3600), sendDate.plusSeconds(120),
                1000, 990, 1000, 0, 0, 400, 100, 4, 5, 1, 2, 0, 0, 0, 0, 0, 0);
    }

    private static final Context CONTEXT = TestContext.of("generated-input", TestContext.SILENT);
}
