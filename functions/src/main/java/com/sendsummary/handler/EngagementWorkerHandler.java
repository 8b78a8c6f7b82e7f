package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import com.sendsummary.engagement.ComputationQueue;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import com.sendsummary.telemetry.Metrics;
import java.time.Duration;

/**
 * The engagement worker: each SQS message ({@code {"jobId":..,"clientId":..,"computationId":".."}}) is one step of
 * a computation ({@link EngagementComputations#step}): read event windows while the invocation's time allows, save
 * the checkpoint, send the next message. Messages are handled one after the other, each with the time left.
 *
 * <p>A message that is not a computation message is logged and dropped (retrying cannot mend it). A step that fails
 * on AWS (the table, the bucket, the queue) is reported in {@code batchItemFailures}, so SQS delivers it again after
 * its visibility timeout, and after the queue's maxReceiveCount moves it to the dead-letter queue; an SFMC failure is
 * not a failed message: the step saves what it read and sends itself again after a back-off.
 *
 * <p>The SQS event ({@code Records[].messageId, body}) is read and the answer ({@code {"batchItemFailures":
 * [{"itemIdentifier": ...}]}}, ReportBatchItemFailures) written with the functions' own Jackson, like the HTTP
 * function's: the runtime's serializer for the SQS event classes needs Joda-Time, which the deployable leaves out.
 */
public final class EngagementWorkerHandler implements RequestStreamHandler {
    private final EngagementComputations computations;
    private final Duration deadlineMargin;

    public EngagementWorkerHandler() {
        this(Wiring.fromEnvironment());
    }

    private EngagementWorkerHandler(Wiring wiring) {
        this(wiring.engagementComputations(), wiring.config().deadlineMargin());
    }

    EngagementWorkerHandler(EngagementComputations computations, Duration deadlineMargin) {
        this.computations = computations;
        this.deadlineMargin = deadlineMargin;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(input);
        } catch (IOException notJson) {
            event = Json.MAPPER.createObjectNode();
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode failures = answer.putArray("batchItemFailures");
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            if (!handle(messageId, record.path("body").asText(""), context)) {
                failures.addObject().put("itemIdentifier", messageId);
            }
        }
        Json.MAPPER.writeValue(output, answer);
    }

    /** One message; false when it must be delivered again. */
    private boolean handle(String messageId, String body, Context context) {
        Invocation invocation = Invocation.start(context.getAwsRequestId());
        LambdaLogger logger = context.getLogger();
        ObjectNode line = Log.fields().put("messageId", messageId);
        String failure = null;
        LogLevel level = LogLevel.INFO;
        try {
            ComputationQueue.Message message;
            try {
                message = ComputationQueue.Message.fromJson(body);
            } catch (IllegalArgumentException rejected) {
                line.put("status", "rejected").put("reason", rejected.getMessage());
                level = LogLevel.WARN;
                return true;
            }
            line.put("jobId", message.jobId()).put("clientId", message.clientId())
                    .put("computationId", message.computationId());
            Deadline deadline = Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(deadlineMargin));
            EngagementComputations.StepResult step = deadline.run(
                    () -> computations.step(message, context.getAwsRequestId()));
            line.put("status", step.step().name().toLowerCase(java.util.Locale.ROOT))
                    .put("events", step.events()).put("eventsRead", step.eventsRead()).put("windows", step.windows());
            if (step.error() != null) {
                failure = step.error();
                line.put("error", failure);
                level = LogLevel.WARN;
            }
            return true;
        } catch (RuntimeException e) {
            failure = "internal_error";
            line.put("status", "failed").put("error", failure).put("exception", e.getClass().getName())
                    .put("detail", String.valueOf(e.getMessage()));
            level = LogLevel.ERROR;
            return false;
        } finally {
            Log.figures(line, invocation)
                    .put("heapUsedMb", usedHeapMb())
                    .put("heapPeakMb", peakHeapMb());
            Log.write(logger, level, "engagement-step", line);
            Metrics.emit(invocation, failure, logger);
        }
    }

    /** The heap's high-water mark since the JVM started (the sum of the heap pools' peaks). */
    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    private static long usedHeapMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
