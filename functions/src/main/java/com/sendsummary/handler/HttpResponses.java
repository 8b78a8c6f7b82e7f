package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.engagement.EngagementTimeoutException;
import com.sendsummary.events.EventOrderException;
import com.sendsummary.sfmc.SfmcAuthenticationException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.SfmcTimeoutException;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.ListingChangedException;
import com.sendsummary.summary.SendNotFoundException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The one place where results and exceptions become HTTP responses. Every error body is
 * {@code {"error":"<stable_code>","message":"..."}}; no stack trace, token or secret ever reaches a caller.
 */
final class HttpResponses {
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    /** AWS error codes that mean the deployment is wrong, not that AWS is briefly unavailable. */
    private static final java.util.Set<String> MISCONFIGURED_AWS_ERRORS = java.util.Set.of(
            "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "DecryptionFailure",
            "KMSAccessDeniedException", "ResourceNotFoundException");

    private HttpResponses() {
    }

    static APIGatewayV2HTTPResponse ok(Object body) {
        return response(200, write(body), JSON_HEADERS);
    }

    static APIGatewayV2HTTPResponse error(RuntimeException e, LambdaLogger logger) {
        ApiError error = describe(e, logger);
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
            log(logger, e);
        }
        return error;
    }

    private static ApiError describe(RuntimeException e) {
        if (e instanceof InvalidRequestException invalid) {
            return new ApiError(400, invalid.code(), invalid.getMessage(), false);
        }
        if (e instanceof SendNotFoundException) {
            return new ApiError(404, "send_not_found", e.getMessage(), false);
        }
        if (e instanceof ListingChangedException) {
            return new ApiError(409, "cursor_stale", e.getMessage(), false);
        }
        if (e instanceof EventOrderException) {
            return new ApiError(502, "sfmc_unordered_events", e.getMessage(), false);
        }
        if (e instanceof EngagementTimeoutException) {
            return new ApiError(504, "engagement_timeout", e.getMessage(), false);
        }
        if (e instanceof ConfigurationException) {
            return new ApiError(500, "configuration_error", e.getMessage(), false);
        }
        if (e instanceof ResourceNotFoundException) {
            return new ApiError(500, "configuration_error",
                    "The SFMC secret named by SFMC_SECRET_ID does not exist", false);
        }
        if (e instanceof SfmcAuthenticationException) {
            return new ApiError(502, "sfmc_authentication_failed", "SFMC refused the configured credentials", false);
        }
        if (e instanceof SfmcTimeoutException) {
            return new ApiError(504, "sfmc_timeout", "SFMC did not answer in time; try again later", false);
        }
        if (e instanceof SfmcThrottledException) {
            return new ApiError(503, "sfmc_throttled", "SFMC is throttling requests; try again later", true);
        }
        if (e instanceof SfmcException sfmc) {
            return sfmc.retryable()
                    ? new ApiError(503, "sfmc_unavailable", "SFMC is unavailable; try again later", true)
                    : new ApiError(502, "sfmc_error", "SFMC rejected the request: " + sfmc.getMessage(), false);
        }
        if (e instanceof AwsServiceException aws && MISCONFIGURED_AWS_ERRORS.contains(aws.awsErrorDetails() == null
                ? "" : aws.awsErrorDetails().errorCode())) {
            // Retrying cannot fix these: the function's role, the secret's KMS key or the table name is wrong.
            return new ApiError(500, "configuration_error", "AWS refused the call ("
                    + aws.awsErrorDetails().errorCode() + "); check the function's role, table and secret", false);
        }
        if (e instanceof SdkException) {
            return new ApiError(503, "aws_unavailable",
                    "A backing AWS service is unavailable; try again later", true);
        }
        return new ApiError(500, "internal_error", "Internal error", false);
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

    /** One JSON log line: exception class and message only (messages never carry secrets). */
    private static void log(LambdaLogger logger, RuntimeException e) {
        ObjectNode line = Json.MAPPER.createObjectNode()
                .put("level", "ERROR")
                .put("exception", e.getClass().getName())
                .put("message", String.valueOf(e.getMessage()));
        if (e instanceof SfmcException sfmc) {
            line.put("retryable", sfmc.retryable());
        }
        if (e.getCause() != null) {
            line.put("cause", e.getCause().getClass().getName());
        }
        logger.log(line + "\n");
    }

    private static String write(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response body cannot be written", e);
        }
    }
}
