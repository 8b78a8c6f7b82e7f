package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.ClientNotAllowedException;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.cursor.ListingTooDeepException;
import com.sendsummary.events.EventOrderException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Cached;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.ListingChangedException;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where results and exceptions become HTTP responses. Every error body is
 * {@code {"error":"<stable_code>","message":"..."}}; no stack trace, token or secret ever reaches a caller.
 */
final class HttpResponses {
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    static final String CACHE_NAME = "sfmc-send-summary";

    private HttpResponses() {
    }

    static APIGatewayV2HTTPResponse ok(Object body) {
        CacheInfo cache = body instanceof Cached cached ? cached.cache() : null;
        if (cache == null) {
            return response(200, write(body), JSON_HEADERS);
        }
        return response(200, write(body), Map.of("Content-Type", "application/json",
                "Cache-Status", cacheStatus(cache)));
    }

    /**
     * The RFC 9211 {@code Cache-Status} of a cached answer, the cache named {@code sfmc-send-summary}:
     * {@code hit; ttl=<s>} (fresh copy), {@code fwd=miss; stored} (fetched), {@code fwd=request; stored} (refreshed),
     * {@code hit; ttl=<negative s>; detail=stale-<code>} (stale, served because SFMC failed), with
     * {@code detail=refresh-skipped} when a refresh was asked for within the minimum interval and {@code collapsed}
     * when the value came from another caller's fetch.
     */
    static String cacheStatus(CacheInfo cache) {
        StringBuilder value = new StringBuilder(CACHE_NAME);
        long ttl = cache.expiresAt() == null ? 0
                : Duration.between(Instant.now(), cache.expiresAt()).toSeconds();
        switch (cache.status()) {
            case CacheInfo.MISS -> value.append("; fwd=miss; stored");
            case CacheInfo.REFRESHED -> value.append("; fwd=request; stored");
            default -> value.append("; hit; ttl=").append(ttl);
        }
        if (cache.collapsed()) {
            value.append("; collapsed");
        }
        if (CacheInfo.STALE.equals(cache.status())) {
            value.append("; detail=stale-").append(cache.staleReason());
        } else if (cache.refreshSkipped()) {
            value.append("; detail=refresh-skipped");
        }
        return value.toString();
    }

    /** The whole answer to a request that failed with {@code e}; its code goes to the request's log line. */
    static APIGatewayV2HTTPResponse error(RuntimeException e, LambdaLogger logger) {
        ApiError error = describe(e, logger);
        Invocation.current().field("error", error.code());
        APIGatewayV2HTTPResponse response = error(error.status(), error.code(), error.message());
        return error.retryAfter() ? withRetryAfter(response) : response;
    }

    /**
     * How a failure is reported to callers: as the whole response ({@link #error(RuntimeException, LambdaLogger)}) or
     * for one item of a batch. Server-side failures (status 500 and up) are logged.
     */
    static ApiError describe(RuntimeException e, LambdaLogger logger) {
        ApiError error = describe(e);
        if (error.status() >= 500) {
            log(logger, e, error.status());
        }
        return error;
    }

    private static ApiError describe(RuntimeException e) {
        if (e instanceof InvalidRequestException invalid) {
            return new ApiError(invalid.status(), invalid.code(), invalid.getMessage(), false);
        }
        if (e instanceof SendNotFoundException) {
            return new ApiError(404, "send_not_found", e.getMessage(), false);
        }
        if (e instanceof ListingTooDeepException) {
            return new ApiError(400, "listing_too_deep", e.getMessage(), false);
        }
        if (e instanceof ListingChangedException) {
            return new ApiError(409, "cursor_stale", e.getMessage(), false);
        }
        if (e instanceof EventOrderException) {
            return new ApiError(502, "sfmc_unordered_events", e.getMessage(), false);
        }
        if (e instanceof ClientNotAllowedException) {
            return new ApiError(403, "client_not_allowed", e.getMessage(), false);
        }
        if (e instanceof ConfigurationException) {
            // Which variable or secret key is wrong is for the operator: it goes to the log line, not to callers.
            return new ApiError(500, "configuration_error",
                    "The function is misconfigured; its log has the detail" + reference(), false);
        }
        if (e instanceof SfmcException sfmc) {
            return sfmcError(sfmc);
        }
        String misconfigured = ConfigurationException.misconfiguredAwsCode(e);
        if (misconfigured != null) {
            // Retrying cannot fix these: the function's role, the secret's KMS key or the table name is wrong.
            return new ApiError(500, "configuration_error",
                    "The function is misconfigured; its log has the detail" + reference(), false);
        }
        if (e instanceof SdkException) {
            return new ApiError(503, "aws_unavailable",
                    "A backing AWS service is unavailable; try again later", true);
        }
        return new ApiError(500, "internal_error", "Internal error", false);
    }

    /** SFMC failures by their stable code; the message is ours, never SFMC's text. */
    private static ApiError sfmcError(SfmcException e) {
        return switch (e.code()) {
            case "engagement_timeout" -> new ApiError(504, e.code(), e.getMessage(), false);
            case "sfmc_timeout" -> new ApiError(504, e.code(), "SFMC did not answer in time; try again later", false);
            case "sfmc_throttled" -> new ApiError(503, e.code(), "SFMC is throttling requests; try again later", true);
            case "sfmc_busy" -> new ApiError(503, e.code(),
                    "Another request is fetching this from SFMC; try again in a moment", true);
            case "sfmc_unavailable" -> new ApiError(503, e.code(), "SFMC is unavailable; try again later", true);
            case "aws_unavailable" -> new ApiError(503, e.code(),
                    "A backing AWS service is unavailable; try again later", true);
            case "sfmc_authentication_failed" -> new ApiError(502, e.code(),
                    "SFMC refused the configured credentials", false);
            // SFMC's own text may quote the request or the account: it goes to the log line, not to callers.
            default -> new ApiError(502, "sfmc_error",
                    "SFMC rejected the request; the function's log has SFMC's answer" + reference(), false);
        };
    }

    private static String reference() {
        String requestId = Invocation.current().requestId();
        return requestId == null ? "" : " (request " + requestId + ")";
    }

    static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("error", code).put("message", message);
        return response(status, body.toString(), JSON_HEADERS);
    }

    /** An error as callers see it: HTTP status, stable code, human message, and whether to add Retry-After. */
    record ApiError(int status, String code, String message, boolean retryAfter) {
    }

    private static APIGatewayV2HTTPResponse withRetryAfter(APIGatewayV2HTTPResponse response) {
        response.setHeaders(Map.of("Content-Type", "application/json", "Retry-After", "5"));
        return response;
    }

    private static APIGatewayV2HTTPResponse response(int status, String body, Map<String, String> headers) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    /**
     * The failure's log line: exception class and message only (messages never carry secrets), ERROR for a 500 (a bug
     * or a misconfiguration), WARN for a failing dependency (SFMC, AWS).
     */
    private static void log(LambdaLogger logger, RuntimeException e, int status) {
        ObjectNode fields = Log.fields()
                .put("exception", e.getClass().getName())
                .put("detail", String.valueOf(e.getMessage()));
        String misconfigured = ConfigurationException.misconfiguredAwsCode(e);
        if (misconfigured != null) {
            fields.put("awsErrorCode", misconfigured);
        }
        if (e instanceof SfmcException sfmc) {
            fields.put("retryable", sfmc.retryable());
        }
        if (e.getCause() != null) {
            fields.put("cause", e.getCause().getClass().getName());
        }
        Log.write(logger, status == 500 ? LogLevel.ERROR : LogLevel.WARN, "request failed", fields);
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response body cannot be written", e);
        }
    }
}
