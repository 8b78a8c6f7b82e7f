package com.sendsummary.events;

import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.cursor.ListingTooDeepException;
import com.sendsummary.events.EventCursor.AfterDate;
import com.sendsummary.events.EventCursor.AtOffset;
import com.sendsummary.events.EventCursor.Position;
import com.sendsummary.events.EventCursor.Start;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.TrackingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pages through the tracking events of one send and type, streaming from SFMC: a page reads at most
 * {@code limit + 1} eligible events (plus the ones it skips), whatever the size of the window.
 *
 * <p>Paging. SFMC has no server-side cursor that outlives a request, so each page runs a new Retrieve:
 * <ul>
 *   <li>By date (normal case): the cursor holds the EventDate of the last event returned and how many events at
 *       exactly that date were returned; the next page asks SFMC for {@code EventDate >= that date} and skips those.
 *       One page costs about one SFMC page, however deep. This needs SFMC to return events in EventDate order (the
 *       simulator does; the SOAP contract does not say), so every page checks the order of what it reads.</li>
 *   <li>By offset (fallback): when the first page shows events out of date order (or without a date), the cursor
 *       holds the number of rows consumed and the next page reruns the same query and skips them. Correct as long as
 *       SFMC returns a stable order; deep pages re-read the earlier SFMC pages.</li>
 *   <li>A date-resumed page that sees events out of order fails with {@link EventOrderException} instead of
 *       returning a page that might have skipped events.</li>
 * </ul>
 * Events dated after the window's {@code to} (frozen at the first page when the caller gave no {@code to}) are left
 * out, so late-arriving events do not shift pages. The first page (no cursor) checks that the send exists.
 */
public final class EventsService {
    private final EventSource source;
    private final SendCheck sends;
    private final CursorCodec cursors;

    public EventsService(EventSource source, SendCheck sends, CursorCodec cursors) {
        this.source = source;
        this.sends = sends;
        this.cursors = cursors;
    }

    /**
     * One page of events.
     *
     * @throws com.sendsummary.summary.SendNotFoundException on the first page, if SFMC has no such send
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails
     * @throws EventOrderException if a date-resumed page finds SFMC's order is not by EventDate
     */
    public EventsPage page(EventPageRequest request) {
        EventSelection selection = request.selection();
        if (request.position() instanceof Start) {
            sends.requireSend(selection.jobId(), selection.clientId());
        }
        PageReader reader = new PageReader(request);
        try (Stream<TrackingEvent> events = source.events(query(request))) {
            reader.read(events.iterator());
        }
        String nextCursor = reader.next()
                .map(position -> new EventCursor(selection, request.asOf(), position).encode(cursors))
                .orElse(null);
        return new EventsPage(selection.jobId(), selection.clientId(), EventTypeNames.name(selection.type()),
                request.window().from(), request.window().to(), reader.items, nextCursor);
    }

    /** The SFMC query of a page: the window, narrowed to start at the cursor's date when resuming by date. */
    static EventQuery query(EventPageRequest request) {
        EventSelection selection = request.selection();
        EventWindow window = request.window();
        Instant from = request.position() instanceof AfterDate after ? after.eventDate() : window.from();
        // Without a lower bound the whole send is read and events after `to` are dropped while reading: SFMC is
        // never asked for an open-ended date range.
        Instant to = from == null ? null : window.to();
        return new EventQuery(selection.type(), selection.jobId(), selection.clientId(), from, to, false);
    }

    /** Reads one page from the stream of its query and works out where the next page starts. */
    private static final class PageReader {
        private final EventPageRequest request;
        private final List<EventItem> items;
        private long consumed;           // rows of this stream used up: skipped, dropped or returned
        private Instant lastDate;        // EventDate of the last row skipped or returned
        private long tiesAtLastDate;     // rows skipped or returned at exactly lastDate
        private Instant previous;        // EventDate of the previous row read, for the order check
        private boolean dateOrdered = true;
        private boolean more;

        PageReader(EventPageRequest request) {
            this.request = request;
            this.items = new ArrayList<>(Math.min(request.limit(), 256));
            if (request.position() instanceof AfterDate after) {
                lastDate = after.eventDate();
                previous = after.eventDate();
            }
        }

        void read(Iterator<TrackingEvent> events) {
            long offsetToSkip = request.position() instanceof AtOffset at ? at.offset() : 0;
            long tiesToSkip = request.position() instanceof AfterDate after ? after.ties() : 0;
            while (events.hasNext()) {
                TrackingEvent event = events.next();
                if (offsetToSkip > 0) {
                    offsetToSkip--;
                    consumed++;
                    continue;
                }
                Instant date = event.eventDate();
                checkOrder(date);
                if (tiesToSkip > 0 && date.equals(lastDate)) {
                    tiesToSkip--;
                    consumed++;
                    tiesAtLastDate++;
                    continue;
                }
                // A later date means the events at the cursor's date are used up (even if fewer than recorded).
                tiesToSkip = 0;
                if (date != null && date.isAfter(request.window().to())) {
                    consumed++;
                    continue;
                }
                if (items.size() == request.limit()) {
                    more = true;
                    return;
                }
                items.add(EventItem.from(event));
                consumed++;
                if (date != null && date.equals(lastDate)) {
                    tiesAtLastDate++;
                } else {
                    lastDate = date;
                    tiesAtLastDate = 1;
                }
            }
        }

        private void checkOrder(Instant date) {
            if (date == null || (previous != null && date.isBefore(previous))) {
                if (request.position() instanceof AfterDate) {
                    throw new EventOrderException("SFMC returned " + EventTypeNames.name(request.selection().type())
                            + " events of JobID " + request.selection().jobId()
                            + " out of EventDate order; restart the listing without a cursor");
                }
                dateOrdered = false;
            }
            if (date != null) {
                previous = date;
            }
        }

        Optional<Position> next() {
            if (!more) {
                return Optional.empty();
            }
            if (consumed > EventCursor.MAX_SKIP || tiesAtLastDate > EventCursor.MAX_SKIP) {
                throw new ListingTooDeepException(EventCursor.MAX_SKIP);
            }
            return Optional.of(switch (request.position()) {
                case AtOffset ignored -> new AtOffset(consumed);
                case Start ignored -> dateOrdered ? new AfterDate(lastDate, tiesAtLastDate) : new AtOffset(consumed);
                case AfterDate ignored -> new AfterDate(lastDate, tiesAtLastDate);
            });
        }
    }
}
