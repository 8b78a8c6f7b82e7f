package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.events.EventCursor;
import com.sendsummary.events.EventPageRequest;
import com.sendsummary.events.EventSelection;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.events.EventWindow;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    static EventPageRequest from(APIGatewayV2HTTPEvent event, Instant now, CursorCodec cursors) {
        RequestParameters parameters = RequestParameters.of(event);
        int jobId = parameters.jobId("/sends/910001/events?type=open");
        Integer clientId = parameters.clientId();
        TrackingEventType type = EventTypeNames.parse(parameters.raw("type")).orElseThrow(() ->
                new InvalidRequestException("invalid_event_type",
                        "type is required and must be one of " + String.join(", ", EventTypeNames.ALL)));
        Instant from = parameters.instant("from").orElse(null);
        Instant to = parameters.instant("to").orElse(null);
        int limit = parameters.count("limit", EventPageRequest.DEFAULT_LIMIT, EventPageRequest.MAX_LIMIT);
        EventSelection selection = new EventSelection(jobId, clientId, type, from, to);

        Optional<EventCursor> cursor = cursor(parameters.raw("cursor"), selection, cursors);
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

    private static Optional<EventCursor> cursor(String text, EventSelection selection, CursorCodec cursors) {
        if (text == null) {
            return Optional.empty();
        }
        EventCursor cursor = EventCursor.decode(text, cursors).orElseThrow(() -> new InvalidRequestException(
                "invalid_cursor", "cursor is not a nextCursor returned by this API (damaged or edited)"));
        if (!cursor.selection().equals(selection)) {
            throw new InvalidRequestException("invalid_cursor", "cursor belongs to another listing: type, jobId, "
                    + "clientId, from and to must be those of the first page");
        }
        return Optional.of(cursor);
    }
}
