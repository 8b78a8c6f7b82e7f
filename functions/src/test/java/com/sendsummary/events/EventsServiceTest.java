package com.sendsummary.events;

import static com.sendsummary.events.TestEvents.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cursor.ListingTooDeepException;
import com.sendsummary.cursor.TestCursors;
import com.sendsummary.events.TestEvents.ListSource;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.SendNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsServiceTest {
    private static final Instant T0 = Instant.parse("2025-11-04T15:00:00Z");
    private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");
    private static final EventSelection ALL_OPENS = new EventSelection(910001, null, TrackingEventType.OPEN, null, null);

    private final List<String> sendChecks = new ArrayList<>();

    /** 40 opens at 12 distinct dates: groups of 1 to 7 events share a date, so pages often end inside a group. */
    private static List<TrackingEvent> opensWithTies() {
        List<TrackingEvent> rows = new ArrayList<>();
        int n = 0;
        int[] groupSizes = {1, 3, 7, 2, 1, 5, 1, 6, 4, 1, 2, 7};
        for (int group = 0; group < groupSizes.length; group++) {
            for (int i = 0; i < groupSizes[group]; i++) {
                rows.add(open("s-" + (n++), T0.plusSeconds(group * 60L)));
            }
        }
        return rows;
    }

    private EventsService service(ListSource source) {
        return new EventsService(source, (jobId, clientId) -> sendChecks.add(jobId + "/" + clientId), TestCursors.CODEC);
    }

    /** Follows nextCursor to the end, as a client would (through the encoded text). */
    private List<EventsPage> allPages(EventsService service, EventSelection selection, int limit) {
        List<EventsPage> pages = new ArrayList<>();
        EventCursor.Position position = new EventCursor.Start();
        Instant asOf = AS_OF;
        EventWindow window = EventWindow.resolve(selection.from(), selection.to(), asOf);
        while (true) {
            EventsPage page = service.page(new EventPageRequest(selection, window, asOf, limit, position));
            pages.add(page);
            if (page.nextCursor() == null) {
                return pages;
            }
            EventCursor cursor = EventCursor.decode(page.nextCursor(), TestCursors.CODEC).orElseThrow();
            assertThat(cursor.selection()).isEqualTo(selection);
            position = cursor.position();
            asOf = cursor.asOf();
        }
    }

    private static List<String> keys(List<EventsPage> pages) {
        return pages.stream().flatMap(p -> p.events().stream()).map(EventItem::subscriberKey).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 39, 40, 41, 1000})
    void page_whenFollowingCursorsOverTies_returnsEveryEventOnceInOrder(int limit) {
        List<TrackingEvent> rows = opensWithTies();
        ListSource source = new ListSource(rows);

        List<EventsPage> pages = allPages(service(source), ALL_OPENS, limit);

        assertThat(keys(pages)).containsExactlyElementsOf(rows.stream().map(TrackingEvent::subscriberKey).toList());
        assertThat(pages).hasSize(Math.max(1, (rows.size() + limit - 1) / limit));
        assertThat(pages.getLast().nextCursor()).isNull();
    }

    @Test
    void page_whenResumingByDate_asksSfmcOnlyFromTheCursorsDate() {
        ListSource source = new ListSource(opensWithTies());

        allPages(service(source), ALL_OPENS, 10);

        assertThat(source.queries.getFirst().from()).isNull();
        assertThat(source.queries.subList(1, source.queries.size()))
                .allSatisfy(q -> assertThat(q.from()).isNotNull().isBeforeOrEqualTo(q.to()))
                .allSatisfy(q -> assertThat(q.to()).isEqualTo(AS_OF));
        // Each page reads at most its own events, the skipped ties and one look-ahead: never the earlier pages.
        assertThat(source.rowsServed).isLessThan(40 + 4 * (7 + 1));
    }

    @Test
    void page_whenSfmcOrderIsNotByDate_pagesByOffsetAndStillReturnsEveryEventOnce() {
        List<TrackingEvent> rows = new ArrayList<>(opensWithTies());
        Collections.shuffle(rows, new Random(7));
        ListSource source = new ListSource(rows);

        List<EventsPage> pages = allPages(service(source), ALL_OPENS, 6);

        assertThat(keys(pages)).containsExactlyElementsOf(rows.stream().map(TrackingEvent::subscriberKey).toList());
        assertThat(EventCursor.decode(pages.getFirst().nextCursor(), TestCursors.CODEC).orElseThrow().position())
                .isInstanceOf(EventCursor.AtOffset.class);
        assertThat(source.queries).extracting(EventQuery::from).containsOnlyNulls();
    }

    @Test
    void page_whenTheNextOffsetWouldPassTheCap_answersListingTooDeepInsteadOfACursorNobodyCouldUse() {
        List<TrackingEvent> rows = new ArrayList<>();
        for (int i = 0; i < EventCursor.MAX_SKIP + 20; i++) {
            // Alternating dates: out of order, so the listing pages by offset.
            rows.add(open("s-" + i, T0.plusSeconds(i % 2 == 0 ? i : -i)));
        }
        EventsService service = service(new ListSource(rows));
        EventWindow window = EventWindow.resolve(null, null, AS_OF);

        EventsPage lastAllowed = service.page(new EventPageRequest(ALL_OPENS, window, AS_OF, 5,
                new EventCursor.AtOffset(EventCursor.MAX_SKIP - 10)));
        assertThat(lastAllowed.nextCursor()).isNotNull();
        assertThatThrownBy(() -> service.page(new EventPageRequest(ALL_OPENS, window, AS_OF, 10,
                new EventCursor.AtOffset(EventCursor.MAX_SKIP - 5))))
                .isInstanceOf(ListingTooDeepException.class);
    }

    @Test
    void page_whenDateResumedPageFindsEventsOutOfOrder_failsInsteadOfSkipping() {
        List<TrackingEvent> rows = List.of(open("a", T0.plusSeconds(60)), open("b", T0.plusSeconds(180)),
                open("c", T0.plusSeconds(120)));
        EventPageRequest second = new EventPageRequest(ALL_OPENS, new EventWindow(null, AS_OF), AS_OF, 10,
                new EventCursor.AfterDate(T0.plusSeconds(60), 1));

        assertThatThrownBy(() -> service(new ListSource(rows)).page(second))
                .isInstanceOf(EventOrderException.class)
                .hasMessageContaining("restart");
    }

    @Test
    void page_whenTiesAtTheCursorDateShrank_doesNotSkipLaterEvents() {
        // The cursor says 3 events at T0 were returned, but SFMC now has only 2 there: nothing later is skipped.
        List<TrackingEvent> rows = List.of(open("a", T0), open("b", T0), open("c", T0.plusSeconds(1)));
        EventPageRequest request = new EventPageRequest(ALL_OPENS, new EventWindow(null, AS_OF), AS_OF, 10,
                new EventCursor.AfterDate(T0, 3));

        EventsPage page = service(new ListSource(rows)).page(request);

        assertThat(page.events()).extracting(EventItem::subscriberKey).containsExactly("c");
    }

    @Test
    void page_whenNoWindowGiven_leavesOutEventsAfterTheFrozenNow() {
        List<TrackingEvent> rows = List.of(open("a", T0), open("b", AS_OF), open("late", AS_OF.plusMillis(1)));

        EventsPage page = service(new ListSource(rows)).page(
                new EventPageRequest(ALL_OPENS, new EventWindow(null, AS_OF), AS_OF, 10, new EventCursor.Start()));

        assertThat(page.events()).extracting(EventItem::subscriberKey).containsExactly("a", "b");
        assertThat(page.from()).isNull();
        assertThat(page.to()).isEqualTo(AS_OF);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void page_whenWindowGiven_asksSfmcForThatClosedRange() {
        ListSource source = new ListSource(opensWithTies());
        EventSelection selection = new EventSelection(910001, 100002, TrackingEventType.OPEN, T0.plusSeconds(60),
                T0.plusSeconds(120));

        EventsPage page = service(source).page(new EventPageRequest(selection,
                EventWindow.resolve(selection.from(), selection.to(), AS_OF), AS_OF, 100, new EventCursor.Start()));

        assertThat(source.queries).containsExactly(new EventQuery(TrackingEventType.OPEN, 910001, 100002,
                T0.plusSeconds(60), T0.plusSeconds(120), false));
        assertThat(page.events()).hasSize(3 + 7);
        assertThat(page.clientId()).isEqualTo(100002);
    }

    @Test
    void page_checksTheSendOnTheFirstPageOnly() {
        allPages(service(new ListSource(opensWithTies())), ALL_OPENS, 10);

        assertThat(sendChecks).containsExactly("910001/null");
    }

    @Test
    void page_whenSendUnknown_throwsBeforeReadingEvents() {
        ListSource source = new ListSource(opensWithTies());
        EventsService service = new EventsService(source, (jobId, clientId) -> {
            throw new SendNotFoundException(jobId, clientId);
        }, TestCursors.CODEC);

        assertThatThrownBy(() -> service.page(new EventPageRequest(ALL_OPENS, new EventWindow(null, AS_OF), AS_OF, 10,
                new EventCursor.Start()))).isInstanceOf(SendNotFoundException.class);
        assertThat(source.queries).isEmpty();
    }

    @Test
    void page_whenStreamFails_propagatesAndClosesTheStream() {
        boolean[] closed = {false};
        EventSource failing = query -> java.util.stream.Stream.<TrackingEvent>generate(() -> {
            throw new IllegalStateException("SFMC down");
        }).onClose(() -> closed[0] = true);

        assertThatThrownBy(() -> new EventsService(failing, (j, c) -> { }, TestCursors.CODEC).page(new EventPageRequest(ALL_OPENS,
                new EventWindow(null, AS_OF), AS_OF, 10, new EventCursor.Start())))
                .hasMessage("SFMC down");
        assertThat(closed[0]).isTrue();
    }

    @Test
    void eventItem_carriesTheFieldsOfItsType() {
        TrackingEvent click = TestEvents.click("s-1", T0, 55501, "https://example.com/");
        TrackingEvent bounce = TestEvents.bounce("s-2", T0, "Hard bounce", "immediate", "HardBounce");
        TrackingEvent notSent = new TrackingEvent(TrackingEventType.NOT_SENT, 910001, null, "s-3", T0, "NotSent", null,
                null, null, null, null, null, null, null, Map.of("ListID", "3001", "Reason", "Unsubscribed"));

        assertThat(EventItem.from(click)).isEqualTo(new EventItem("s-1", T0, "click", 1, "https://example.com/",
                55501, null, null, null, null, null));
        assertThat(EventItem.from(bounce)).isEqualTo(new EventItem("s-2", T0, "bounce", 1, null, null, "Hard bounce",
                "550", "550 5.1.1 User unknown", "immediate", null));
        assertThat(EventItem.from(notSent)).isEqualTo(new EventItem("s-3", T0, "notsent", null, null, null, null, null,
                null, null, "Unsubscribed"));
    }
}
