package com.sendsummary.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.Config;
import com.sendsummary.summary.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Schedules the follow-up refreshes of a completed send as EventBridge Scheduler one-time schedules.
 *
 * <p>Each schedule puts a {@code SendRefreshDue} event ({@code source: sfmc.send-summary}, detail
 * {@code {"jobId", "clientId"?, "followUp": "PT15M"}}) on the bus the refresh rule listens on, then deletes itself.
 * Targeting the bus rather than the function keeps the function's policy free of its own ARN. Schedule names are
 * derived from the send and the delay, so scheduling the same send twice (a duplicate event, a Lambda retry) finds
 * the existing schedule ({@code ConflictException}) instead of adding a second one: create-and-catch is one atomic
 * call where get-then-create would be two calls and racy.
 *
 * <p>The Scheduler client is built on first use, so invocations that schedule nothing (the follow-ups themselves)
 * never pay for it.
 */
public final class FollowUpScheduler {
    public static final String SOURCE = "sfmc.send-summary";
    public static final String DETAIL_TYPE = "SendRefreshDue";
    private static final DateTimeFormatter AT =
            DateTimeFormatter.ofPattern("'at('uuuu-MM-dd'T'HH:mm:ss')'").withZone(ZoneOffset.UTC);

    private final Supplier<SchedulerClient> clientFactory;
    private final Config.FollowUps settings;
    private final Clock clock;
    private SchedulerClient client;

    public FollowUpScheduler(Supplier<SchedulerClient> clientFactory, Config.FollowUps settings, Clock clock) {
        this.clientFactory = clientFactory;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Schedules every configured follow-up of the send that is still in the future, relative to {@code eventTime}
     * (taken as now if it lies in the future).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if a schedule cannot be created; those created
     *     before stay, and a retry finds them
     */
    public List<FollowUp> schedule(int jobId, Integer clientId, Instant eventTime) {
        Instant now = clock.instant();
        Instant base = (eventTime.isAfter(now) ? now : eventTime).truncatedTo(ChronoUnit.SECONDS);
        List<FollowUp> followUps = new ArrayList<>();
        for (Duration delay : settings.delays()) {
            String name = scheduleName(jobId, clientId, delay);
            Instant dueAt = base.plus(delay);
            FollowUp.Outcome outcome = dueAt.isAfter(now) ? create(name, dueAt, detail(jobId, clientId, delay))
                    : FollowUp.Outcome.PAST;
            followUps.add(new FollowUp(name, delay, dueAt, outcome));
        }
        return followUps;
    }

    private FollowUp.Outcome create(String name, Instant dueAt, String detail) {
        try {
            client().createSchedule(request -> request
                    .groupName(settings.scheduleGroup())
                    .name(name)
                    .description("Follow-up refresh of an SFMC send summary")
                    .scheduleExpression(atExpression(dueAt))
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(target -> target
                            .arn(settings.eventBusArn())
                            .roleArn(settings.schedulerRoleArn())
                            .eventBridgeParameters(event -> event.source(SOURCE).detailType(DETAIL_TYPE))
                            .input(detail)));
            return FollowUp.Outcome.CREATED;
        } catch (ConflictException alreadyScheduled) {
            return FollowUp.Outcome.EXISTS;
        }
    }

    private synchronized SchedulerClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    /**
     * {@code refresh-<clientId|default>-<jobId>-<delay>}, e.g. {@code refresh-default-910001-PT15M}: at most 43
     * characters of {@code [0-9A-Za-z-]}, within Scheduler's name rules (1 to 64 of {@code [0-9A-Za-z-_.]}).
     */
    static String scheduleName(int jobId, Integer clientId, Duration delay) {
        return "refresh-" + (clientId == null ? "default" : clientId.toString()) + "-" + jobId + "-" + delay;
    }

    /** Scheduler's one-time expression, {@code at(yyyy-MM-ddTHH:mm:ss)}, read in the schedule's time zone (UTC). */
    static String atExpression(Instant dueAt) {
        return AT.format(dueAt);
    }

    /** The {@code SendRefreshDue} detail: the SendCompleted detail plus the follow-up's delay. */
    static String detail(int jobId, Integer clientId, Duration delay) {
        ObjectNode detail = Json.MAPPER.createObjectNode().put("jobId", jobId);
        if (clientId != null) {
            detail.put("clientId", clientId);
        }
        detail.put("followUp", delay.toString());
        try {
            return Json.MAPPER.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Follow-up detail cannot be written", e);
        }
    }
}
