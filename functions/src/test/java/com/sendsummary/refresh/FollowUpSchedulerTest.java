package com.sendsummary.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.config.Config;
import com.sendsummary.summary.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;

class FollowUpSchedulerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00.750Z");
    private static final String BUS = "arn:aws:events:us-east-1:123456789012:event-bus/default";
    private static final String ROLE = "arn:aws:iam::123456789012:role/send-refresh-scheduler";
    private static final Config.FollowUps SETTINGS = new Config.FollowUps(
            List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24)), "send-refresh", ROLE, BUS);

    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final FollowUpScheduler followUps = new FollowUpScheduler(() -> {
        clientsBuilt.incrementAndGet();
        return scheduler;
    }, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void scheduleName_whenDefaultBusinessUnit_saysDefault() {
        assertThat(FollowUpScheduler.scheduleName(910001, null, Duration.ofMinutes(15)))
                .isEqualTo("refresh-default-910001-PT15M");
    }

    @Test
    void scheduleName_whenLongestIdsAndDelay_staysWithinSchedulerNameRules() {
        String name = FollowUpScheduler.scheduleName(Integer.MAX_VALUE, Integer.MAX_VALUE,
                Duration.ofDays(365).minusSeconds(1));

        assertThat(name).matches("[0-9A-Za-z_.-]{1,64}");
    }

    @Test
    void scheduleName_whenSameDelayWrittenDifferently_isTheSame() {
        assertThat(FollowUpScheduler.scheduleName(910002, 100002, Duration.parse("PT60M")))
                .isEqualTo(FollowUpScheduler.scheduleName(910002, 100002, Duration.parse("PT1H")))
                .isEqualTo("refresh-100002-910002-PT1H");
    }

    @Test
    void atExpression_formatsUtcToTheSecond() {
        assertThat(FollowUpScheduler.atExpression(Instant.parse("2026-01-05T03:04:05Z")))
                .isEqualTo("at(2026-01-05T03:04:05)");
    }

    @Test
    void detail_whenClientIdGiven_carriesIdsAndFollowUp() throws Exception {
        assertThat(Json.MAPPER.readTree(FollowUpScheduler.detail(910002, 100002, Duration.ofHours(24))))
                .isEqualTo(Json.MAPPER.readTree("{\"jobId\":910002,\"clientId\":100002,\"followUp\":\"PT24H\"}"));
    }

    @Test
    void detail_whenDefaultBusinessUnit_omitsClientId() {
        assertThat(FollowUpScheduler.detail(910001, null, Duration.ofMinutes(15)))
                .isEqualTo("{\"jobId\":910001,\"followUp\":\"PT15M\"}");
    }

    @Test
    void schedule_whenEventJustHappened_createsOneTimeSchedulesOnTheBus() {
        Instant eventTime = Instant.parse("2026-11-26T11:59:58Z");

        List<FollowUp> result = followUps.schedule(910001, null, eventTime);

        assertThat(result).extracting(FollowUp::outcome).containsOnly(FollowUp.Outcome.CREATED);
        assertThat(scheduler.requests).extracting(CreateScheduleRequest::scheduleExpression).containsExactly(
                "at(2026-11-26T12:14:58)", "at(2026-11-26T12:59:58)", "at(2026-11-27T11:59:58)");
        CreateScheduleRequest first = scheduler.requests.getFirst();
        assertThat(first.name()).isEqualTo("refresh-default-910001-PT15M");
        assertThat(first.groupName()).isEqualTo("send-refresh");
        assertThat(first.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(first.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
        assertThat(first.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.DELETE);
        assertThat(first.target().arn()).isEqualTo(BUS);
        assertThat(first.target().roleArn()).isEqualTo(ROLE);
        assertThat(first.target().eventBridgeParameters().source()).isEqualTo("sfmc.send-summary");
        assertThat(first.target().eventBridgeParameters().detailType()).isEqualTo("SendRefreshDue");
        assertThat(first.target().input()).isEqualTo("{\"jobId\":910001,\"followUp\":\"PT15M\"}");
    }

    @Test
    void schedule_whenEventTimeInTheFuture_countsFromNow() {
        List<FollowUp> result = followUps.schedule(910001, null, NOW.plus(Duration.ofDays(7)));

        assertThat(result.getFirst().dueAt()).isEqualTo(Instant.parse("2026-11-26T12:15:00Z"));
    }

    @Test
    void schedule_whenSomeFollowUpsAlreadyDue_createsOnlyTheLaterOnes() {
        List<FollowUp> result = followUps.schedule(910001, null, NOW.minus(Duration.ofMinutes(30)));

        assertThat(result).extracting(FollowUp::outcome).containsExactly(
                FollowUp.Outcome.PAST, FollowUp.Outcome.CREATED, FollowUp.Outcome.CREATED);
        assertThat(scheduler.requests).extracting(CreateScheduleRequest::name)
                .containsExactly("refresh-default-910001-PT1H", "refresh-default-910001-PT24H");
    }

    @Test
    void schedule_whenAllFollowUpsDue_neverBuildsTheClient() {
        List<FollowUp> result = followUps.schedule(910001, null, NOW.minus(Duration.ofDays(2)));

        assertThat(result).extracting(FollowUp::outcome).containsOnly(FollowUp.Outcome.PAST);
        assertThat(clientsBuilt).hasValue(0);
    }

    @Test
    void schedule_whenScheduledTwice_reportsExistingSchedulesAndBuildsOneClient() {
        followUps.schedule(910001, 100002, NOW);

        List<FollowUp> again = followUps.schedule(910001, 100002, NOW);

        assertThat(again).extracting(FollowUp::outcome).containsOnly(FollowUp.Outcome.EXISTS);
        assertThat(scheduler.names).hasSize(3);
        assertThat(clientsBuilt).hasValue(1);
    }

    @Test
    void schedule_whenSchedulerFails_throws() {
        scheduler.failure =
                (SchedulerException) SchedulerException.builder().message("throttled").statusCode(429).build();

        assertThatThrownBy(() -> followUps.schedule(910001, null, NOW)).isInstanceOf(SchedulerException.class);
    }

    /** Scheduler's CreateSchedule as far as names go: a second schedule of the same name is a conflict. */
    private static final class RecordingScheduler implements SchedulerClient {
        final List<CreateScheduleRequest> requests = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        SchedulerException failure;

        @Override
        public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
            if (failure != null) {
                throw failure;
            }
            if (!names.add(request.groupName() + "/" + request.name())) {
                throw ConflictException.builder().message("Schedule " + request.name() + " already exists.").build();
            }
            requests.add(request);
            return CreateScheduleResponse.builder()
                    .scheduleArn("arn:aws:scheduler:::schedule/" + request.name())
                    .build();
        }

        @Override
        public String serviceName() {
            return "scheduler";
        }

        @Override
        public void close() {
        }
    }
}
