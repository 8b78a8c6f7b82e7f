package com.sendsummary.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo data other modules rely on: counters agree with the generated events. */
class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static DataSet data;

    @BeforeAll
    static void load() {
        data = DataLoader.load("classpath:demo-data.json", SimulatorJson.mapper(NOW));
    }

    @Test
    void sends_areTheDocumentedJobs() {
        assertThat(data.sends()).extracting(stored -> stored.send().id())
                .containsExactly(910001, 910002, 910003, 910004);
        assertThat(send(910002).clientId()).isEqualTo(100002);
        assertThat(send(910004).status()).isEqualTo("Scheduled");
        assertThat(send(910004).sentDate()).isNull();
        assertThat(send(910003).sendDate()).isEqualTo(NOW.minus(Duration.ofHours(2)));
    }

    @Test
    void counters_matchEvents() {
        for (int jobId : List.of(910001, 910002, 910003)) {
            SendRow send = send(jobId);
            assertThat(events("SentEvent", jobId)).as("sent %d", jobId).hasSize(send.numberSent());
            assertThat(subscribers(events("OpenEvent", jobId))).as("unique opens %d", jobId)
                    .hasSize(send.uniqueOpens());
            assertThat(subscribers(events("ClickEvent", jobId))).as("unique clicks %d", jobId)
                    .hasSize(send.uniqueClicks());
            assertThat(events("UnsubEvent", jobId)).hasSize(send.unsubscribes());
            assertThat(events("ForwardedEmailEvent", jobId)).hasSize(send.forwardedEmails());
            Map<String, Long> bounces = events("BounceEvent", jobId).stream()
                    .collect(Collectors.groupingBy(EventRow::eventType, Collectors.counting()));
            assertThat(bounces).as("bounces %d", jobId).containsEntry("HardBounce", (long) send.hardBounces())
                    .containsEntry("SoftBounce", (long) send.softBounces())
                    .containsEntry("OtherBounce", (long) send.otherBounces());
            assertThat(send.numberDelivered())
                    .isEqualTo(send.numberSent() - send.hardBounces() - send.softBounces() - send.otherBounces());
            assertThat(subscribers(events("OpenEvent", jobId)))
                    .doesNotContainAnyElementsOf(subscribers(events("BounceEvent", jobId)));
        }
        assertThat(events("OpenEvent", 910001)).hasSize(6200);
        assertThat(events("ClickEvent", 910002)).hasSize(130);
        assertThat(events("SentEvent", 910004)).isEmpty();
    }

    @Test
    void recentSend_hasNoEventsInTheFuture() {
        Predicate<EventRow> future = event -> event.eventDate().isAfter(NOW);
        assertThat(EventTypes.all().stream().flatMap(type -> data.events(type).stream()).filter(future)).isEmpty();
    }

    @Test
    void generators_areDeterministic() {
        DataSet again = DataLoader.load("classpath:demo-data.json", SimulatorJson.mapper(NOW));

        assertThat(again.events("ClickEvent").stream().toList()).isEqualTo(data.events("ClickEvent").stream().toList());
    }

    private static SendRow send(int jobId) {
        return data.sends().stream().map(StoredSend::send).filter(send -> send.id() == jobId).findFirst()
                .orElseThrow();
    }

    private static List<EventRow> events(String type, int jobId) {
        return data.events(type).stream().filter(event -> event.sendId() == jobId).toList();
    }

    private static Set<String> subscribers(List<EventRow> events) {
        return events.stream().map(EventRow::subscriberKey).collect(Collectors.toSet());
    }
}
