package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.local.Invocation;
import com.sendsummary.local.LocalEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The EventBridge refresh function end to end, fed the sample events of {@code events/}: it refetches from SFMC and
 * overwrites the cached item, never with an older snapshot; malformed events are acknowledged, SFMC failures thrown.
 */
class SendCompletedRefreshHandlerIT {
    private static LocalEnvironment env;

    @BeforeAll
    static void start() {
        // Every invocation here must reach SFMC; the minimum interval between refreshes is RefreshFollowUpIT's.
        env = LocalEnvironment.builder()
                .functionEnv(LocalEnvironment.REFRESH, Map.of("REFRESH_MIN_INTERVAL_SECONDS", "0"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @BeforeEach
    void cleanState() {
        env.table().clear();
        env.simulator().reset();
    }

    @Test
    void refresh_whenSendCompleted_overwritesTheCachedItem() {
        Invocation first = env.refresh().invoke(event("eventbridge-send-completed.json"));
        long firstFetchedAt = fetchedAt("SUMMARY#default#910001");

        Invocation second = env.refresh().invoke(event("eventbridge-send-completed.json"));

        assertThat(first.functionError()).isFalse();
        assertThat(second.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(second.json().path("jobId").asInt()).isEqualTo(910001);
        assertThat(fetchedAt("SUMMARY#default#910001")).isGreaterThan(firstFetchedAt);
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
    }

    @Test
    void refresh_thenHttpRequest_servesTheRefreshedItemAsAHit() {
        env.refresh().invoke(event("eventbridge-send-completed.json"));

        Invocation summary = env.http().invoke(event("http-summary.json"));

        JsonNode response = summary.json();
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).contains("\"status\":\"hit\"");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void refresh_whenChildBusinessUnit_cachesUnderThatUnit() {
        Invocation invocation = env.refresh().invoke(event("eventbridge-send-completed-child-bu.json"));

        assertThat(invocation.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(env.table().item("SUMMARY#100002#910002")).isPresent();
    }

    @Test
    void refresh_whenTableHoldsANewerSnapshot_keepsItWithoutCallingSfmc() {
        long newer = Instant.now().plusSeconds(30).toEpochMilli();   // a writer whose clock runs slightly ahead
        putSummary("{\"jobId\":910001,\"emailName\":\"newer snapshot\"}", newer);

        Invocation invocation = env.refresh().invoke(event("eventbridge-send-completed.json"));

        assertThat(invocation.functionError()).isFalse();
        assertThat(invocation.json().path("status").asText()).isEqualTo("skipped_recent");
        assertThat(env.simulator().requests().retrieve("Send")).isZero();
        Map<String, AttributeValue> item = env.table().item("SUMMARY#default#910001").orElseThrow();
        assertThat(item.get("payload").s()).contains("newer snapshot");
        assertThat(Long.parseLong(item.get("fetchedAt").n())).isEqualTo(newer);
    }

    @Test
    void refresh_whenTableHoldsAnItemFetchedFarInTheFuture_replacesTheDamagedItem() {
        long future = Instant.now().plus(java.time.Duration.ofDays(365)).toEpochMilli();
        putSummary("{\"jobId\":910001,\"emailName\":\"from the future\"}", future);

        Invocation invocation = env.refresh().invoke(event("eventbridge-send-completed.json"));

        assertThat(invocation.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        Map<String, AttributeValue> item = env.table().item("SUMMARY#default#910001").orElseThrow();
        assertThat(item.get("payload").s()).contains("November Newsletter");
        assertThat(Long.parseLong(item.get("fetchedAt").n())).isLessThanOrEqualTo(Instant.now().toEpochMilli());
    }

    private static void putSummary(String payload, long fetchedAt) {
        env.dynamoDb().putItem(p -> p.tableName(env.table().name()).item(Map.of(
                "pk", AttributeValue.fromS("SUMMARY#default#910001"),
                "kind", AttributeValue.fromS("summary"),
                "payload", AttributeValue.fromS(payload),
                "fetchedAt", AttributeValue.fromN(Long.toString(fetchedAt)),
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(7200).getEpochSecond())))));
    }

    @Test
    void refresh_whenEventMalformed_acknowledgesWithReasonAndCallsNothing() {
        Invocation invocation = env.refresh().invoke(event("eventbridge-malformed.json"));

        assertThat(invocation.functionError()).isFalse();
        assertThat(invocation.json().path("status").asText()).isEqualTo("rejected");
        assertThat(invocation.json().path("error").asText()).isEqualTo("invalid_job_id");
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void refresh_whenSfmcFails_throwsSoLambdaRetriesAndCachesNothing() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        Invocation invocation = env.refresh().invoke(event("eventbridge-send-completed.json"));

        assertThat(invocation.functionError()).isTrue();
        assertThat(invocation.body()).contains("SfmcThrottledException").doesNotContain("demo-client-secret");
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void refresh_whenJobIdUnknown_acknowledgesAsNotFound() {
        Invocation invocation = env.refresh().invoke("""
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"SendCompleted",
                 "source":"sfmc.send-summary","account":"123456789012","time":"2026-11-26T12:00:00Z",
                 "region":"us-east-1","resources":[],"detail":{"jobId":999999}}""");

        assertThat(invocation.functionError()).isFalse();
        assertThat(invocation.json().path("status").asText()).isEqualTo("not_found");
    }

    private static long fetchedAt(String key) {
        return Long.parseLong(env.table().item(key).orElseThrow().get("fetchedAt").n());
    }

    private static Path event(String name) {
        Path file = env.layout().root().resolve("events").resolve(name);
        assertThat(Files.exists(file)).as("sample event %s", file).isTrue();
        return file;
    }
}
