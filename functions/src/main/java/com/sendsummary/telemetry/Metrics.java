package com.sendsummary.telemetry;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invocation's CloudWatch metrics, as Embedded Metric Format lines (CloudWatch extracts the metrics from the log
 * line; no API call, no library). Namespace {@value #NAMESPACE}, dimension {@code FunctionName} (so two stacks in one
 * account stay apart); per-code counts add {@code ErrorCode}.
 *
 * <p>Metrics: {@code Requests}, {@code ColdStarts}, {@code CacheHits}, {@code CacheMisses}, {@code StaleAnswers},
 * {@code CacheRefreshes}, {@code SfmcCalls} (Count) and {@code SfmcLatency} (Milliseconds, the invocation's SFMC
 * time), {@code SfmcThrottles}, {@code TokenRequests}, {@code EngagementComputations}, {@code DynamoDbLatency}
 * (Milliseconds); {@code Errors} by the answered {@code ErrorCode}; {@code SfmcErrors} by SFMC failure code (also the
 * failures answered with a stale copy or retried). The lines are written without a level, so a stricter
 * {@code ApplicationLogLevel} never drops metrics.
 */
public final class Metrics {
    public static final String NAMESPACE = "SfmcSendSummary";

    private Metrics() {
    }

    /** Writes the invocation's lines; {@code errorCode} is the answered error, null on success. */
    public static void emit(Invocation invocation, String errorCode, LambdaLogger logger) {
        for (ObjectNode line : lines(invocation, errorCode, functionName())) {
            logger.log(Log.bytes(line));
        }
    }

    static List<ObjectNode> lines(Invocation invocation, String errorCode, String functionName) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("Requests", 1L);
        counts.put("ColdStarts", invocation.coldStart() ? 1L : 0L);
        Map<String, Long> cache = invocation.cacheCounts();
        counts.put("CacheHits", cache.getOrDefault("hit", 0L));
        counts.put("CacheMisses", cache.getOrDefault("miss", 0L));
        counts.put("StaleAnswers", cache.getOrDefault("stale", 0L));
        counts.put("CacheRefreshes", cache.getOrDefault("refreshed", 0L));
        counts.put("SfmcCalls", invocation.sfmcCalls());
        counts.put("SfmcThrottles", invocation.sfmcFailures().getOrDefault("sfmc_throttled", 0L));
        counts.put("TokenRequests", invocation.tokenRequests());
        counts.put("EngagementComputations", invocation.engagementComputations());

        ObjectNode main = Json.MAPPER.createObjectNode();
        ArrayNode directives = directives(main);
        ArrayNode metrics = directive(directives, "FunctionName");
        main.put("FunctionName", functionName);
        counts.forEach((name, value) -> {
            metric(metrics, name, "Count");
            main.put(name, value);
        });
        if (invocation.sfmcCalls() > 0) {
            metric(metrics, "SfmcLatency", "Milliseconds");
            main.put("SfmcLatency", invocation.sfmcMillis());
        }
        if (invocation.awsCalls(AwsCallTimer.DYNAMODB) > 0) {
            metric(metrics, "DynamoDbLatency", "Milliseconds");
            main.put("DynamoDbLatency", invocation.awsMillis(AwsCallTimer.DYNAMODB));
        }
        if (errorCode != null) {
            metric(directive(directives, "FunctionName", "ErrorCode"), "Errors", "Count");
            main.put("ErrorCode", errorCode).put("Errors", 1);
        }
        List<ObjectNode> lines = new ArrayList<>();
        lines.add(main);
        // One line per SFMC failure code: a dimension has one value per line.
        invocation.sfmcFailures().forEach((code, count) -> {
            ObjectNode line = Json.MAPPER.createObjectNode();
            metric(directive(directives(line), "FunctionName", "ErrorCode"), "SfmcErrors", "Count");
            line.put("FunctionName", functionName).put("ErrorCode", code).put("SfmcErrors", count);
            lines.add(line);
        });
        return lines;
    }

    private static ArrayNode directives(ObjectNode line) {
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        return aws.putArray("CloudWatchMetrics");
    }

    private static ArrayNode directive(ArrayNode directives, String... dimensions) {
        ObjectNode directive = directives.addObject().put("Namespace", NAMESPACE);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        for (String dimension : dimensions) {
            set.add(dimension);
        }
        return directive.putArray("Metrics");
    }

    private static void metric(ArrayNode metrics, String name, String unit) {
        metrics.addObject().put("Name", name).put("Unit", unit);
    }

    private static String functionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name == null || name.isBlank() ? "local" : name;
    }
}
