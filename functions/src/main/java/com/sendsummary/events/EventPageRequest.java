package com.sendsummary.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated request for one page: what was asked ({@code selection}), the window it resolves to, the listing's
 * frozen "now" ({@code asOf}), the page size and where the page starts.
 */
public record EventPageRequest(EventSelection selection, EventWindow window, Instant asOf, int limit,
                               EventCursor.Position position) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public EventPageRequest {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(position, "position");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }
}
