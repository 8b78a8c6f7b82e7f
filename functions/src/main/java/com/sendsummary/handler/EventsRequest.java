package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.events.EventCursor;
import com.sendsummary.events.EventPageRequest;
import com.sendsummary.events.EventSelection;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.events.EventWindow;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and validates {@code GET /sends/{jobId}/events?type=&from=&to=&limit=&cursor=&clientId=}; every problem is
 * an {@link InvalidRequestException} (400) raised before anything is read.
 */
final class EventsRequest {

    private EventsRequest() {
    }

    /**
     * @param now the listing's "now" when this is its first page (a cursor carries the first page's)
     */
    static EventPageRequest from(APIGatewayV2HTTPEvent event, Instant now) {
        Map<String, String> query = Identifiers.query(event);
        int jobId = Identifiers.jobId(event, "/sends/910001/events?type=open");
        Integer clientId = Identifiers.clientId(query);
        TrackingEventType type = EventTypeNames.parse(query.get("type")).orElseThrow(() -> new InvalidRequestException(
                "invalid_event_type", "type is required and must be one of " + String.join(", ", EventTypeNames.ALL)));
        Instant from = instant(query, "from");
        Instant to = instant(query, "to");
        int limit = limit(query.get("limit"));
        EventSelection selection = new EventSelection(jobId, clientId, type, from, to);

        Optional<EventCursor> cursor = cursor(query, selection);
        Instant asOf = cursor.map(EventCursor::asOf).orElse(now.truncatedTo(ChronoUnit.MILLIS));
        EventWindow window;
        try {
            window = EventWindow.resolve(from, to, asOf);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_window", e.getMessage());
        }
        EventCursor.Position position = cursor.map(EventCursor::position).orElse(new EventCursor.Start());
        if (position instanceof EventCursor.AfterDate after && !window.contains(after.eventDate())) {
            throw new InvalidRequestException("invalid_cursor", "cursor points outside the window from..to");
        }
        return new EventPageRequest(selection, window, asOf, limit, position);
    }

    /** An ISO-8601 instant with {@code Z} or an offset; a space where the offset's {@code +} was is read as one. */
    private static Instant instant(Map<String, String> query, String name) {
        if (!query.containsKey(name)) {
            return null;
        }
        // An unencoded '+' in a query string decodes to a space (form encoding): accept it rather than fail.
        String text = query.get(name).strip().replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("invalid_window", name
                    + " must be an ISO-8601 date-time with Z or an offset, e.g. 2025-11-04T15:00:00Z");
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return EventPageRequest.DEFAULT_LIMIT;
        }
        Integer limit = Identifiers.positiveInt(text);
        if (limit == null || limit > EventPageRequest.MAX_LIMIT) {
            throw new InvalidRequestException("invalid_limit",
                    "limit must be a whole number from 1 to " + EventPageRequest.MAX_LIMIT);
        }
        return limit;
    }

    private static Optional<EventCursor> cursor(Map<String, String> query, EventSelection selection) {
        if (!query.containsKey("cursor")) {
            return Optional.empty();
        }
        EventCursor cursor = EventCursor.decode(query.get("cursor")).orElseThrow(() -> new InvalidRequestException(
                "invalid_cursor", "cursor is not a nextCursor returned by this API (damaged or edited)"));
        if (!cursor.selection().equals(selection)) {
            throw new InvalidRequestException("invalid_cursor", "cursor belongs to another listing: type, jobId, "
                    + "clientId, from and to must be those of the first page");
        }
        return Optional.of(cursor);
    }
}
