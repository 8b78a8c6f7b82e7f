package com.sendsummary.simulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.simulator.data.DataLoader;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.SendRow;
import com.sendsummary.simulator.data.SimulatorJson;
import com.sendsummary.simulator.data.StoredSend;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engagement oracle agrees with the Send counters the data files were written to match. */
class EngagementTruthTest {

    private static DataSet data;

    @BeforeAll
    static void load() {
        data = DataLoader.load("classpath:demo-data.json,classpath:large-send.json",
                SimulatorJson.mapper(Instant.parse("2026-01-15T12:00:00Z")));
    }

    @Test
    void of_whenSendsOfBothDataFiles_matchesTheirCounters() {
        for (int jobId : List.of(910001, 910002, 910003, 990001, 990002)) {
            SendRow send = send(jobId);
            Map<String, Object> truth = EngagementTruth.of(data, jobId, null);

            assertThat(count(truth, "sent")).as("sent %d", jobId).isEqualTo(send.numberSent().longValue());
            assertThat(map(truth, "opens").get("unique")).as("unique opens %d", jobId).isEqualTo(send.uniqueOpens());
            assertThat(map(truth, "clicks").get("unique")).as("unique clicks %d", jobId)
                    .isEqualTo(send.uniqueClicks());
            assertThat(count(truth, "unsub")).isEqualTo(send.unsubscribes().longValue());
            assertThat(count(truth, "forward")).isEqualTo(send.forwardedEmails().longValue());
            assertThat(map(map(truth, "bounces"), "byEventType")).as("bounces %d", jobId)
                    .containsEntry("HardBounce", (long) send.hardBounces())
                    .containsEntry("SoftBounce", (long) send.softBounces())
                    .containsEntry("OtherBounce", (long) send.otherBounces());
        }
    }

    @Test
    void of_whenLargeSend_timelineAccountsForEveryOpenAndClick() {
        Map<String, Object> truth = EngagementTruth.of(data, 990001, null);
        Map<String, Object> timeline = map(truth, "timeline");

        assertThat(total(timeline, "opens")).isEqualTo(400_000);
        assertThat(total(timeline, "clicks")).isEqualTo(100_000);
        assertThat(truth.get("distinctUrls")).isEqualTo(40);
        assertThat(count(truth, "notsent")).isEqualTo(2_000);
        assertThat(map(map(truth, "events"), "open").get("firstEventAt"))
                .isEqualTo(Instant.parse("2025-12-01T14:01:00Z"));
    }

    @Test
    void of_whenClientIdOfAnotherBu_countsNothing() {
        Map<String, Object> truth = EngagementTruth.of(data, 910001, 100002);

        assertThat(count(truth, "sent")).isZero();
        assertThat(EngagementTruth.of(data, 999999, null)).isNull();
    }

    @SuppressWarnings("unchecked")
    private static long total(Map<String, Object> timeline, String metric) {
        long sum = 0;
        for (String part : List.of("hourly", "daily")) {
            for (Map<String, Object> bucket : (List<Map<String, Object>>) timeline.get(part)) {
                sum += (Long) bucket.get(metric);
            }
        }
        return sum + (Long) map(timeline, "beforeStart").get(metric) + (Long) map(timeline, "later").get(metric);
    }

    private static long count(Map<String, Object> truth, String type) {
        return (Long) map(map(truth, "events"), type).get("count");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    private static SendRow send(int jobId) {
        return data.sends().stream().map(StoredSend::send).filter(send -> send.id() == jobId).findFirst()
                .orElseThrow();
    }
}
