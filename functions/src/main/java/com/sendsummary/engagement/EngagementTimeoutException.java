package com.sendsummary.engagement;

import com.sendsummary.sfmc.SfmcException;

/**
 * Reading a send's events did not finish within the request's deadline; nothing was cached. Answered
 * {@code 504 engagement_timeout}, or with a stale copy when one exists (retrying later may succeed, since SFMC may be
 * faster then).
 */
public final class EngagementTimeoutException extends SfmcException {
    public EngagementTimeoutException(int jobId, long eventsRead) {
        super("The engagement of JobID " + jobId + " could not be computed before the request's deadline ("
                + eventsRead + " events read); the send has too many events to compute on request", null);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String code() {
        return "engagement_timeout";
    }
}
