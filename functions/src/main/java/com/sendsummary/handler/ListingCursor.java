package com.sendsummary.handler;

import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendWindow;
import java.time.Instant;

/**
 * The {@code cursor} of {@code GET /sends}: a {@link CursorCodec} cursor of kind {@code sends} whose state names the
 * query it continues (so it cannot be replayed against another one) and the page position.
 */
final class ListingCursor {
    static final String KIND = "sends";

    /** The plain wire state. */
    record State(Instant from, Instant to, Integer clientId, int offset, int last) {
    }

    private ListingCursor() {
    }

    static String encode(CursorCodec cursors, SendWindow window, PagePosition position) {
        return cursors.encode(KIND, new State(window.from(), window.to(), window.clientId(), position.offset(),
                position.lastJobId()));
    }

    /**
     * The page position in {@code cursor}.
     *
     * @throws InvalidRequestException {@code invalid_cursor} if it was not issued by this deployment, was altered,
     *                                 or was issued for another window
     */
    static PagePosition decode(CursorCodec cursors, String cursor, SendWindow window) {
        State state = cursors.decode(KIND, cursor, State.class)
                .orElseThrow(() -> invalid("cursor is not a nextCursor returned by this API (damaged or edited)"));
        PagePosition position;
        SendWindow issuedFor;
        try {
            issuedFor = new SendWindow(state.from(), state.to(), state.clientId());
            position = new PagePosition(state.offset(), state.last());
        } catch (RuntimeException impossible) {
            // fields this code cannot have written (only reachable with the key): refused all the same
            throw invalid("cursor is not a nextCursor returned by this API (damaged or edited)");
        }
        if (!issuedFor.equals(window)) {
            throw invalid("cursor belongs to another query: pass the same from, to and clientId as the first page");
        }
        return position;
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid_cursor", message);
    }
}
