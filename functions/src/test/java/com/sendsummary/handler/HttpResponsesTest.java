package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.events.EventOrderException;
import com.sendsummary.sfmc.SfmcAuthenticationException;
import com.sendsummary.sfmc.SfmcBusyException;
import com.sendsummary.sfmc.SfmcFaultException;
import com.sendsummary.sfmc.SfmcMalformedResponseException;
import com.sendsummary.sfmc.SfmcRecentFailureException;
import com.sendsummary.sfmc.SfmcRequestRejectedException;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.SfmcTimeoutException;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.ListingChangedException;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendNotFoundException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.summary.Cached;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpResponsesTest {
    private final List<String> logged = new ArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            logged.add(message);
        }

        @Override
        public void log(byte[] message) {
            logged.add(new String(message));
        }
    };

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new InvalidRequestException("invalid_job_id", "bad"), 400, "invalid_job_id"),
                Arguments.of(new InvalidRequestException(413, "body_too_large", "too big"), 413, "body_too_large"),
                Arguments.of(new com.sendsummary.cursor.ListingTooDeepException(100_000), 400, "listing_too_deep"),
                Arguments.of(new SendNotFoundException(999999, null), 404, "send_not_found"),
                Arguments.of(new com.sendsummary.config.ClientNotAllowedException(100003), 403, "client_not_allowed"),
                Arguments.of(new ListingChangedException(new PagePosition(50, 910050)), 409, "cursor_stale"),
                Arguments.of(new EventOrderException("out of EventDate order"), 502, "sfmc_unordered_events"),
                Arguments.of(new ConfigurationException("SFMC secret is missing key clientSecret"), 500, "configuration_error"),
                Arguments.of(new SfmcAuthenticationException("token endpoint answered 401"), 502, "sfmc_authentication_failed"),
                Arguments.of(new SfmcTimeoutException("read timed out", new SocketTimeoutException()), 504, "sfmc_timeout"),
                Arguments.of(new SfmcThrottledException(500, null), 503, "sfmc_throttled"),
                Arguments.of(new SfmcFaultException("soap:Server", "maintenance", 9, "In maintenance"), 503, "sfmc_unavailable"),
                Arguments.of(new SfmcFaultException("soap:Server", "unsupported", 8, "UnsupportedObject"), 502, "sfmc_error"),
                Arguments.of(new SfmcRequestRejectedException("Error: API Permission Failed"), 502, "sfmc_error"),
                Arguments.of(new SfmcMalformedResponseException("unparsable body", null), 503, "sfmc_unavailable"),
                Arguments.of(new SfmcBusyException("another container fetches it"), 503, "sfmc_busy"),
                Arguments.of(new SfmcRecentFailureException("sfmc_throttled"), 503, "sfmc_throttled"),
                Arguments.of(new SfmcRecentFailureException("sfmc_timeout"), 504, "sfmc_timeout"),
                Arguments.of(new IllegalStateException("boom at com.example.Secret"), 500, "internal_error"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void error_mapsEachExceptionToStatusAndStableCode(RuntimeException e, int status, String code) throws Exception {
        APIGatewayV2HTTPResponse response = HttpResponses.error(e, logger);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "no-store");
        JsonNode body = Json.MAPPER.readTree(response.getBody());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.size()).isEqualTo(2);
        assertThat(response.getBody()).doesNotContain("at com.").doesNotContain("Exception");
    }

    @ParameterizedTest
    @MethodSource("errors")
    void error_logsServerSideFailuresOnly(RuntimeException e, int status, String code) {
        HttpResponses.error(e, logger);

        assertThat(logged).hasSize(status >= 500 ? 1 : 0);
    }

    @Test
    void error_whenRetryable_addsRetryAfter() {
        assertThat(HttpResponses.error(new SfmcBusyException("busy"), logger).getHeaders())
                .containsEntry("Retry-After", "5").containsEntry("Cache-Control", "no-store");
        assertThat(HttpResponses.error(new SfmcFaultException("soap:Server", "x", 1, "y"), logger).getHeaders())
                .doesNotContainKey("Retry-After");
    }

    @Test
    void cacheStatus_describesEachWayACopyIsServed() {
        Instant now = Instant.now();
        Instant inAnHour = now.plusSeconds(3600);
        Instant twoMinutesAgo = now.minusSeconds(120);

        assertThat(HttpResponses.cacheStatus(new CacheInfo("hit", now, inAnHour)))
                .matches("sfmc-send-summary; hit; ttl=(3599|3600)");
        assertThat(HttpResponses.cacheStatus(new CacheInfo("miss", now, inAnHour)))
                .isEqualTo("sfmc-send-summary; fwd=miss; stored");
        assertThat(HttpResponses.cacheStatus(new CacheInfo("refreshed", now, inAnHour)))
                .isEqualTo("sfmc-send-summary; fwd=request; stored");
        assertThat(HttpResponses.cacheStatus(new CacheInfo("hit", now, inAnHour, null, true, false, true)))
                .endsWith("; detail=refresh-skipped");
        assertThat(HttpResponses.cacheStatus(new CacheInfo("stale", now, twoMinutesAgo, "sfmc_throttled", false, true, true)))
                .matches("sfmc-send-summary; hit; ttl=-12[01]; collapsed; detail=stale-sfmc_throttled");
    }

    /** An answer served through the cache, as a summary or an engagement is. */
    record CachedBody(int jobId, CacheInfo cache) implements Cached {
    }

    private static final Instant NOW = Instant.parse("2026-11-26T20:31:05.500Z");
    private static final CachedBody FRESH = new CachedBody(910001,
            new CacheInfo("hit", Instant.parse("2026-11-26T20:30:05.123Z"), Instant.parse("2026-11-26T20:35:05Z")));

    private static APIGatewayV2HTTPEvent get(Map<String, String> headers) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey("GET /sends/{jobId}/summary").withHeaders(headers).build();
    }

    @Test
    void ok_whenCached_addsFreshnessAndValidators() throws Exception {
        APIGatewayV2HTTPResponse response = HttpResponses.ok(FRESH, get(Map.of()), NOW);

        assertThat(response.getStatusCode()).isEqualTo(200);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(response.getBody().getBytes(StandardCharsets.UTF_8));
        assertThat(response.getHeaders())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "private, max-age=239")
                .containsEntry("Last-Modified", "Thu, 26 Nov 2026 20:30:05 GMT")
                .containsEntry("ETag", "\"" + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Arrays.copyOf(digest, 16)) + "\"")
                .containsEntry("Cache-Status", "sfmc-send-summary; hit; ttl=239");
        assertThat(response.getHeaders().get("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
    }

    @Test
    void ok_whenCopyStaleOrExpired_maxAgeIsZero() {
        CachedBody stale = new CachedBody(910001, new CacheInfo("stale", NOW.minusSeconds(900), NOW.minusSeconds(600),
                "sfmc_throttled", false, false, true));

        assertThat(HttpResponses.ok(stale, get(Map.of()), NOW).getHeaders())
                .containsEntry("Cache-Control", "private, max-age=0");
    }

    @Test
    void ok_etagFollowsTheBodyBytes() {
        CachedBody miss = new CachedBody(910001, new CacheInfo("miss", FRESH.cache().fetchedAt(), FRESH.cache().expiresAt()));

        String hitTag = HttpResponses.ok(FRESH, get(Map.of()), NOW).getHeaders().get("ETag");
        assertThat(HttpResponses.ok(FRESH, get(Map.of()), NOW.plusSeconds(30)).getHeaders().get("ETag")).isEqualTo(hitTag);
        assertThat(HttpResponses.ok(miss, get(Map.of()), NOW).getHeaders().get("ETag")).isNotEqualTo(hitTag);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"%s", "W/%s", "\"other\", %s", "\"a,b\",W/%s ,\"c\"", "*"})
    void ok_whenIfNoneMatchMatches_answers304WithValidatorsAndNoBody(String ifNoneMatch) {
        String etag = HttpResponses.ok(FRESH, get(Map.of()), NOW).getHeaders().get("ETag");

        APIGatewayV2HTTPResponse response = HttpResponses.ok(FRESH,
                get(Map.of("if-none-match", ifNoneMatch.formatted(etag))), NOW);

        assertThat(response.getStatusCode()).isEqualTo(304);
        assertThat(response.getBody()).isEmpty();
        assertThat(response.getHeaders()).containsEntry("ETag", etag)
                .containsEntry("Cache-Control", "private, max-age=239")
                .containsEntry("Last-Modified", "Thu, 26 Nov 2026 20:30:05 GMT")
                .doesNotContainKey("Content-Type");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\"other\"", "W/\"other\", \"more\"", "garbage", "\"unterminated"})
    void ok_whenIfNoneMatchDiffers_answers200WithBody(String ifNoneMatch) {
        APIGatewayV2HTTPResponse response = HttpResponses.ok(FRESH, get(Map.of("If-None-Match", ifNoneMatch)), NOW);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"jobId\":910001");
        assertThat(response.getHeaders()).containsKey("ETag");
    }

    @Test
    void ok_whenNotACachedAnswer_isNoStoreWithoutValidatorsAndNeverConditional() {
        APIGatewayV2HTTPResponse response = HttpResponses.ok(Map.of("sends", List.of()),
                get(Map.of("if-none-match", "*")), NOW);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store")
                .doesNotContainKeys("ETag", "Last-Modified");
    }

    @Test
    void ok_whenNotAGet_neverAnswers304() {
        APIGatewayV2HTTPEvent post = APIGatewayV2HTTPEvent.builder().withRouteKey("POST /sends/summaries")
                .withHeaders(Map.of("if-none-match", "*")).build();

        assertThat(HttpResponses.ok(FRESH, post, NOW).getStatusCode()).isEqualTo(200);
    }
}
