package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.ClientNotAllowedException;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.cursor.ListingTooDeepException;
import com.sendsummary.events.EventOrderException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.summary.Accepted;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Cached;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.ListingChangedException;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where results and exceptions become HTTP responses. Every error body is
 * {@code {"error":"<stable_code>","message":"..."}} with {@code Cache-Control: no-store}; no stack trace, token or
 * secret ever reaches a caller.
 *
 * <p>HTTP caching: an answer served through the cache ({@link Cached}: a summary, an engagement) carries
 * {@code Cache-Control: private, max-age=<seconds until cache.expiresAt, 0 once expired>}, {@code Last-Modified}
 * ({@code cache.fetchedAt}), a strong {@code ETag} of the body bytes sent and {@code Cache-Status}; a GET whose
 * {@code If-None-Match} matches that ETag (weak comparison, lists and {@code *}) is answered {@code 304} with those
 * headers and no body. Other answers (listing, events, batch) are assembled per request and have no single freshness
 * lifetime: {@code Cache-Control: no-store}, no validators.
 */
final class HttpResponses {
    private static final String JSON = "application/json";
    private static final Map<String, String> ERROR_HEADERS = Map.of("Content-Type", JSON, "Cache-Control", "no-store");
    static final String CACHE_NAME = "sfmc-send-summary";
    /** RFC 9110 IMF-fixdate, e.g. {@code Tue, 04 Nov 2025 15:14:02 GMT}. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Bytes of the body's SHA-256 kept in the ETag: 128 bits, 22 base64url characters. */
    private static final int ETAG_BYTES = 16;

    private HttpResponses() {
    }

    /** The 200 answer to {@code request} with {@code body}, or its 304 when the request's If-None-Match matches. */
    static APIGatewayV2HTTPResponse ok(Object body, APIGatewayV2HTTPEvent request) {
        return ok(body, request, Instant.now());
    }

    static APIGatewayV2HTTPResponse ok(Object body, APIGatewayV2HTTPEvent request, Instant now) {
        String json = write(body);
        if (body instanceof Accepted accepted) {
            return response(202, json, Map.of("Content-Type", JSON, "Cache-Control", "no-store",
                    "Retry-After", Integer.toString(accepted.retryAfterSeconds())));
        }
        CacheInfo cache = body instanceof Cached cached ? cached.cache() : null;
        if (cache == null) {
            return response(200, json, Map.of("Content-Type", JSON, "Cache-Control", "no-store"));
        }
        Map<String, String> validators = new LinkedHashMap<>();
        String etag = etag(json);
        validators.put("ETag", etag);
        validators.put("Cache-Control", "private, max-age=" + maxAge(cache, now));
        if (cache.fetchedAt() != null) {
            validators.put("Last-Modified", HTTP_DATE.format(cache.fetchedAt()));
        }
        validators.put("Cache-Status", cacheStatus(cache, now));
        // Only GET and HEAD may be answered 304 (RFC 9110 13.1.2); every cached answer is a GET today.
        if (isGet(request) && noneMatchFails(header(request, "If-None-Match"), etag)) {
            return response(304, "", validators);
        }
        validators.put("Content-Type", JSON);
        return response(200, json, validators);
    }

    /** Seconds the copy stays fresh, never negative: a stale or expired copy is {@code max-age=0}. */
    private static long maxAge(CacheInfo cache, Instant now) {
        return cache.expiresAt() == null ? 0 : Math.max(0, Duration.between(now, cache.expiresAt()).toSeconds());
    }

    /** A strong entity tag of exactly these body bytes: the quoted base64url prefix of their SHA-256. */
    static String etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, ETAG_BYTES)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether an {@code If-None-Match} field value names our strong {@code etag} (or is {@code *}), so the condition
     * is false and the answer is 304. Weak comparison (RFC 9110 13.1.2): {@code W/"x"} matches {@code "x"}. A
     * malformed list matches nothing, so the full answer is sent.
     */
    static boolean noneMatchFails(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String value = ifNoneMatch.strip();
        if (value.equals("*")) {
            return true;
        }
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= value.length() || value.charAt(i) != '"') {
                return false;
            }
            int end = value.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            if (value.substring(i, end + 1).equals(etag)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static boolean isGet(APIGatewayV2HTTPEvent request) {
        String routeKey = request == null ? null : request.getRouteKey();
        return routeKey != null && routeKey.startsWith("GET ");
    }

    /** A request header by name, whatever its case (payload 2.0 lower-cases names; tests may not). */
    private static String header(APIGatewayV2HTTPEvent request, String name) {
        if (request == null || request.getHeaders() == null) {
            return null;
        }
        return request.getHeaders().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * The RFC 9211 {@code Cache-Status} of a cached answer, the cache named {@code sfmc-send-summary}:
     * {@code hit; ttl=<s>} (fresh copy), {@code fwd=miss; stored} (fetched), {@code fwd=request; stored} (refreshed),
     * {@code hit; ttl=<negative s>; detail=stale-<code>} (stale, served because SFMC failed), with
     * {@code detail=refresh-skipped} when a refresh was asked for within the minimum interval and {@code collapsed}
     * when the value came from another caller's fetch.
     */
    static String cacheStatus(CacheInfo cache) {
        return cacheStatus(cache, Instant.now());
    }

    static String cacheStatus(CacheInfo cache, Instant now) {
        StringBuilder value = new StringBuilder(CACHE_NAME);
        long ttl = cache.expiresAt() == null ? 0
                : Duration.between(now, cache.expiresAt()).toSeconds();
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
        return response(status, body.toString(), ERROR_HEADERS);
    }

    /** An error as callers see it: HTTP status, stable code, human message, and whether to add Retry-After. */
    record ApiError(int status, String code, String message, boolean retryAfter) {
    }

    private static APIGatewayV2HTTPResponse withRetryAfter(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
        headers.put("Retry-After", "5");
        response.setHeaders(headers);
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
