package com.sendsummary.local.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.engagement.EngagementState;
import com.sendsummary.local.ApiRequest;
import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.ProjectLayout;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: it passes what the document allows and catches what it does not. */
class OpenApiContractTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.load(ProjectLayout.detect().openApiDocument());
    private static final String SUMMARY = """
            {"jobId":910001,"clientId":null,"emailName":"November Newsletter","subject":"s","fromName":"f",
             "fromAddress":"news@demo-brand.example","status":"Complete","sentDate":"2025-11-04T15:14:02.113Z",
             "sendDate":"2025-11-04T15:00:00Z","numberSent":25000,"numberDelivered":24710,"numberTargeted":25060,
             "numberErrored":0,"numberExcluded":60,"uniqueOpens":4100,"uniqueClicks":811,"hardBounces":95,
             "softBounces":180,"otherBounces":15,"unsubscribes":42,"forwardedEmails":7,"existingUndeliverables":25,
             "existingUnsubscribes":35,"missingAddresses":0,"invalidAddresses":0,"duplicates":12,
             "rates":{"delivery":0.9884,"open":0.1659,"click":0.0328,"bounce":0.0116,"unsubscribe":0.0017},
             "cache":{"status":"miss","fetchedAt":"2026-11-26T20:31:05.123Z","expiresAt":"2026-11-29T20:31:05Z"}}""";
    private static final Map<String, List<String>> CACHED_HEADERS = Map.of(
            "content-type", List.of("application/json"),
            "etag", List.of("\"6JZwThHR5ynPiHw8HDyUBQ\""),
            "last-modified", List.of("Thu, 26 Nov 2026 20:31:05 GMT"),
            "cache-control", List.of("private, max-age=259199"),
            "cache-status", List.of("sfmc-send-summary; fwd=miss; stored"));
    private static final Map<String, List<String>> ERROR_HEADERS = Map.of(
            "content-type", List.of("application/json"), "cache-control", List.of("no-store"));

    private static ApiRequest get(String pathAndQuery) {
        return new ApiRequest("GET", pathAndQuery, Map.of(), "");
    }

    @Test
    void document_isOpenApi31WithTheSixRoutes() {
        assertThat(CONTRACT.document().path("openapi").asText()).startsWith("3.1.");
        assertThat(CONTRACT.routeKeys()).hasSize(6);
    }

    private static final String COMPUTING = """
            {"jobId":910001,"clientId":null,"status":"computing","progress":{"eventsRead":52000,
             "startedAt":"2026-11-26T20:31:05.123Z","updatedAt":"2026-11-26T20:33:05Z",
             "types":{"sent":{"read":25000,"total":25000},"open":{"read":27000,"total":null}}}}""";
    private static final Map<String, List<String>> COMPUTING_HEADERS = Map.of(
            "content-type", List.of("application/json"), "cache-control", List.of("no-store"),
            "retry-after", List.of("10"));

    @Test
    void engagementAndTimeline_whileComputing_are202WithProgressAndRetryAfter() {
        for (String path : List.of("/sends/910001/engagement", "/sends/910001/engagement/timeline?interval=day")) {
            assertThat(CONTRACT.violations(get(path), new ApiResponse(202, COMPUTING_HEADERS, COMPUTING)))
                    .as(path).isEmpty();
            assertThat(CONTRACT.violations(get(path), new ApiResponse(202, ERROR_HEADERS, COMPUTING)))
                    .as("%s without Retry-After", path).isNotEmpty();
        }
        String unknownType = COMPUTING.replace("\"open\":", "\"opened\":");
        assertThat(CONTRACT.violations(get("/sends/910001/engagement"),
                new ApiResponse(202, COMPUTING_HEADERS, unknownType))).isNotEmpty();
    }

    @Test
    void timeline_whenAsDocumented_passes_andAnUndeclaredPropertyFails() {
        String timeline = """
                {"jobId":910001,"clientId":100002,"interval":"hour","start":"2025-11-04T15:00:00Z",
                 "buckets":[{"start":"2025-11-04T15:00:00Z","opens":1200,"clicks":300,"bounces":210,"unsubscribes":4},
                            {"start":"2025-11-04T16:00:00Z","opens":800,"clicks":90,"bounces":12,"unsubscribes":2}],
                 "beforeStart":0,"later":5064,
                 "asOf":"2026-11-26T20:31:05Z","status":"complete"}""";
        Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"));
        ApiRequest request = get("/sends/910001/engagement/timeline?clientId=100002&interval=hour");

        assertThat(CONTRACT.violations(request, new ApiResponse(200, headers, timeline))).isEmpty();
        assertThat(CONTRACT.violations(request, new ApiResponse(200, headers,
                timeline.replace("\"unsubscribes\":4}", "\"unsubscribes\":4,\"forwards\":1}")))).isNotEmpty();
        assertThat(CONTRACT.violations(get("/sends/910001/engagement/timeline?interval=week"),
                new ApiResponse(200, headers, timeline))).isNotEmpty();
    }

    @Test
    void summary_whenAsDocumented_passes() {
        assertThat(CONTRACT.violations(get("/sends/910001/summary?clientId=100002&refresh=true"),
                new ApiResponse(200, CACHED_HEADERS, SUMMARY))).isEmpty();
    }

    @Test
    void summary_whenAPropertyIsUndeclared_fails() {
        String extra = SUMMARY.replace("\"jobId\":910001,", "\"jobId\":910001,\"surprise\":1,");

        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(200, CACHED_HEADERS, extra)))
                .singleElement().asString().contains("surprise");
    }

    @Test
    void summary_whenCacheBlockMissingOrValidatorsMissing_fails() {
        String noCache = SUMMARY.substring(0, SUMMARY.indexOf(",\n \"cache\"")) + "}";
        Map<String, List<String>> noEtag = Map.of("content-type", List.of("application/json"),
                "cache-control", List.of("no-store"));

        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(200, CACHED_HEADERS, noCache)))
                .isNotEmpty();
        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(200, noEtag, SUMMARY)))
                .anySatisfy(problem -> assertThat(problem).contains("header ETag is required"))
                .anySatisfy(problem -> assertThat(problem).contains("header Cache-Control"));
    }

    @Test
    void summary_whenADateIsNotADateTime_fails() {
        String badDate = SUMMARY.replace("\"fetchedAt\":\"2026-11-26T20:31:05.123Z\"", "\"fetchedAt\":\"yesterday\"");

        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(200, CACHED_HEADERS, badDate)))
                .singleElement().asString().contains("fetchedAt");
    }

    @Test
    void listing_whenASendCarriesACacheBlock_fails() {
        String listing = "{\"from\":\"2025-11-01T00:00:00Z\",\"to\":\"2025-12-01T00:00:00Z\",\"clientId\":null,"
                + "\"sends\":[" + SUMMARY + "],\"nextCursor\":null}";
        ApiRequest request = get("/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z");

        assertThat(CONTRACT.violations(request, new ApiResponse(200, ERROR_HEADERS, listing))).isNotEmpty();
        assertThat(CONTRACT.violations(request, new ApiResponse(200, ERROR_HEADERS,
                listing.replace(",\n \"cache\":{\"status\":\"miss\",\"fetchedAt\":\"2026-11-26T20:31:05.123Z\","
                        + "\"expiresAt\":\"2026-11-29T20:31:05Z\"}", "")))).isEmpty();
    }

    @Test
    void notModified_whenItHasABody_fails() {
        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(304, CACHED_HEADERS, "")))
                .isEmpty();
        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(304, CACHED_HEADERS, SUMMARY)))
                .isNotEmpty();
    }

    @Test
    void error_whenClosedBodyHasMoreOrStatusUnlisted_fails() {
        String error = "{\"error\":\"invalid_job_id\",\"message\":\"jobId must be a positive 32-bit integer\"}";

        assertThat(CONTRACT.violations(get("/sends/abc/summary"), new ApiResponse(400, ERROR_HEADERS, error))).isEmpty();
        assertThat(CONTRACT.violations(get("/sends/abc/summary"), new ApiResponse(400, ERROR_HEADERS,
                error.replace("}", ",\"trace\":\"x\"}")))).isNotEmpty();
        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(418, ERROR_HEADERS, error)))
                .singleElement().asString().contains("418");
        assertThat(CONTRACT.violations(get("/sends/910001/summary"), new ApiResponse(400,
                Map.of("content-type", List.of("application/json")), error)))
                .singleElement().asString().contains("Cache-Control");
    }

    @Test
    void request_whenOutsideTheContract_mustBeAnswered4xx() {
        String error = "{\"error\":\"invalid_limit\",\"message\":\"limit must be a whole number from 1 to 200\"}";
        String listing = "{\"from\":\"2025-11-01T00:00:00Z\",\"to\":\"2025-12-01T00:00:00Z\",\"clientId\":null,"
                + "\"sends\":[],\"nextCursor\":null}";
        Map<String, List<String>> noStore = ERROR_HEADERS;

        ApiRequest tooLarge = get("/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&limit=201");
        assertThat(CONTRACT.violations(tooLarge, new ApiResponse(400, noStore, error))).isEmpty();
        assertThat(CONTRACT.violations(tooLarge, new ApiResponse(200, noStore, listing)))
                .singleElement().asString().contains("limit=201").contains("instead of a 4xx");
        assertThat(CONTRACT.violations(get("/sends?from=2025-11-01T00:00:00%2B01:00&to=2025-12-01T00:00:00+01:00"),
                new ApiResponse(200, noStore, listing))).isEmpty();
        assertThat(CONTRACT.violations(new ApiRequest("POST", "/sends/summaries",
                Map.of("Content-Type", "application/json"), "{\"jobIds\":[0]}"), new ApiResponse(200, noStore,
                "{\"summaries\":[],\"errors\":[]}"))).singleElement().asString().contains("request body");
    }

    @Test
    void unknownOperation_fails() {
        assertThat(CONTRACT.violations(get("/sends/910001/nope"), new ApiResponse(404, ERROR_HEADERS, "{}")))
                .singleElement().asString().contains("no operation");
        assertThatThrownBy(() -> CONTRACT.check(new ApiRequest("DELETE", "/sends/910001/summary", Map.of(), ""),
                new ApiResponse(404, ERROR_HEADERS, "{}"))).isInstanceOf(AssertionError.class);
    }

    @Test
    void engagement_withEstimatesAndOtherUrls_passes() {
        ObjectNode body = engagementOf1200Links();

        assertThat(body.path("clicks").path("uniqueIsEstimate").asBoolean()).isTrue();
        assertThat(body.path("otherUrls").path("links").asInt()).isEqualTo(200);
        assertThat(CONTRACT.violations(get("/sends/910001/engagement"),
                new ApiResponse(200, CACHED_HEADERS, body.toString()))).isEmpty();
    }

    @Test
    void engagement_withoutItsEstimateFlags_fails() {
        ObjectNode body = engagementOf1200Links();
        ((ObjectNode) body.path("opens")).remove("uniqueIsEstimate");
        ((ObjectNode) body.path("otherUrls")).remove("linksIsEstimate");

        assertThat(CONTRACT.violations(get("/sends/910001/engagement"),
                new ApiResponse(200, CACHED_HEADERS, body.toString()))).hasSize(2);
    }

    /** 30,000 clickers over 1,200 links (so 200 in {@code otherUrls}), as the function's own JSON, with a cache block. */
    private static ObjectNode engagementOf1200Links() {
        EngagementState state = EngagementState.empty(Instant.parse("2025-11-04T15:00:00Z"));
        for (int i = 0; i < 30_000; i++) {
            state.add(new TrackingEvent(TrackingEventType.CLICK, 910001, null, "sk-" + i,
                    Instant.parse("2025-11-04T16:00:00Z"), "Click", 1, null, i % 1_200, "https://x.example/" + i % 1_200,
                    null, null, null, null, Map.of()));
        }
        ObjectNode body = Json.MAPPER.valueToTree(state.result(910001, null, 100));
        body.put("status", "complete").put("asOf", "2026-11-26T20:31:05.123Z");
        body.putObject("cache").put("status", "miss").put("fetchedAt", "2026-11-26T20:31:05.123Z")
                .put("expiresAt", "2026-11-29T20:31:05Z");
        return body;
    }
}
