package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.engagement.ComputationQueue;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.telemetry.AwsCallTimer;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import com.sendsummary.telemetry.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The engagement worker: each SQS message ({@code {"jobId":..,"clientId":..,"computationId":".."}}) is one step of
 * a computation ({@link EngagementComputations#step}): read event windows while the invocation's time allows, save
 * the checkpoint, send the next message. Messages are handled one after the other, each with the time left.
 *
 * <p>A message that is not a computation message is logged and dropped (retrying cannot mend it). A step that fails
 * on AWS (the table, the bucket, the queue) is reported in {@code batchItemFailures}, so SQS delivers it again after
 * its visibility timeout, and after the queue's maxReceiveCount moves it to the dead-letter queue; an SFMC failure is
 * not a failed message: the step saves what it read and sends itself again after a back-off.
 */
public final class EngagementWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
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
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            if (!handle(record, context)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** One message; false when it must be delivered again. */
    private boolean handle(SQSEvent.SQSMessage record, Context context) {
        Invocation invocation = Invocation.start(context.getAwsRequestId());
        LambdaLogger logger = context.getLogger();
        ObjectNode line = Log.fields().put("messageId", record.getMessageId());
        String failure = null;
        LogLevel level = LogLevel.INFO;
        try {
            ComputationQueue.Message message;
            try {
                message = ComputationQueue.Message.fromJson(record.getBody());
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
            if (step.failure() != null) {
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
            line.put("durationMs", invocation.elapsedMillis())
                    .put("sfmcCalls", invocation.sfmcCalls())
                    .put("sfmcMs", invocation.sfmcMillis())
                    .put("dynamoDbCalls", invocation.awsCalls(AwsCallTimer.DYNAMODB))
                    .put("dynamoDbMs", invocation.awsMillis(AwsCallTimer.DYNAMODB))
                    .put("coldStart", invocation.coldStart())
                    .put("heapUsedMb", usedHeapMb());
            Log.write(logger, level, "engagement-step", line);
            Metrics.emit(invocation, failure, logger);
        }
    }

    private static long usedHeapMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }
}
