package com.sendsummary.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the next page of an event listing starts, bound to the listing's {@link EventSelection} and to its
 * {@code asOf} (the frozen "now" of the first page). On the wire it is a {@link CursorCodec} cursor of kind
 * {@code events} whose state is {@link State}: keyed, so a caller can neither forge nor edit one; the route still
 * compares its selection with the request's, so it cannot be replayed with other parameters.
 */
public record EventCursor(EventSelection selection, Instant asOf, Position position) {
    static final String KIND = "events";
    /**
     * The most rows a position may skip: a page resumed by offset re-reads every row before it (2,500 per SFMC
     * Retrieve), so deeper positions could not be answered within API Gateway's 30 s. A listing that would need one
     * answers {@link com.sendsummary.cursor.ListingTooDeepException}.
     */
    public static final long MAX_SKIP = 100_000;

    /** A position in the ordered event stream of a listing. */
    public sealed interface Position permits Start, AfterDate, AtOffset {
    }

    /** The first page. */
    public record Start() implements Position {
    }

    /**
     * Resume at EventDate {@code eventDate}, skipping the first {@code ties} events dated exactly then (already
     * returned). Only valid while SFMC returns events in EventDate order.
     */
    public record AfterDate(Instant eventDate, long ties) implements Position {
        public AfterDate {
            Objects.requireNonNull(eventDate, "eventDate");
            if (ties < 1 || ties > MAX_SKIP) {
                throw new IllegalArgumentException("ties must be 1.." + MAX_SKIP + " (the last event returned first)");
            }
        }
    }

    /** Resume after the first {@code offset} rows of the same SFMC query (fallback when SFMC's order is not by date). */
    public record AtOffset(long offset) implements Position {
        public AtOffset {
            if (offset < 1 || offset > MAX_SKIP) {
                throw new IllegalArgumentException("offset must be 1.." + MAX_SKIP);
            }
        }
    }

    public EventCursor {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(asOf, "asOf");
        if (!(position instanceof AfterDate) && !(position instanceof AtOffset)) {
            throw new IllegalArgumentException("A cursor points after a page: AfterDate or AtOffset");
        }
    }

    /** The opaque text handed to the caller as {@code nextCursor}. */
    public String encode(CursorCodec cursors) {
        return cursors.encode(KIND, State.of(this));
    }

    /** The cursor, or empty if the text is not one this deployment issued for an event listing. */
    public static Optional<EventCursor> decode(String text, CursorCodec cursors) {
        try {
            return cursors.decode(KIND, text, State.class).map(State::toCursor);
        } catch (IllegalArgumentException impossible) {
            // a state that breaks an invariant of the cursor: only reachable with the key, refused all the same
            return Optional.empty();
        }
    }

    /** The plain wire state; a field that does not apply to the position is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"job", "bu", "type", "from", "to", "asOf", "after", "ties", "offset"})
    record State(int job, Integer bu, String type, Instant from, Instant to, Instant asOf, Instant after, Long ties,
                 Long offset) {

        static State of(EventCursor cursor) {
            EventSelection s = cursor.selection();
            Instant after = null;
            Long ties = null;
            Long offset = null;
            switch (cursor.position()) {
                case AfterDate a -> {
                    after = a.eventDate();
                    ties = a.ties();
                }
                case AtOffset o -> offset = o.offset();
                case Start ignored -> throw new IllegalStateException("unreachable: checked by the constructor");
            }
            return new State(s.jobId(), s.clientId(), EventTypeNames.name(s.type()), s.from(), s.to(),
                    cursor.asOf(), after, ties, offset);
        }

        EventCursor toCursor() {
            TrackingEventType eventType = EventTypeNames.parse(type)
                    .orElseThrow(() -> new IllegalArgumentException("unknown type"));
            Position position;
            if (after != null && ties != null && offset == null) {
                position = new AfterDate(after, ties);
            } else if (offset != null && after == null && ties == null) {
                position = new AtOffset(offset);
            } else {
                throw new IllegalArgumentException("no position");
            }
            return new EventCursor(new EventSelection(job, bu, eventType, from, to), asOf, position);
        }
    }
}
