package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.BusinessUnits;
import com.sendsummary.config.ClientNotAllowedException;
import com.sendsummary.config.Config;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.refresh.FollowUp;
import com.sendsummary.refresh.FollowUpScheduler;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SendSummary;
import com.sendsummary.summary.SummaryService;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import com.sendsummary.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Refreshes a send's cached summary when EventBridge delivers a {@code SendCompleted} event
 * ({@code detail: {"jobId": 910001, "clientId": 100002}}), then schedules its follow-up refreshes; a
 * {@code SendRefreshDue} event (a follow-up, {@code detail} plus {@code "followUp": "PT15M"}) only refreshes.
 *
 * <p>SFMC keeps adding tracking for a while after a send completes, so one refresh at completion would cache
 * numbers that are soon stale: follow-ups ({@code REFRESH_FOLLOW_UPS}, default +15 min, +1 h, +24 h after the event's
 * {@code time}) refetch them. A refresh is skipped ({@code status: skipped_recent}, no SFMC call) when the cached
 * item was fetched less than {@code REFRESH_MIN_INTERVAL_SECONDS} ago, so duplicate events and retries cost no
 * extra SFMC calls; the follow-ups of a send have fixed names, so they are never scheduled twice.
 *
 * <p>A malformed event, or a JobID SFMC does not know, is logged with its reason and acknowledged, so it is not
 * retried. An SFMC or AWS failure, including a follow-up that cannot be scheduled, is thrown, so Lambda's retries
 * and the dead-letter queue apply; the retry skips the refresh just made (when within the minimum interval) and
 * finds the schedules already created. The event is read
 * as a stream so that no input shape, however wrong, fails inside the runtime before it can be logged.
 */
public final class SendCompletedRefreshHandler implements RequestStreamHandler {
    private final SummaryService summaries;
    private final Duration minInterval;
    private final Optional<FollowUpScheduler> followUps;
    private final Clock clock;
    private final Duration deadlineMargin;
    private final BusinessUnits units;
    private final Optional<EngagementComputations> engagements;

    public SendCompletedRefreshHandler() {
        this(Wiring.fromEnvironment());
    }

    private SendCompletedRefreshHandler(Wiring wiring) {
        this(wiring, Config.Refresh.fromEnvironment(System.getenv()));
    }

    private SendCompletedRefreshHandler(Wiring wiring, Config.Refresh refresh) {
        this(wiring.summaryService(), wiring.config().refreshMinInterval(), wiring.followUpScheduler(refresh),
                wiring.clock(), wiring.config().deadlineMargin(), wiring.config().businessUnits(),
                Optional.of(wiring.engagementComputations()));
        Priming.register("refresh", wiring.config(), () -> Priming.refresh(wiring.config(), refresh));
    }

    SendCompletedRefreshHandler(SummaryService summaries, Duration minInterval,
                                Optional<FollowUpScheduler> followUps, Clock clock, Duration deadlineMargin,
                                BusinessUnits units, Optional<EngagementComputations> engagements) {
        this.engagements = engagements;
        this.summaries = summaries;
        this.minInterval = minInterval;
        this.followUps = followUps;
        this.clock = clock;
        this.deadlineMargin = deadlineMargin;
        this.units = units;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocation invocation = Invocation.start(context.getAwsRequestId());
        LambdaLogger logger = context.getLogger();
        ObjectNode result = Json.MAPPER.createObjectNode();
        String failure = null;
        try {
            refresh(input, context, result);
        } catch (RuntimeException e) {
            failure = e instanceof SfmcException sfmc ? sfmc.code()
                    : e instanceof RefreshFailedException ? "refresh_failed" : "internal_error";
            result.put("status", "failed").put("error", failure).put("exception", e.getClass().getName())
                    .put("detail", String.valueOf(e.getMessage()));
            throw e;
        } finally {
            // One line per event: INFO when refreshed or skipped, WARN when rejected, not found or failed (retried).
            String status = result.path("status").asText();
            boolean ok = status.equals("refreshed") || status.equals("skipped_recent");
            if (result.path("error").isTextual() && failure == null) {
                failure = result.path("error").asText();
            }
            Log.figures(result, invocation);
            if (ok) {
                invocation.cache(status.equals("refreshed") ? CacheInfo.REFRESHED : CacheInfo.HIT);
            }
            Log.write(logger, ok ? LogLevel.INFO : LogLevel.WARN, "refresh", result);
            Metrics.emit(invocation, failure, logger);
        }
        Json.MAPPER.writeValue(output, answer(result));
    }

    /** What the invocation returns: the outcome without the log line's timings. */
    private static ObjectNode answer(ObjectNode result) {
        ObjectNode answer = result.deepCopy();
        answer.remove(List.of("durationMs", "sfmcCalls", "sfmcMs", "dynamoDbCalls", "dynamoDbMs", "tokenRequests",
                "coldStart"));
        return answer;
    }

    private void refresh(InputStream input, Context context, ObjectNode result) throws IOException {
        RefreshRequest request;
        try {
            request = RefreshRequest.from(readTree(input));
            units.check(request.clientId());
        } catch (ClientNotAllowedException e) {
            result.put("status", "rejected").put("error", "client_not_allowed").put("reason", e.getMessage());
            return;
        } catch (InvalidRequestException e) {
            result.put("status", "rejected").put("error", e.code()).put("reason", e.getMessage());
            return;
        }
        result.put("jobId", request.jobId());
        result.put("clientId", request.clientId());
        try {
            Deadline deadline = Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(deadlineMargin));
            SendSummary summary = deadline.run(
                    () -> summaries.refreshIfOlderThan(request.jobId(), request.clientId(), minInterval));
            if (CacheInfo.STALE.equals(summary.cache().status())) {
                // SFMC failed and the older copy was kept: fail the invocation so Lambda's retries apply.
                throw new RefreshFailedException(request.jobId(), summary.cache().staleReason());
            }
            if (!summary.cache().stored()) {
                throw new RefreshFailedException(request.jobId(), "cache_write_failed");
            }
            result.put("status", CacheInfo.HIT.equals(summary.cache().status()) ? "skipped_recent" : "refreshed")
                    .put("fetchedAt", summary.cache().fetchedAt().toString())
                    .put("expiresAt", summary.cache().expiresAt().toString());
            if (engagements.isPresent()) {
                // The engagement follows the summary: a new pass (incremental, or full once the send is old enough).
                result.put("engagement", deadline.run(
                        () -> engagements.get().refresh(summary.toRecord(), minInterval)));
            }
        } catch (SendNotFoundException e) {
            result.put("status", "not_found").put("reason", e.getMessage());
            return;
        }
        if (request.followUp()) {
            result.put("followUp", true);
        } else if (followUps.isPresent()) {
            // Also when the refresh was skipped as recent: that is how a retry after a failed scheduling completes it.
            Instant eventTime = request.time().orElseGet(clock::instant);
            writeFollowUps(result.putArray("followUps"),
                    followUps.get().schedule(request.jobId(), request.clientId(), eventTime));
        }
    }

    /** The refresh could not read SFMC (retryable); the cached copy is unchanged. */
    static final class RefreshFailedException extends RuntimeException {
        RefreshFailedException(int jobId, String code) {
            super("Refresh of JobID " + jobId + " failed (" + code + "); the cached copy was kept");
        }
    }

    private static void writeFollowUps(ArrayNode array, List<FollowUp> followUps) {
        for (FollowUp followUp : followUps) {
            array.addObject()
                    .put("schedule", followUp.scheduleName())
                    .put("dueAt", followUp.dueAt().toString())
                    .put("result", followUp.outcome().label());
        }
    }

    private static JsonNode readTree(InputStream input) throws IOException {
        try {
            return Json.MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed_event", "event is not valid JSON");
        }
    }
}
