package com.sendsummary.events;

import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Hand-made tracking events and an in-memory {@link EventSource} that filters like SFMC (SendID, EventDate). */
public final class TestEvents {
    private TestEvents() {
    }

    public static TrackingEvent open(String subscriberKey, Instant date) {
        return event(TrackingEventType.OPEN, subscriberKey, date);
    }

    public static TrackingEvent event(TrackingEventType type, String subscriberKey, Instant date) {
        return new TrackingEvent(type, 910001, null, subscriberKey, date, null, 1, null, null, null, null, null, null,
                null, Map.of());
    }

    public static TrackingEvent click(String subscriberKey, Instant date, int urlId, String url) {
        return new TrackingEvent(TrackingEventType.CLICK, 910001, null, subscriberKey, date, "Click", 1, null, urlId,
                url, null, null, null, null, Map.of());
    }

    public static TrackingEvent bounce(String subscriberKey, Instant date, String category, String bounceType,
                                       String eventType) {
        return new TrackingEvent(TrackingEventType.BOUNCE, 910001, null, subscriberKey, date, eventType, 1, null,
                null, null, "550", category, "550 5.1.1 User unknown", bounceType, Map.of());
    }

    /** Serves {@code rows} in list order, filtered by type, SendID and the query's closed EventDate window. */
    public static class ListSource implements EventSource {
        private final List<TrackingEvent> rows;
        public final List<EventQuery> queries = new ArrayList<>();
        public long rowsServed;

        public ListSource(List<TrackingEvent> rows) {
            this.rows = List.copyOf(rows);
        }

        @Override
        public Stream<TrackingEvent> events(EventQuery query) {
            queries.add(query);
            return rows.stream()
                    .filter(e -> e.type() == query.type() && e.sendId() == query.sendId())
                    .filter(e -> query.from() == null || (e.eventDate() != null
                            && !e.eventDate().isBefore(query.from()) && !e.eventDate().isAfter(query.to())))
                    .peek(e -> rowsServed++);
        }
    }
}
