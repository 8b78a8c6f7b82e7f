package com.sendsummary.summary;

import com.sendsummary.sfmc.SendRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a summary stays fresh. Tracking keeps arriving for days after a send (most of it in the first hour), so a
 * send still inside the tracking window, or not sent yet, gets the short TTL; an older send the long one.
 */
public record TtlPolicy(Duration recent, Duration settled, Duration trackingWindow) {

    public Duration ttlFor(SendRecord send, Instant now) {
        return ttlFor(send.sentDate() != null ? send.sentDate() : send.sendDate(), now);
    }

    /** The TTL of a send sent at {@code sent} (its SentDate, else SendDate; null when not sent yet). */
    public Duration ttlFor(Instant sent, Instant now) {
        if (sent == null || sent.isAfter(now.minus(trackingWindow))) {
            return recent;
        }
        return settled;
    }
}
