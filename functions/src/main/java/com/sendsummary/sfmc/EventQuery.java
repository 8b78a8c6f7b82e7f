package com.sendsummary.sfmc;

import java.time.Instant;
import java.util.Objects;

/**
 * Which tracking events to page through: one type, one send ({@code SendID} = JobID), optionally in the business
 * unit {@code clientId} (MID) and in the closed {@code EventDate} window [{@code from}, {@code to}] (both or
 * neither). {@code retrieveAllSinceLastBatch} asks SFMC for only the rows new since the previous identical
 * retrieve (server-side state; use it only when you mean it). {@code notSentReason} asks NotSentEvent rows for their
 * {@code Reason}, a property outside the WSDL that SFMC may reject (it fails the whole Retrieve when it does): ask
 * for it only where the reason is shown.
 */
public record EventQuery(TrackingEventType type, int sendId, Integer clientId, Instant from, Instant to,
                         boolean retrieveAllSinceLastBatch, boolean notSentReason) {

    /** A query that asks for the not-sent reason (the event listing's default). */
    public EventQuery(TrackingEventType type, int sendId, Integer clientId, Instant from, Instant to,
                      boolean retrieveAllSinceLastBatch) {
        this(type, sendId, clientId, from, to, retrieveAllSinceLastBatch, true);
    }

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
