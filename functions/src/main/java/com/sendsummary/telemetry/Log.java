package com.sendsummary.telemetry;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The functions' log lines: one JSON object per line with {@code timestamp}, {@code level}, {@code message}, the
 * Lambda {@code requestId} and the caller's fields at the top level.
 *
 * <p>Written with {@link com.amazonaws.services.lambda.runtime.LambdaLogger#log(byte[], LogLevel)}: the runtime
 * filters the line by its level ({@code ApplicationLogLevel} of the function's {@code LoggingConfig}) and writes the
 * bytes as they are, so the fields stay top-level JSON fields in CloudWatch (the {@code String} overloads would wrap
 * the whole line, as a string, into the runtime's own {@code message}). No library is needed for that; the cold-start
 * cost is this class.
 */
public final class Log {
    private Log() {
    }

    /** A new line's fields, to fill and pass to {@link #info}, {@link #warn} or {@link #write}. */
    public static ObjectNode fields() {
        return Json.MAPPER.createObjectNode();
    }

    /**
     * Adds the invocation's figures to a line: {@code durationMs}, the SFMC calls and their ms, the DynamoDB calls and
     * their ms, {@code tokenRequests} and {@code coldStart}.
     */
    public static ObjectNode figures(ObjectNode line, Invocation invocation) {
        return line.put("durationMs", invocation.elapsedMillis())
                .put("sfmcCalls", invocation.sfmcCalls())
                .put("sfmcMs", invocation.sfmcMillis())
                .put("dynamoDbCalls", invocation.awsCalls(AwsCallTimer.DYNAMODB))
                .put("dynamoDbMs", invocation.awsMillis(AwsCallTimer.DYNAMODB))
                .put("tokenRequests", invocation.tokenRequests())
                .put("coldStart", invocation.coldStart());
    }

    public static void info(String message, ObjectNode fields) {
        write(LambdaRuntime.getLogger(), LogLevel.INFO, message, fields);
    }

    public static void warn(String message, ObjectNode fields) {
        write(LambdaRuntime.getLogger(), LogLevel.WARN, message, fields);
    }

    /** A line at {@code level} through {@code logger} (the invocation context's, or a test's). */
    public static void write(LambdaLogger logger, LogLevel level, String message, ObjectNode fields) {
        logger.log(line(level, message, fields), level);
    }

    static byte[] line(LogLevel level, String message, ObjectNode fields) {
        ObjectNode line = Json.MAPPER.createObjectNode()
                .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("level", level.name())
                .put("message", message);
        String requestId = Invocation.current().requestId();
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        line.setAll(fields);
        return bytes(line);
    }

    /**
     * One line of JSON, newline-terminated, written by the functions' mapper (not {@code JsonNode.toString()}, whose
     * separate internal mapper, and a string concatenation's bootstrap, would cost a cold start some milliseconds).
     */
    static byte[] bytes(ObjectNode line) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(line);
            byte[] terminated = Arrays.copyOf(json, json.length + 1);
            terminated[json.length] = '\n';
            return terminated;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A log line cannot be written", e);
        }
    }
}
