package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.local.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * HTTP caching through the real function: summary and engagement answers carry ETag, Last-Modified and
 * {@code Cache-Control: private, max-age}; a matching If-None-Match is a 304 without a body (and without an SFMC
 * call); other answers and every error are {@code no-store}.
 */
class HttpCachingIT extends LocalApiTest {

    private static ApiResponse get(String path, String ifNoneMatch) {
        return env.api().request("GET", path, "", Map.of("If-None-Match", ifNoneMatch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sends/910001/summary", "/sends/910001/engagement"})
    void cachedAnswer_carriesFreshnessAndValidatorsOfTheBodySent(String path) throws Exception {
        ApiResponse response = env.api().get(path);

        assertThat(response.status()).isEqualTo(200);
        JsonNode cache = response.json().path("cache");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(response.header("ETag")).contains(
                '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"');
        Instant fetchedAt = Instant.parse(cache.path("fetchedAt").asText());
        Instant lastModified = ZonedDateTime.parse(response.header("Last-Modified").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(lastModified).isEqualTo(fetchedAt.truncatedTo(ChronoUnit.SECONDS));
        long maxAge = Long.parseLong(response.header("Cache-Control").orElseThrow().replace("private, max-age=", ""));
        long untilExpiry = Duration.between(Instant.now(), Instant.parse(cache.path("expiresAt").asText())).toSeconds();
        assertThat(maxAge).isBetween(untilExpiry - 5, untilExpiry + 1).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "W/%s", "\"other\", %s", "*"})
    void summary_whenIfNoneMatchMatches_answers304WithoutBodyOrSfmcCall(String ifNoneMatch) {
        env.api().get("/sends/910001/summary");                       // miss
        ApiResponse hit = env.api().get("/sends/910001/summary");
        String etag = hit.header("ETag").orElseThrow();

        ApiResponse notModified = get("/sends/910001/summary", ifNoneMatch.formatted(etag));

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).contains(etag);
        assertThat(notModified.header("Last-Modified")).isEqualTo(hit.header("Last-Modified"));
        assertThat(notModified.header("Cache-Control").orElseThrow()).startsWith("private, max-age=");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void summary_whenIfNoneMatchDiffers_answers200WithBody() {
        ApiResponse miss = env.api().get("/sends/910001/summary");

        ApiResponse other = get("/sends/910001/summary", "\"not-this-one\"");
        // The miss's body said "miss"; the hit's says "hit": another representation, another ETag.
        ApiResponse afterMiss = get("/sends/910001/summary", miss.header("ETag").orElseThrow());

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("jobId").asInt()).isEqualTo(910001);
        assertThat(afterMiss.status()).isEqualTo(200);
        assertThat(afterMiss.json().path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(afterMiss.header("ETag")).isNotEqualTo(miss.header("ETag"));
    }

    @Test
    void engagement_whenIfNoneMatchMatches_answers304() {
        env.api().get("/sends/910001/engagement");
        String etag = env.api().get("/sends/910001/engagement").header("ETag").orElseThrow();

        assertThat(get("/sends/910001/engagement", etag).status()).isEqualTo(304);
        assertThat(get("/sends/910001/engagement?top=1", etag).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sends/abc/summary", "/sends/999999/summary", "/sends/999999/engagement",
            "/sends/910001/events?type=opens", "/sends?from=2025-11-01T00:00:00Z"})
    void errors_areNoStoreAndNeverConditional(String path) {
        ApiResponse response = get(path, "*");

        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("ETag")).isEmpty();
    }

    @Test
    void retryableError_isNoStoreWithRetryAfter() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        ApiResponse response = get("/sends/910001/summary", "*");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Retry-After")).contains("5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sends/910001/events?type=open&limit=2",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z"})
    void listingsAssembledPerRequest_areNoStoreWithoutValidators(String path) {
        ApiResponse response = get(path, "*");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("ETag")).isEmpty();
        assertThat(response.header("Last-Modified")).isEmpty();
    }

    @Test
    void batch_isNoStoreWithoutValidators() {
        ApiResponse response = env.api().request("POST", "/sends/summaries", "{\"jobIds\":[910001,999999]}",
                Map.of("If-None-Match", "*"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("ETag")).isEmpty();
    }
}
