package com.sendsummary.engagement;

import java.time.Duration;

/** Reading a send's events took longer than one request may; nothing was cached. Answered 504. */
public final class EngagementTimeoutException extends RuntimeException {
    public EngagementTimeoutException(int jobId, long eventsRead, Duration budget) {
        super("The engagement of JobID " + jobId + " could not be computed within " + budget.toSeconds()
                + " s (" + eventsRead + " events read); the send has too many events to compute on request");
    }
}
