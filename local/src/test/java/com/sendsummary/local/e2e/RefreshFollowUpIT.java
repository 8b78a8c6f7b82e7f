package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.AwsResources;
import com.sendsummary.local.Invocation;
import com.sendsummary.local.LocalEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Follow-up refreshes end to end: a SendCompleted event refreshes the summary and leaves one-time schedules in moto's
 * schedule group; duplicates neither add schedules nor call SFMC again; a SendRefreshDue event, built from a
 * schedule's target as Scheduler would put it on the bus, refreshes and schedules nothing. moto stores schedules but
 * never fires them, so the delivery itself (Scheduler to bus to rule to function) is not exercised here.
 */
class RefreshFollowUpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "SUMMARY#default#910001";
    private static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.builder().start();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @BeforeEach
    void cleanState() {
        env.table().clear();
        env.simulator().reset();
        schedules().forEach(schedule -> env.scheduler().deleteSchedule(
                delete -> delete.groupName(env.scheduleGroup()).name(schedule.name())));
    }

    @Test
    void sendCompleted_refreshesAndSchedulesThreeFollowUpsOnTheBus() throws Exception {
        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);

        Invocation invocation = env.refresh().invoke(sendCompleted(910001, null, eventTime));

        assertThat(invocation.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(invocation.json().path("followUps").findValuesAsText("result"))
                .containsExactly("created", "created", "created");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        assertThat(env.table().item(KEY)).isPresent();
        assertThat(scheduleNames()).containsExactlyInAnyOrder("refresh-default-910001-PT15M",
                "refresh-default-910001-PT1H", "refresh-default-910001-PT24H");
        assertFollowUp("refresh-default-910001-PT15M", eventTime.plus(Duration.ofMinutes(15)), "PT15M");
        assertFollowUp("refresh-default-910001-PT1H", eventTime.plus(Duration.ofHours(1)), "PT1H");
        assertFollowUp("refresh-default-910001-PT24H", eventTime.plus(Duration.ofHours(24)), "PT24H");
    }

    @Test
    void sendCompleted_whenDeliveredAgain_keepsThreeSchedulesAndCallsSfmcOnce() {
        String event = sendCompleted(910001, null, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        env.refresh().invoke(event);

        Invocation duplicate = env.refresh().invoke(event);

        assertThat(duplicate.functionError()).isFalse();
        assertThat(duplicate.json().path("status").asText()).isEqualTo("skipped_recent");
        assertThat(duplicate.json().path("followUps").findValuesAsText("result"))
                .containsExactly("exists", "exists", "exists");
        assertThat(scheduleNames()).hasSize(3);
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void sendCompleted_whenChildBusinessUnit_namesSchedulesAfterIt() throws Exception {
        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        env.refresh().invoke(sendCompleted(910002, 100002, eventTime));

        assertThat(scheduleNames()).containsExactlyInAnyOrder("refresh-100002-910002-PT15M",
                "refresh-100002-910002-PT1H", "refresh-100002-910002-PT24H");
        assertThat(JSON.readTree(schedule("refresh-100002-910002-PT1H").target().input()))
                .isEqualTo(JSON.readTree("{\"jobId\":910002,\"clientId\":100002,\"followUp\":\"PT1H\"}"));
    }

    @Test
    void sendCompleted_whenOlderThanTheLastFollowUp_refreshesAndSchedulesNothing() {
        Invocation invocation = env.refresh().invoke(event("eventbridge-send-completed.json"));

        assertThat(invocation.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(invocation.json().path("followUps").findValuesAsText("result"))
                .containsOnly("skipped_past");
        assertThat(scheduleNames()).isEmpty();
    }

    @Test
    void sendRefreshDue_whenCachedItemOlderThanMinInterval_refreshesAndSchedulesNothing() throws Exception {
        env.refresh().invoke(sendCompleted(910001, null, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        String fired = "refresh-default-910001-PT15M";
        String due = deliveredByScheduler(schedule(fired));
        // What Scheduler does after the invocation (ActionAfterCompletion DELETE), and the 15 minutes that passed.
        env.scheduler().deleteSchedule(delete -> delete.groupName(env.scheduleGroup()).name(fired));
        long fetchedAt = ageCachedItem(Duration.ofMinutes(15));

        Invocation followUp = env.refresh().invoke(due);

        assertThat(followUp.functionError()).isFalse();
        assertThat(followUp.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(followUp.json().has("followUps")).isFalse();
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
        assertThat(Long.parseLong(env.table().item(KEY).orElseThrow().get("fetchedAt").n())).isGreaterThan(fetchedAt);
        assertThat(scheduleNames()).containsExactlyInAnyOrder(
                "refresh-default-910001-PT1H", "refresh-default-910001-PT24H");
    }

    @Test
    void sendRefreshDue_whenCachedItemRecent_skipsSfmc() throws Exception {
        env.refresh().invoke(sendCompleted(910001, null, Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        Invocation followUp = env.refresh().invoke(deliveredByScheduler(schedule("refresh-default-910001-PT15M")));

        assertThat(followUp.json().path("status").asText()).isEqualTo("skipped_recent");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        assertThat(scheduleNames()).hasSize(3);
    }

    @Test
    void sendRefreshDue_sampleEvent_refreshesAndSchedulesNothing() {
        Invocation invocation = env.refresh().invoke(event("eventbridge-send-refresh-due.json"));

        assertThat(invocation.json().path("status").asText()).isEqualTo("refreshed");
        assertThat(invocation.json().path("followUp").asBoolean()).isTrue();
        assertThat(scheduleNames()).isEmpty();
    }

    private static void assertFollowUp(String name, Instant dueAt, String followUp) throws Exception {
        GetScheduleResponse schedule = schedule(name);
        assertThat(schedule.scheduleExpression()).isEqualTo("at(" + dueAt.toString().replace("Z", "") + ")");
        assertThat(schedule.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(schedule.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.DELETE);
        assertThat(schedule.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
        assertThat(schedule.target().arn()).isEqualTo(AwsResources.EVENT_BUS_ARN);
        assertThat(schedule.target().roleArn()).isEqualTo(AwsResources.SCHEDULER_ROLE_ARN);
        assertThat(schedule.target().eventBridgeParameters().source()).isEqualTo("sfmc.send-summary");
        assertThat(schedule.target().eventBridgeParameters().detailType()).isEqualTo("SendRefreshDue");
        assertThat(JSON.readTree(schedule.target().input()))
                .isEqualTo(JSON.readTree("{\"jobId\":910001,\"followUp\":\"" + followUp + "\"}"));
    }

    /** The event the rule delivers when Scheduler puts the schedule's target on the bus. */
    private static String deliveredByScheduler(GetScheduleResponse schedule) throws Exception {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", schedule.target().eventBridgeParameters().detailType())
                .put("source", schedule.target().eventBridgeParameters().source())
                .put("account", "123456789012")
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", "us-east-1");
        event.putArray("resources").add(schedule.arn());
        event.set("detail", JSON.readTree(schedule.target().input()));
        return JSON.writeValueAsString(event);
    }

    private static String sendCompleted(int jobId, Integer clientId, Instant time) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "SendCompleted")
                .put("source", "sfmc.send-summary")
                .put("account", "123456789012")
                .put("time", time.toString())
                .put("region", "us-east-1");
        event.putArray("resources");
        ObjectNode detail = event.putObject("detail").put("jobId", jobId);
        if (clientId != null) {
            detail.put("clientId", clientId);
        }
        return event.toString();
    }

    /** Moves the cached item's fetchedAt back, as if it had been fetched {@code age} ago; returns the new value. */
    private static long ageCachedItem(Duration age) {
        long fetchedAt = Long.parseLong(env.table().item(KEY).orElseThrow().get("fetchedAt").n())
                - age.toMillis();
        env.dynamoDb().updateItem(update -> update.tableName(env.table().name())
                .key(Map.of("pk", AttributeValue.fromS(KEY)))
                .updateExpression("SET fetchedAt = :fetchedAt")
                .expressionAttributeValues(Map.of(":fetchedAt", AttributeValue.fromN(Long.toString(fetchedAt)))));
        return fetchedAt;
    }

    private static GetScheduleResponse schedule(String name) {
        return env.scheduler().getSchedule(get -> get.groupName(env.scheduleGroup()).name(name));
    }

    private static List<ScheduleSummary> schedules() {
        return env.scheduler().listSchedulesPaginator(list -> list.groupName(env.scheduleGroup())).schedules()
                .stream().toList();
    }

    private static List<String> scheduleNames() {
        return schedules().stream().map(ScheduleSummary::name).toList();
    }

    private static Path event(String name) {
        return env.layout().root().resolve("events").resolve(name);
    }
}
