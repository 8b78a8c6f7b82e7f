package com.sendsummary.sfmc;

import java.time.Instant;
import java.util.Objects;

/**
 * Which tracking events to page through: one type, one send ({@code SendID} = JobID), optionally in the business
 * unit {@code clientId} (MID) and in the closed {@code EventDate} window [{@code from}, {@code to}] (both or
 * neither). {@code retrieveAllSinceLastBatch} asks SFMC for only the rows new since the previous identical
 * retrieve (server-side state; use it only when you mean it).
 */
public record EventQuery(TrackingEventType type, int sendId, Integer clientId, Instant from, Instant to,
                         boolean retrieveAllSinceLastBatch) {

    public EventQuery {
        Objects.requireNonNull(type, "type");
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("EventQuery needs both from and to, or neither");
        }
        if (from != null && from.isAfter(to)) {
            throw new IllegalArgumentException("EventQuery from must not be after to");
        }
    }

    /** All events of one type for one send, from the token's default business unit. */
    public static EventQuery of(TrackingEventType type, int sendId) {
        return new EventQuery(type, sendId, null, null, null, false);
    }
}
