package com.sendsummary.local.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.Logs;
import com.sendsummary.local.ProjectLayout;
import com.sendsummary.local.Simulator;
import com.sendsummary.local.SimulatorAdmin;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcAuthenticationException;
import com.sendsummary.sfmc.SfmcClientSettings;
import com.sendsummary.sfmc.SfmcCredentials;
import com.sendsummary.sfmc.SfmcFaultException;
import com.sendsummary.sfmc.SfmcMalformedResponseException;
import com.sendsummary.sfmc.SfmcRequestRejectedException;
import com.sendsummary.sfmc.SfmcSoapClient;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.SfmcTimeoutException;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real SFMC client against the SFMC simulator over HTTP: every request it sends is validated by the simulator
 * against the official WSDL, so a request the schema rejects fails these tests as a SOAP fault.
 */
class SfmcSoapClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A send with far more events than fit in memory-flatness noise: 40 pages of 2,500. */
    private static final int BIG_SEND = 920001;
    private static final int BIG_SEND_OPENS = 100_000;

    private static Simulator simulator;
    private static SimulatorAdmin admin;
    private SfmcSoapClient client;

    @BeforeAll
    static void startSimulator() throws Exception {
        ProjectLayout layout = ProjectLayout.detect();
        Path data = layout.workDirectory().resolve("it").resolve("sfmc-client-it-data.json");
        Files.createDirectories(data.getParent());
        ObjectNode demo = (ObjectNode) JSON.readTree(layout.root().resolve(
                "sfmc-simulator/src/main/resources/demo-data.json").toFile());
        ((ArrayNode) demo.get("sends")).addObject()
                .put("id", BIG_SEND).put("clientId", 100001).put("emailName", "Paging test").put("status", "Complete")
                .put("sendDate", "2025-10-01T12:00:00Z").put("sentDate", "2025-10-01T12:05:00Z")
                .put("numberSent", BIG_SEND_OPENS).put("numberDelivered", BIG_SEND_OPENS).put("uniqueOpens", BIG_SEND_OPENS);
        ((ArrayNode) demo.get("events")).addObject()
                .put("sendId", BIG_SEND).put("type", "OpenEvent").put("count", BIG_SEND_OPENS)
                .put("uniqueSubscribers", BIG_SEND_OPENS).put("start", "2025-10-01T12:06:00Z").put("spread", "PT48H");
        JSON.writeValue(data.toFile(), demo);
        simulator = Simulator.start(layout, List.of("--data", data.toString()),
                Logs.toFiles(layout.logDirectory()));
        admin = simulator.admin();
    }

    @AfterAll
    static void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void newClient() {
        admin.reset();
        client = new SfmcSoapClient(oauth(), new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2500));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static SfmcCredentials oauth() {
        return new SfmcCredentials("demo-client-id", "demo-client-secret", simulator.baseUri(), simulator.soapUri(),
                100001L, null, null);
    }

    @Test
    void retrieveSend_returnsEveryCounterAndDateOfTheSend() {
        SendRecord send = client.retrieveSend(910001, null).orElseThrow();

        assertThat(send).isEqualTo(new SendRecord(910001, 100001, 41001, "November Newsletter",
                "Your November update is here", "Demo Brand", "news@demo-brand.example", "Complete", true,
                Instant.parse("2025-11-04T15:14:02.113Z"), Instant.parse("2025-11-04T15:00:00Z"),
                Instant.parse("2025-11-03T21:47:10.200Z"), Instant.parse("2025-11-04T15:14:02.113Z"),
                25000, 24710, 25060, 0, 60, 4100, 811, 95, 180, 15, 42, 7, 25, 35, 0, 0, 12));
        assertThat(admin.requests().retrieve("Send")).isEqualTo(1);
        assertThat(admin.requests().token()).isEqualTo(1);
    }

    @Test
    void retrieveSend_whenJobIdUnknown_returnsEmpty() {
        assertThat(client.retrieveSend(999999, null)).isEmpty();
    }

    @Test
    void retrieveSend_whenChildBusinessUnit_needsItsClientId() {
        assertThat(client.retrieveSend(910002, null)).isEmpty();
        assertThat(client.retrieveSend(910002, 100002)).hasValueSatisfying(send -> {
            assertThat(send.clientId()).isEqualTo(100002);
            assertThat(send.numberSent()).isEqualTo(1200);
        });
    }

    @Test
    void retrieveSend_withLegacyUsernamePassword_authenticatesWithoutToken() {
        SfmcCredentials legacy = new SfmcCredentials(null, null, null, simulator.soapUri(), null,
                "demo-user", "demo-password");
        try (SfmcSoapClient legacyClient = new SfmcSoapClient(legacy,
                new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2500))) {
            assertThat(legacyClient.retrieveSend(910001, null)).isPresent();
        }
        assertThat(admin.requests().token()).isZero();
    }

    @Test
    void retrieveSend_whenCredentialsWrong_throwsAuthenticationError() {
        SfmcCredentials wrong = new SfmcCredentials("demo-client-id", "not-the-secret", simulator.baseUri(),
                simulator.soapUri(), 100001L, null, null);
        try (SfmcSoapClient wrongClient = new SfmcSoapClient(wrong,
                new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 2500))) {
            assertThatThrownBy(() -> wrongClient.retrieveSend(910001, null))
                    .isInstanceOf(SfmcAuthenticationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-secret"));
        }
    }

    @Test
    void retrieveSends_returnsTheSendsWhoseSendDateIsInTheWindow() {
        List<Integer> november;
        try (Stream<SendRecord> sends = client.retrieveSends(Instant.parse("2025-11-01T00:00:00Z"),
                Instant.parse("2025-11-30T00:00:00Z"), null)) {
            november = sends.map(SendRecord::jobId).toList();
        }
        List<Integer> childNovember;
        try (Stream<SendRecord> sends = client.retrieveSends(Instant.parse("2025-11-01T00:00:00Z"),
                Instant.parse("2025-11-30T00:00:00Z"), 100002)) {
            childNovember = sends.map(SendRecord::jobId).toList();
        }

        assertThat(november).containsExactly(910001);
        assertThat(childNovember).containsExactly(910002);
    }

    @Test
    void retrieveEvents_whenWindowGiven_returnsOnlyEventsInsideIt() {
        Instant from = Instant.parse("2025-11-04T15:00:00Z");
        Instant to = Instant.parse("2025-11-05T03:00:00Z");
        List<TrackingEvent> clicks;
        try (Stream<TrackingEvent> events = client.retrieveEvents(
                new EventQuery(TrackingEventType.CLICK, 910001, null, from, to, false))) {
            clicks = events.toList();
        }

        assertThat(clicks).isNotEmpty().hasSizeLessThan(1150).allSatisfy(click -> {
            assertThat(click.eventDate()).isBetween(from, to);
            assertThat(click.url()).startsWith("https://demo-brand.example/");
            assertThat(click.urlId()).isNotNull();
            assertThat(click.sendId()).isEqualTo(910001);
        });
    }

    @Test
    void retrieveEvents_pagesThroughEveryPageInConstantMemory() {
        Runtime runtime = Runtime.getRuntime();
        List<Long> heapAtPageEnds = new ArrayList<>();
        long count = 0;
        try (Stream<TrackingEvent> events = client.retrieveEvents(EventQuery.of(TrackingEventType.OPEN, BIG_SEND))) {
            Iterator<TrackingEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                assertThat(iterator.next().sendId()).isEqualTo(BIG_SEND);
                if (++count % 10_000 == 0) {
                    System.gc();
                    heapAtPageEnds.add(runtime.totalMemory() - runtime.freeMemory());
                }
            }
        }

        assertThat(count).isEqualTo(BIG_SEND_OPENS);
        assertThat(admin.requests().retrieve("OpenEvent")).isEqualTo(BIG_SEND_OPENS / 2500);
        // Holding 100,000 events would take tens of MB; streaming keeps the heap within a page or two of the start.
        long growth = heapAtPageEnds.getLast() - heapAtPageEnds.get(1);
        assertThat(growth).as("heap growth between event 20,000 and 100,000, bytes").isLessThan(12L * 1024 * 1024);
    }

    @Test
    void retrieveEvents_whenTokenExpiresMidStream_refreshesOnceAndCarriesOn() {
        long count = 0;
        try (Stream<TrackingEvent> events = client.retrieveEvents(EventQuery.of(TrackingEventType.OPEN, 910001))) {
            Iterator<TrackingEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                iterator.next();
                if (++count == 2500) {
                    admin.expireTokens();   // the next page is requested with a token SFMC no longer accepts
                }
            }
        }

        assertThat(count).isEqualTo(6200);
        assertThat(admin.requests().token()).isEqualTo(2);
        assertThat(admin.requests().retrieve("OpenEvent")).isEqualTo(4);   // 3 pages + 1 retried after refresh
    }

    @Test
    void retrieveSend_whenOverallStatusIsError_throwsRequestRejected() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "errorStatus",
                "message", "API Permission Failed"));

        assertThatThrownBy(() -> client.retrieveSend(910001, null))
                .isInstanceOfSatisfying(SfmcRequestRejectedException.class, e -> {
                    assertThat(e.overallStatus()).isEqualTo("Error: API Permission Failed");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void retrieveSend_whenSoapFaultWithApiFault_throwsFaultWithCode() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "soapFault",
                "apiFaultCode", 2, "message", "Unexpected error"));

        assertThatThrownBy(() -> client.retrieveSend(910001, null))
                .isInstanceOfSatisfying(SfmcFaultException.class, e -> {
                    assertThat(e.apiFaultCode()).isEqualTo(2);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void retrieveSend_whenHttp500_throwsThrottled() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        assertThatThrownBy(() -> client.retrieveSend(910001, null))
                .isInstanceOfSatisfying(SfmcThrottledException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void retrieveSend_whenSlowerThanReceiveTimeout_throwsTimeout() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "delay", "delayMillis", 3000));
        try (SfmcSoapClient impatient = new SfmcSoapClient(oauth(),
                new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofMillis(800), 2500))) {
            assertThatThrownBy(() -> impatient.retrieveSend(910001, null))
                    .isInstanceOfSatisfying(SfmcTimeoutException.class, e -> assertThat(e.retryable()).isTrue());
        }
    }

    @Test
    void retrieveSend_whenBodyMalformed_throwsMalformedResponse() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "malformed"));

        assertThatThrownBy(() -> client.retrieveSend(910001, null)).isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void retrieveSend_whenSfmcAddsUnknownElementsAndTypes_stillParses() {
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "unknownElements"));
        assertThat(client.retrieveSend(910001, null)).hasValueSatisfying(
                send -> assertThat(send.numberSent()).isEqualTo(25000));

        admin.clearFaults();
        admin.addFault(Map.of("match", Map.of("objectType", "Send"), "action", "unknownResultType"));
        assertThat(client.retrieveSend(910001, null)).hasValueSatisfying(
                send -> assertThat(send.jobId()).isEqualTo(910001));
    }
}
