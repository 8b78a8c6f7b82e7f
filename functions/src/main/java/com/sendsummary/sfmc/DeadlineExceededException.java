package com.sendsummary.sfmc;

/**
 * The request's own deadline ran out before or during an SFMC step. Answered like a timeout ({@code 504 sfmc_timeout},
 * or a stale copy), but it says nothing about SFMC's health: it is never remembered as an SFMC failure (on a lease,
 * or as a failed token request), so one request short of time does not make others fail.
 */
public final class DeadlineExceededException extends SfmcException {

    public DeadlineExceededException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String code() {
        return "sfmc_timeout";
    }
}
