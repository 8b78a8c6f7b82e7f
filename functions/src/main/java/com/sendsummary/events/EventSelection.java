package com.sendsummary.events;

import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.util.Objects;

/**
 * The events a caller asked for, exactly as asked: a cursor is bound to these values. {@code from} and {@code to}
 * are the caller's bounds (each null when not given), not the resolved window.
 */
public record EventSelection(int jobId, Integer clientId, TrackingEventType type, Instant from, Instant to) {

    public EventSelection {
        Objects.requireNonNull(type, "type");
    }
}
