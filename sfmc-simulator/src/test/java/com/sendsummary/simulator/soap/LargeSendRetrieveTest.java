package com.sendsummary.simulator.soap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.SfmcTime;
import com.sendsummary.simulator.auth.AuthContext;
import com.sendsummary.simulator.data.DataLoader;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.DataStore;
import com.sendsummary.simulator.data.SimulatorJson;
import com.sendsummary.simulator.wsdl.APIObject;
import com.sendsummary.simulator.wsdl.ComplexFilterPart;
import com.sendsummary.simulator.wsdl.FilterPart;
import com.sendsummary.simulator.wsdl.LogicalOperators;
import com.sendsummary.simulator.wsdl.RetrieveOptions;
import com.sendsummary.simulator.wsdl.RetrieveRequest;
import com.sendsummary.simulator.wsdl.RetrieveResponseMsg;
import com.sendsummary.simulator.wsdl.SimpleFilterPart;
import com.sendsummary.simulator.wsdl.SimpleOperators;
import com.sendsummary.simulator.wsdl.TrackingEvent;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The large lazy sends of {@code large-send.json} read through {@link RetrieveService} (the SOAP layer's own
 * semantics, without XML, so a full read of 1.5 million rows stays a unit test): row counts, heap, pages per second,
 * narrow EventDate windows and late arrivals.
 */
class LargeSendRetrieveTest {

    private static final String DATA = "classpath:demo-data.json,classpath:large-send.json";
    private static final AuthContext CALLER = new AuthContext("demo-client-id", 100001);
    private static final Map<String, Integer> SEND_990001 = new LinkedHashMap<>();
    private static final ObjectMapper MAPPER = SimulatorJson.mapper(Instant.parse("2026-01-15T12:00:00Z"));

    private static long heapBeforeLoad;
    private static long heapAfterLoad;
    private static DataSet loaded;

    static {
        SEND_990001.put("SentEvent", 1_000_000);
        SEND_990001.put("OpenEvent", 400_000);
        SEND_990001.put("ClickEvent", 100_000);
        SEND_990001.put("BounceEvent", 20_000);
        SEND_990001.put("UnsubEvent", 5_000);
        SEND_990001.put("NotSentEvent", 2_000);
        SEND_990001.put("ForwardedEmailEvent", 300);
    }

    @BeforeAll
    static void load() {
        heapBeforeLoad = heapAfterGc();
        loaded = DataLoader.load(DATA, MAPPER);
        heapAfterLoad = heapAfterGc();
    }

    @Test
    void retrieve_whenWholeLargeSendPaged_returnsEveryRowWithoutMaterialisingIt() {
        RetrieveService service = service(store(loaded));
        long pages = 0;
        long rows = 0;
        long started = System.nanoTime();
        for (Map.Entry<String, Integer> type : SEND_990001.entrySet()) {
            long[] count = new long[1];
            pages += read(service, request(type.getKey(), 990001, null, null, null), row -> count[0]++);
            assertThat(count[0]).as(type.getKey()).isEqualTo(type.getValue().longValue());
            rows += count[0];
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long heapAfterScan = heapAfterGc();
        System.out.printf("large send 990001: %d rows in %d pages, %.1f s, %.0f pages/s, %.0f rows/s;"
                        + " heap after GC: before load %d MB, after load %d MB, after full scan %d MB%n",
                rows, pages, seconds, pages / seconds, rows / seconds, heapBeforeLoad >> 20, heapAfterLoad >> 20,
                heapAfterScan >> 20);
        assertThat(rows).isEqualTo(1_527_300);
        assertThat(heapAfterLoad - heapBeforeLoad).as("heap grown by loading").isLessThan(64L << 20);
    }

    @Test
    void retrieve_whenNarrowDateWindow_returnsExactlyTheRowsAScanFinds() {
        Instant from = Instant.parse("2025-12-11T10:00:00Z");
        Instant to = Instant.parse("2025-12-11T10:59:59.999Z");

        List<TrackingEvent> window = readAll(service(store(loaded)), request("OpenEvent", 990001, from, to, 2500))
                .rows();

        List<String> expected = loaded.events("OpenEvent").stream()
                .filter(row -> row.sendId() == 990001 && !row.eventDate().isBefore(from) && !row.eventDate().isAfter(to))
                .map(row -> row.subscriberKey() + "@" + row.eventDate())
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(window).extracting(LargeSendRetrieveTest::key).containsExactlyElementsOf(expected);
    }

    @Test
    void retrieve_whenMediumSendPagedInSmallBatches_matchesTheMergedOrder() {
        Read read = readAll(service(store(loaded)), request("ClickEvent", 990002, null, null, 200));

        assertThat(read.pages()).isEqualTo(15);
        assertThat(read.rows()).extracting(LargeSendRetrieveTest::key).containsExactlyElementsOf(
                loaded.events("ClickEvent").stream().filter(row -> row.sendId() == 990002)
                        .map(row -> row.subscriberKey() + "@" + row.eventDate()).toList());
    }

    @Test
    void addEvents_whenLateArrivalsAppended_newReadsSeeThemAndOpenCursorsKeepTheirSnapshot() throws Exception {
        DataStore store = store(loaded);
        RetrieveService service = service(store);
        Instant from = Instant.parse("2025-12-01T14:00:00Z");
        Instant to = Instant.parse("2025-12-01T20:00:00Z");
        int before = readAll(service, request("OpenEvent", 990001, from, to, 2500)).rows().size();
        RetrieveResponseMsg firstPage = service.retrieve(request("OpenEvent", 990001, from, to, 100), CALLER, "");
        assertThat(firstPage.getOverallStatus()).isEqualTo("MoreDataAvailable");

        JsonNode late = MAPPER.readTree("""
                {"sendId": 990001, "type": "OpenEvent", "count": 10000, "uniqueSubscribers": 5000,
                 "subscriberOffset": 100, "start": "2025-12-01T14:10:00Z", "spread": "PT5H", "seed": 42}""");
        long started = System.nanoTime();
        store.addEvents(List.of(late));
        long appendMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("appending 10,000 eager late opens to 990001 took %d ms (window of %d rows)%n", appendMillis,
                before);

        assertThat(readAll(service, request("OpenEvent", 990001, from, to, 2500)).rows()).hasSize(before + 10_000);
        List<TrackingEvent> fromOldCursor = new ArrayList<>(firstPage.getResults().stream()
                .map(TrackingEvent.class::cast).toList());
        fromOldCursor.addAll(continueAll(service, firstPage.getRequestID()).rows());
        assertThat(fromOldCursor).hasSize(before);
        assertThat(store.current().events("OpenEvent").sources()).containsAll(loaded.events("OpenEvent").sources());
    }

    private static DataStore store(DataSet data) {
        return new DataStore(CompletableFuture.completedFuture(data), MAPPER);
    }

    private static RetrieveService service(DataStore store) {
        return new RetrieveService(store, new PagingStore(Clock.systemUTC()), new BatchWatermarks(), 2500);
    }

    private static Read readAll(RetrieveService service, RetrieveRequest request) {
        List<TrackingEvent> rows = new ArrayList<>();
        int pages = read(service, request, rows::add);
        return new Read(rows, pages);
    }

    private static Read continueAll(RetrieveService service, String requestId) {
        List<TrackingEvent> rows = new ArrayList<>();
        int pages = readFrom(service, requestId, rows::add);
        return new Read(rows, pages);
    }

    /** Pages through a Retrieve handing every row to the sink (nothing kept); returns the number of pages. */
    private static int read(RetrieveService service, RetrieveRequest request, Consumer<TrackingEvent> sink) {
        RetrieveResponseMsg page = service.retrieve(request, CALLER, "");
        events(page.getResults()).forEach(sink);
        if (!page.getOverallStatus().equals("MoreDataAvailable")) {
            assertThat(page.getOverallStatus()).isEqualTo("OK");
            return 1;
        }
        return 1 + readFrom(service, page.getRequestID(), sink);
    }

    private static int readFrom(RetrieveService service, String requestId, Consumer<TrackingEvent> sink) {
        int pages = 0;
        String next = requestId;
        while (next != null) {
            RetrieveRequest continuation = new RetrieveRequest();
            continuation.setContinueRequest(next);
            RetrieveResponseMsg page = service.retrieve(continuation, CALLER, "");
            assertThat(page.getOverallStatus()).isIn("OK", "MoreDataAvailable");
            events(page.getResults()).forEach(sink);
            pages++;
            next = page.getOverallStatus().equals("MoreDataAvailable") ? page.getRequestID() : null;
        }
        return pages;
    }

    private static List<TrackingEvent> events(List<APIObject> results) {
        return results.stream().map(TrackingEvent.class::cast).toList();
    }

    private static String key(TrackingEvent event) {
        return event.getSubscriberKey() + "@" + SfmcTime.fromCalendar(event.getEventDate());
    }

    private static RetrieveRequest request(String type, int sendId, Instant from, Instant to, Integer batchSize) {
        RetrieveRequest request = new RetrieveRequest();
        request.setObjectType(type);
        request.getProperties().addAll(List.of("SendID", "SubscriberKey", "EventDate", "EventType"));
        FilterPart bySend = simple("SendID", SimpleOperators.EQUALS, String.valueOf(sendId));
        if (from == null) {
            request.setFilter(bySend);
        } else {
            ComplexFilterPart and = new ComplexFilterPart();
            and.setLeftOperand(bySend);
            and.setLogicalOperator(LogicalOperators.AND);
            ComplexFilterPart range = new ComplexFilterPart();
            range.setLeftOperand(simple("EventDate", SimpleOperators.GREATER_THAN_OR_EQUAL, from.toString()));
            range.setLogicalOperator(LogicalOperators.AND);
            range.setRightOperand(simple("EventDate", SimpleOperators.LESS_THAN_OR_EQUAL, to.toString()));
            and.setRightOperand(range);
            request.setFilter(and);
        }
        if (batchSize != null) {
            RetrieveOptions options = new RetrieveOptions();
            options.setBatchSize(batchSize);
            request.setOptions(options);
        }
        return request;
    }

    private static SimpleFilterPart simple(String property, SimpleOperators operator, String value) {
        SimpleFilterPart part = new SimpleFilterPart();
        part.setProperty(property);
        part.setSimpleOperator(operator);
        part.getValue().add(value);
        return part;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private record Read(List<TrackingEvent> rows, int pages) {
    }
}
