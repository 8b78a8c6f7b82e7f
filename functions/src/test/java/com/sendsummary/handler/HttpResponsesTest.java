package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.engagement.EngagementTimeoutException;
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
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
                Arguments.of(new EngagementTimeoutException(910001, 12_000), 504, "engagement_timeout"),
                Arguments.of(new IllegalStateException("boom at com.example.Secret"), 500, "internal_error"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void error_mapsEachExceptionToStatusAndStableCode(RuntimeException e, int status, String code) throws Exception {
        APIGatewayV2HTTPResponse response = HttpResponses.error(e, logger);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
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
                .containsEntry("Retry-After", "5");
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
}
