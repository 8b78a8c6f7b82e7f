package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.local.ApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /sends/{jobId}/summary} end to end: the local HTTP API turns requests into payload-2.0 events, the
 * real handler runs in the Runtime Interface Emulator through the runtime interface client, against moto and the
 * SFMC simulator with its demo data.
 */
class HttpSendSummaryHandlerIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void summary_whenMissThenHit_fetchesFromSfmcOnce() {
        ApiResponse miss = env.api().get("/sends/910001/summary");
        ApiResponse hit = env.api().get("/sends/910001/summary");

        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("content-type")).hasValue("application/json");
        assertThat(miss.json().path("cache").path("status").asText()).isEqualTo("miss");
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.json().path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(hit.json().path("cache").path("fetchedAt")).isEqualTo(miss.json().path("cache").path("fetchedAt"));
        assertThat(withoutCache(hit.json())).isEqualTo(withoutCache(miss.json()));
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void summary_returnsEveryFieldOfTheContract() throws Exception {
        JsonNode body = env.api().get("/sends/910001/summary").json();

        JsonNode expected = JSON.readTree("""
                {"jobId":910001,"clientId":null,"emailName":"November Newsletter",
                 "subject":"Your November update is here","fromName":"Demo Brand",
                 "fromAddress":"news@demo-brand.example","status":"Complete",
                 "sentDate":"2025-11-04T15:14:02.113Z","sendDate":"2025-11-04T15:00:00Z",
                 "numberSent":25000,"numberDelivered":24710,"numberTargeted":25060,"numberErrored":0,
                 "numberExcluded":60,"uniqueOpens":4100,"uniqueClicks":811,"hardBounces":95,"softBounces":180,
                 "otherBounces":15,"unsubscribes":42,"forwardedEmails":7,"existingUndeliverables":25,
                 "existingUnsubscribes":35,"missingAddresses":0,"invalidAddresses":0,"duplicates":12,
                 "rates":{"delivery":0.9884,"open":0.1659,"click":0.0328,"bounce":0.0116,"unsubscribe":0.0017}}""");
        assertThat(withoutCache(body)).isEqualTo(expected);
        assertThat(body.path("cache").fieldNames()).toIterable().containsExactly("status", "fetchedAt", "expiresAt");
    }

    @Test
    void summary_storesItemWithTtlThatFollowsTheSendsAge() {
        JsonNode settled = env.api().get("/sends/910001/summary").json().path("cache");
        JsonNode recent = env.api().get("/sends/910003/summary").json().path("cache");

        assertThat(ttl(settled)).isEqualTo(Duration.ofSeconds(259_200));   // sent a year ago: days
        assertThat(ttl(recent)).isEqualTo(Duration.ofSeconds(300));         // sent 2 h ago: minutes
        Map<String, AttributeValue> item = env.table().item("SUMMARY#default#910001").orElseThrow();
        assertThat(Long.parseLong(item.get("freshUntil").n()))
                .isEqualTo(Instant.parse(settled.path("expiresAt").asText()).getEpochSecond());
        // The TTL attribute DynamoDB deletes on lies past the stale horizon (STALE_MAX_AGE_SECONDS, 7 days).
        assertThat(Long.parseLong(item.get("expiresAt").n())).isGreaterThanOrEqualTo(
                Instant.parse(settled.path("fetchedAt").asText()).plus(Duration.ofDays(7)).getEpochSecond());
        assertThat(Long.parseLong(item.get("fetchedAt").n()))
                .isEqualTo(Instant.parse(settled.path("fetchedAt").asText()).toEpochMilli());
        assertThat(item.get("payload").s()).contains("\"jobId\":910001").doesNotContain("\"cache\"");
    }

    @Test
    void summary_whenCachedItemExpiredButNotYetDeleted_refetches() {
        env.api().get("/sends/910001/summary");
        // The copy is no longer fresh (freshUntil passed) but still stored, as it is until the stale horizon.
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        env.dynamoDb().updateItem(u -> u.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS("SUMMARY#default#910001")))
                .updateExpression("SET freshUntil = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(past)))));

        ApiResponse afterExpiry = env.api().get("/sends/910001/summary");

        assertThat(afterExpiry.json().path("cache").path("status").asText()).isEqualTo("miss");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
        assertThat(Long.parseLong(env.table().item("SUMMARY#default#910001").orElseThrow().get("freshUntil").n()))
                .isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void summary_whenRefreshRequested_refetchesAndSaysRefreshed() {
        env.api().get("/sends/910001/summary");
        ageItem("SUMMARY#default#910001", Duration.ofMinutes(2));   // older than REFRESH_MIN_INTERVAL_SECONDS (60)

        ApiResponse refreshed = env.api().get("/sends/910001/summary?refresh=true");

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().path("cache").path("status").asText()).isEqualTo("refreshed");
        assertThat(refreshed.header("cache-status")).hasValue("sfmc-send-summary; fwd=request; stored");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
    }

    @Test
    void summary_whenRefreshRequestedWithinTheMinimumInterval_servesTheCopyWithoutCallingSfmc() {
        ApiResponse miss = env.api().get("/sends/910001/summary");

        ApiResponse skipped = env.api().get("/sends/910001/summary?refresh=true");

        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.json().path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(skipped.json().path("cache").path("fetchedAt")).isEqualTo(miss.json().path("cache").path("fetchedAt"));
        assertThat(skipped.header("cache-status")).hasValueSatisfying(value ->
                assertThat(value).startsWith("sfmc-send-summary; hit; ttl=").endsWith("; detail=refresh-skipped"));
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void summary_whenSfmcFailsAndAnExpiredCopyIsStored_servesItStaleAndSaysWhy() {
        ApiResponse miss = env.api().get("/sends/910001/summary");
        expireItem("SUMMARY#default#910001");
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        ApiResponse stale = env.api().get("/sends/910001/summary");

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().path("cache").path("status").asText()).isEqualTo("stale");
        assertThat(stale.json().path("cache").path("staleReason").asText()).isEqualTo("sfmc_throttled");
        assertThat(stale.json().path("cache").path("fetchedAt")).isEqualTo(miss.json().path("cache").path("fetchedAt"));
        assertThat(stale.json().path("numberSent").asInt()).isEqualTo(25000);
        assertThat(stale.header("cache-status")).hasValueSatisfying(value ->
                assertThat(value).startsWith("sfmc-send-summary; hit; ttl=-").endsWith("; detail=stale-sfmc_throttled"));
        assertThat(env.table().item("SUMMARY#default#910001").orElseThrow().get("fetchedAt").n())
                .isEqualTo(Long.toString(Instant.parse(miss.json().path("cache").path("fetchedAt").asText())
                        .toEpochMilli()));
    }

    @Test
    void summary_whenSfmcRefusesTheCredentials_neverServesAStaleCopy() {
        env.api().get("/sends/910001/summary");
        expireItem("SUMMARY#default#910001");
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "authFault"));

        ApiResponse refused = env.api().get("/sends/910001/summary");

        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().path("error").asText()).isEqualTo("sfmc_authentication_failed");
    }

    private static void ageItem(String key, Duration age) {
        long fetchedAt = Instant.now().minus(age).toEpochMilli();
        env.dynamoDb().updateItem(u -> u.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("SET fetchedAt = :fetchedAt")
                .expressionAttributeValues(Map.of(":fetchedAt", AttributeValue.fromN(Long.toString(fetchedAt)))));
    }

    private static void expireItem(String key) {
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        env.dynamoDb().updateItem(u -> u.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("SET freshUntil = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(past)))));
    }

    @Test
    void summary_whenChildBusinessUnit_readsItWithClientIdAndCachesItSeparately() {
        ApiResponse child = env.api().get("/sends/910002/summary?clientId=100002");
        ApiResponse withoutClientId = env.api().get("/sends/910002/summary");

        assertThat(child.status()).isEqualTo(200);
        assertThat(child.json().path("clientId").asInt()).isEqualTo(100002);
        assertThat(child.json().path("emailName").asText()).isEqualTo("Child BU Welcome #1");
        assertThat(child.json().path("numberSent").asInt()).isEqualTo(1200);
        assertThat(withoutClientId.status()).isEqualTo(404);
        assertThat(env.table().item("SUMMARY#100002#910002")).isPresent();
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
    }

    @Test
    void summary_whenJobIdUnknown_answers404AndCachesOnlyAShortNegativeEntry() {
        ApiResponse first = env.api().get("/sends/999999/summary");
        ApiResponse second = env.api().get("/sends/999999/summary");

        assertThat(first.status()).isEqualTo(404);
        assertThat(first.json().path("error").asText()).isEqualTo("send_not_found");
        assertThat(first.json().path("message").asText()).contains("999999");
        assertThat(second.status()).isEqualTo(404);
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        Map<String, AttributeValue> item = env.table().item("SUMMARY#default#999999").orElseThrow();
        assertThat(item.get("kind").s()).isEqualTo("notFound");
        assertThat(item).doesNotContainKey("payload");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isLessThanOrEqualTo(Instant.now().plusSeconds(61).getEpochSecond());
    }

    @ParameterizedTest
    @CsvSource({
            "/sends/abc/summary, invalid_job_id",
            "/sends/0/summary, invalid_job_id",
            "/sends/-5/summary, invalid_job_id",
            "/sends/2147483648/summary, invalid_job_id",
            "/sends/1.5/summary, invalid_job_id",
            "/sends/910001/summary?clientId=BU2, invalid_client_id",
            "/sends/910001/summary?clientId=0, invalid_client_id",
            "/sends/910001/summary?refresh=maybe, invalid_refresh"})
    void summary_whenInputInvalid_answers400WithStableCodeAndCallsNothing(String path, String code) {
        ApiResponse response = env.api().get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void summary_whenSfmcThrottles_answers503AndCachesNothing() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        ApiResponse response = env.api().get("/sends/910001/summary");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(response.header("retry-after")).isPresent();
        assertThat(env.table().cachedCount()).isZero();

        env.simulator().clearFaults();
        // The failure stays on the send's lease for 5 s (the Retry-After): SFMC is not asked again meanwhile.
        ApiResponse atOnce = env.api().get("/sends/910001/summary");
        assertThat(atOnce.status()).isEqualTo(503);
        assertThat(atOnce.json().path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        env.table().endLease("SUMMARY#default#910001");   // as 5 s later
        assertThat(env.api().get("/sends/910001/summary").json().path("cache").path("status").asText()).isEqualTo("miss");
    }

    @Test
    void summary_whenSfmcRejectsTheRequest_answers502WithoutLeakingDetails() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "errorStatus",
                "message", "API Permission Failed"));

        ApiResponse response = env.api().get("/sends/910001/summary");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_error");
        assertThat(response.json().path("message").asText()).doesNotContain("API Permission Failed");
        assertThat(response.body()).doesNotContain("demo-client-secret").doesNotContain("at com.");
        assertThat(String.join("\n", env.http().recentOutput())).contains("API Permission Failed");
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void summary_whenSecretMalformed_answers500AndLogsTheKeyButNeverAValue() {
        String original = env.secretsManager().getSecretValue(g -> g.secretId(env.secretArn())).secretString();
        try {
            env.secretsManager().putSecretValue(p -> p.secretId(env.secretArn()).secretString(
                    "{\"clientId\":\"demo-client-id\",\"authBaseUri\":\"http://127.0.0.1:9\","
                            + "\"soapBaseUri\":\"http://127.0.0.1:9/Service.asmx\"}"));
            env.http().restart();   // a new container reads the secret anew

            ApiResponse response = env.api().get("/sends/910001/summary");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().path("error").asText()).isEqualTo("configuration_error");
            assertThat(response.json().path("message").asText())
                    .startsWith("The function is misconfigured").doesNotContain("clientSecret");
            assertThat(response.body()).doesNotContain("demo-client-id").doesNotContain(env.secretArn());
            assertThat(String.join("\n", env.http().recentOutput()))
                    .contains("SFMC secret is missing key clientSecret").doesNotContain("demo-client-id");
            assertThat(env.table().cachedCount()).isZero();
        } finally {
            env.secretsManager().putSecretValue(p -> p.secretId(env.secretArn()).secretString(original));
            env.http().restart();
        }
    }

    private static Duration ttl(JsonNode cache) {
        return Duration.between(Instant.parse(cache.path("fetchedAt").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.parse(cache.path("expiresAt").asText()));
    }

    private static JsonNode withoutCache(JsonNode body) {
        JsonNode copy = body.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("cache");
        return copy;
    }
}
