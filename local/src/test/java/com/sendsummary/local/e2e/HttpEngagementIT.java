package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.SimulatorRequests;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /sends/{jobId}/engagement} end to end (local HTTP API, the real handler in the Runtime Interface
 * Emulator, moto, the SFMC simulator with its demo data): figures computed from every event of a send, caching,
 * failures.
 */
class HttpEngagementIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENT_OBJECT_TYPES = List.of("SentEvent", "OpenEvent", "ClickEvent",
            "BounceEvent", "UnsubEvent", "NotSentEvent", "ForwardedEmailEvent");

    @Test
    void engagement_of910001_matchesTheDemoData() throws Exception {
        ApiResponse response = env.api().get("/sends/910001/engagement");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("jobId", "clientId", "status", "asOf", "opens",
                "clicks", "bounces", "topUrls", "distinctUrls", "events", "cache");
        assertThat(body.path("status").asText()).isEqualTo("complete");
        assertThat(body.path("jobId").asInt()).isEqualTo(910001);
        assertThat(body.path("clientId").isNull()).isTrue();
        assertThat(body.path("opens"))
                .isEqualTo(JSON.readTree("{\"total\":6200,\"unique\":4100,\"uniqueIsEstimate\":false}"));
        assertThat(body.path("clicks"))
                .isEqualTo(JSON.readTree("{\"total\":1150,\"unique\":811,\"uniqueIsEstimate\":false}"));
        assertThat(body.path("bounces")).isEqualTo(JSON.readTree("""
                {"total":290,
                 "byCategory":{"Soft bounce":180,"Hard bounce":95,"Block bounce":15},
                 "byType":{"delayed":180,"immediate":110},
                 "byEventType":{"SoftBounce":180,"HardBounce":95,"OtherBounce":15}}"""));
        assertThat(body.path("distinctUrls").asInt()).isEqualTo(3);
        assertThat(body.path("cache").path("status").asText()).isEqualTo("miss");
        JsonNode events = body.path("events");
        assertThat(events.fieldNames()).toIterable()
                .containsExactly("sent", "open", "click", "bounce", "unsub", "notsent", "forward");
        assertThat(List.of("sent", "open", "click", "bounce", "unsub", "notsent", "forward"))
                .extracting(type -> events.path(type).path("count").asInt())
                .containsExactly(25000, 6200, 1150, 290, 42, 60, 7);
        assertThat(Instant.parse(events.path("sent").path("firstEventAt").asText()))
                .isBetween(Instant.parse("2025-11-04T15:00:00Z"), Instant.parse("2025-11-04T15:00:01Z"));
        assertThat(Instant.parse(events.path("sent").path("lastEventAt").asText()))
                .isBetween(Instant.parse("2025-11-04T15:13:00Z"), Instant.parse("2025-11-04T15:14:00Z"));
        assertThat(Instant.parse(events.path("open").path("firstEventAt").asText()))
                .isAfterOrEqualTo(Instant.parse("2025-11-04T15:01:00Z"));
        assertThat(Instant.parse(events.path("open").path("lastEventAt").asText()))
                .isBefore(Instant.parse("2025-11-07T15:01:00Z"));
    }

    @Test
    void engagement_topUrls_areOrderedByClicksAndAddUpToTheClicks() {
        JsonNode topUrls = env.api().get("/sends/910001/engagement").json().path("topUrls");

        assertThat(topUrls).hasSize(3);
        List<Integer> clicks = new ArrayList<>();
        topUrls.forEach(url -> clicks.add(url.path("clicks").asInt()));
        assertThat(clicks).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(clicks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1150);
        // The demo data weighs the URLs 6:3:1.
        assertThat(topUrls.get(0).path("urlId").asInt()).isEqualTo(55501);
        assertThat(topUrls.get(0).path("url").asText()).isEqualTo("https://demo-brand.example/november?utm_source=sfmc");
        assertThat(topUrls.get(1).path("urlId").asInt()).isEqualTo(55502);
        assertThat(topUrls.get(2).path("urlId").asInt()).isEqualTo(55503);
        topUrls.forEach(url -> {
            assertThat(url.fieldNames()).toIterable().containsExactly("url", "urlId", "clicks", "uniqueClickers",
                    "uniqueClickersIsEstimate");
            assertThat(url.path("uniqueClickersIsEstimate").asBoolean()).isFalse();
            assertThat(url.path("uniqueClickers").asInt()).isBetween(1, Math.min(811, url.path("clicks").asInt()));
        });
    }

    @Test
    void engagement_whenMissThenHit_readsSfmcOnceAndServesTheSameFigures() {
        JsonNode miss = env.api().get("/sends/910001/engagement").json();
        SimulatorRequests afterMiss = env.simulator().requests();

        ApiResponse hit = env.api().get("/sends/910001/engagement");

        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.json().path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(hit.json().path("cache").path("fetchedAt")).isEqualTo(miss.path("cache").path("fetchedAt"));
        assertThat(withoutCache(hit.json())).isEqualTo(withoutCache(miss));
        assertThat(env.simulator().requests().retrieveTotal()).isEqualTo(afterMiss.retrieveTotal());
        // The miss read each event type once (25,000 SentEvents = 10 pages of 2,500) and the Send once for its age.
        assertThat(afterMiss.retrieve("Send")).isEqualTo(1);
        assertThat(afterMiss.retrieve("SentEvent")).isEqualTo(10);
        assertThat(EVENT_OBJECT_TYPES).allSatisfy(type -> assertThat(afterMiss.retrieve(type)).isPositive());
    }

    @Test
    void engagement_whenTopGiven_trimsTheCachedUrls() {
        env.api().get("/sends/910001/engagement");

        JsonNode top1 = env.api().get("/sends/910001/engagement?top=1").json();

        assertThat(top1.path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(top1.path("topUrls")).hasSize(1);
        assertThat(top1.path("topUrls").get(0).path("urlId").asInt()).isEqualTo(55501);
        assertThat(top1.path("distinctUrls").asInt()).isEqualTo(3);
    }

    @Test
    void engagement_storesItemWithTheSummaryTtlRules() {
        JsonNode settled = env.api().get("/sends/910001/engagement").json().path("cache");
        JsonNode recent = env.api().get("/sends/910003/engagement").json().path("cache");

        assertThat(ttl(settled)).isEqualTo(Duration.ofSeconds(259_200));   // sent a year ago: days
        assertThat(ttl(recent)).isEqualTo(Duration.ofSeconds(300));         // sent 2 h ago: minutes
        Map<String, AttributeValue> item = env.table().item("ENGAGEMENT#default#910001").orElseThrow();
        assertThat(item.get("kind").s()).isEqualTo("engagement-v2");
        assertThat(Long.parseLong(item.get("freshUntil").n()))
                .isEqualTo(Instant.parse(settled.path("expiresAt").asText()).getEpochSecond());
        assertThat(item.get("result").s()).contains("\"jobId\":910001").doesNotContain("\"cache\"")
                .doesNotContain("\"status\"");
        assertThat(item.get("doneState").s()).as("the state of a small send stays in the item").startsWith("inline:");
    }

    @Test
    void engagement_whenRefreshRequested_recomputesAndSaysRefreshed() {
        env.api().get("/sends/910001/engagement");
        long twoMinutesAgo = Instant.now().minusSeconds(120).toEpochMilli();   // past REFRESH_MIN_INTERVAL_SECONDS
        env.dynamoDb().updateItem(u -> u.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS("ENGAGEMENT#default#910001")))
                .updateExpression("SET fetchedAt = :f")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromN(Long.toString(twoMinutesAgo)))));

        JsonNode refreshed = env.api().get("/sends/910001/engagement?refresh=true").json();

        assertThat(refreshed.path("cache").path("status").asText()).isEqualTo("refreshed");
        // The refresh re-reads only the hour before the first pass (the overlap): one Retrieve per type here.
        assertThat(env.simulator().requests().retrieve("OpenEvent")).isEqualTo(3 + 1);
    }

    @Test
    void engagement_whenChildBusinessUnit_readsItWithClientIdAndCachesItSeparately() {
        ApiResponse child = env.api().get("/sends/910002/engagement?clientId=100002");

        assertThat(child.status()).isEqualTo(200);
        assertThat(child.json().path("clientId").asInt()).isEqualTo(100002);
        assertThat(child.json().path("opens").path("total").asInt()).isEqualTo(610);
        assertThat(child.json().path("opens").path("unique").asInt()).isEqualTo(430);
        assertThat(child.json().path("clicks").path("total").asInt()).isEqualTo(130);
        assertThat(child.json().path("clicks").path("unique").asInt()).isEqualTo(97);
        assertThat(child.json().path("bounces").path("byCategory").path("Technical/Other bounce").asInt()).isEqualTo(2);
        assertThat(env.table().item("ENGAGEMENT#100002#910002")).isPresent();
        assertThat(env.api().get("/sends/910002/engagement").status()).isEqualTo(404);
    }

    @Test
    void engagement_whenJobIdUnknown_answers404AndCachesNoEngagement() {
        ApiResponse response = env.api().get("/sends/999999/engagement");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("send_not_found");
        assertThat(env.table().item("ENGAGEMENT#default#999999")).isEmpty();
        assertThat(EVENT_OBJECT_TYPES).allSatisfy(type -> assertThat(env.simulator().requests().retrieve(type)).isZero());
    }

    @ParameterizedTest
    @CsvSource({
            "/sends/abc/engagement, invalid_job_id",
            "/sends/0/engagement, invalid_job_id",
            "/sends/910001/engagement?clientId=BU2, invalid_client_id",
            "/sends/910001/engagement?refresh=maybe, invalid_refresh",
            "/sends/910001/engagement?top=0, invalid_top",
            "/sends/910001/engagement?top=101, invalid_top",
            "/sends/910001/engagement?top=all, invalid_top"})
    void engagement_whenInputInvalid_answers400WithStableCodeAndCallsNothing(String path, String code) {
        ApiResponse response = env.api().get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void engagement_whenSfmcFailsOnALaterPage_answers503AndCachesNothing() {
        // The first SentEvent page succeeds, every continuation fails: the engagement would be partial.
        env.simulator().addFault(Map.of("match", Map.of("objectType", "SentEvent", "continue", true),
                "action", "http500"));

        ApiResponse failed = env.api().get("/sends/910001/engagement");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.json().path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(env.table().item("ENGAGEMENT#default#910001").orElseThrow()).doesNotContainKey("result");

        env.simulator().clearFaults();
        // The worker retries after a back-off (30 s); meanwhile the computation is reported, SFMC not asked here.
        int retrievesBefore = env.simulator().requests().retrieveTotal();
        ApiResponse atOnce = env.api().get("/sends/910001/engagement");
        assertThat(atOnce.status()).as(atOnce.body()).isEqualTo(202);
        assertThat(env.simulator().requests().retrieveTotal()).isEqualTo(retrievesBefore);
        JsonNode retried = null;
        for (int i = 0; i < 120 && retried == null; i++) {
            ApiResponse response = env.api().get("/sends/910001/engagement");
            retried = response.status() == 200 ? response.json() : null;
            sleep(500);
        }
        assertThat(retried).as("completed by the worker").isNotNull();
        assertThat(retried.path("status").asText()).isEqualTo("complete");
        assertThat(retried.path("events").path("sent").path("count").asInt()).isEqualTo(25000);
    }

    @Test
    void engagement_whenAFirstPageFailsOnce_retriesThatPageAndCachesTheWholeResult() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "SentEvent", "continue", false),
                "action", "http500", "times", 1));

        ApiResponse ok = env.api().get("/sends/910001/engagement");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("events").path("sent").path("count").asInt()).isEqualTo(25000);
        assertThat(env.table().item("ENGAGEMENT#default#910001")).isPresent();
    }

    @Test
    void engagement_whenSfmcRejectsALaterEventType_answers502AndCachesNothing() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "ForwardedEmailEvent"), "action", "errorStatus",
                "message", "API Permission Failed"));

        ApiResponse response = env.api().get("/sends/910001/engagement");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_error");
        assertThat(env.table().item("ENGAGEMENT#default#910001").orElseThrow()).doesNotContainKey("result");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration ttl(JsonNode cache) {
        return Duration.between(Instant.parse(cache.path("fetchedAt").asText()).truncatedTo(ChronoUnit.SECONDS),
                Instant.parse(cache.path("expiresAt").asText()));
    }

    private static JsonNode withoutCache(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("cache");
        return copy;
    }
}
