package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.MutableClock;
import com.sendsummary.engagement.ComputationQueue;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.engagement.EngagementSettings;
import com.sendsummary.engagement.InMemoryEngagementStore;
import com.sendsummary.events.TestEvents;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.TtlPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker's entry point: the SQS event in, {@code batchItemFailures} out, one log line per message. */
class EngagementWorkerHandlerTest {
    private final InMemoryEngagementStore store = new InMemoryEngagementStore();
    private final List<String> lines = new ArrayList<>();
    private final EngagementWorkerHandler handler = new EngagementWorkerHandler(new EngagementComputations(store,
            (message, delay) -> { }, new TestEvents.ListSource(List.of()), new EngagementSettings(Optional.of("q"),
            Optional.empty(), Duration.ofHours(1), 100_000, Duration.ofDays(1)),
            new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72)),
            new MutableClock(Instant.parse("2026-11-26T12:00:00Z"))), Duration.ofMillis(500));

    @Test
    void messages_thatAreNotComputationMessagesOrNameNoComputation_areAcknowledgedAndLogged() throws Exception {
        JsonNode answer = invoke("""
                {"Records":[{"messageId":"m1","body":"not json"},
                            {"messageId":"m2","body":"{\\"jobId\\":990001,\\"clientId\\":null,\\"computationId\\":\\"c\\"}"}]}""");

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"status\":\"rejected\"").contains("\"messageId\":\"m1\"");
        assertThat(lines.get(1)).contains("\"status\":\"stale\"").contains("\"jobId\":990001");
    }

    @Test
    void aMessageWhoseStepFailsOnAws_isReportedForRedelivery() throws Exception {
        store.items.put(EngagementComputations.key(990001, null), started());
        store.failWrites.set(1);

        JsonNode answer = invoke("""
                {"Records":[{"messageId":"m3","body":"{\\"jobId\\":990001,\\"computationId\\":\\"%s\\"}"}]}"""
                .formatted(store.items.get(EngagementComputations.key(990001, null)).computation().id()));

        assertThat(answer.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("m3");
        assertThat(lines.getFirst()).contains("\"status\":\"failed\"").contains("\"level\":\"ERROR\"");
    }

    @Test
    void anEventThatIsNotJson_hasNoRecordsAndNoFailures() throws Exception {
        assertThat(invoke("garbage").path("batchItemFailures")).isEmpty();
    }

    private com.sendsummary.engagement.EngagementItem started() {
        InMemoryEngagementStore scratch = new InMemoryEngagementStore();
        List<ComputationQueue.Message> sent = new ArrayList<>();
        EngagementComputations computations = new EngagementComputations(scratch, (m, d) -> sent.add(m),
                new TestEvents.ListSource(List.of()), new EngagementSettings(Optional.of("q"), Optional.empty(),
                Duration.ofHours(1), 0, Duration.ofDays(1)),
                new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72)),
                new MutableClock(Instant.parse("2026-11-26T12:00:00Z")));
        com.sendsummary.sfmc.SendRecord send = new com.sendsummary.sfmc.SendRecord(990001, null, 1, "e", "s", null,
                null, "Complete", true, Instant.parse("2026-11-20T00:00:00Z"), null, null, null, 1_000_000, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        com.sendsummary.sfmc.Deadline.in(Duration.ofSeconds(5)).run(() -> computations.refresh(send, Duration.ZERO));
        return scratch.items.get(EngagementComputations.key(990001, null));
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                TestContext.of("req-1", new com.amazonaws.services.lambda.runtime.LambdaLogger() {
                    @Override
                    public void log(String message) {
                        log(message.getBytes(StandardCharsets.UTF_8));
                    }

                    @Override
                    public void log(byte[] message) {
                        String line = new String(message, StandardCharsets.UTF_8);
                        if (line.contains("\"engagement-step\"")) {
                            lines.add(line);
                        }
                    }
                }));
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
