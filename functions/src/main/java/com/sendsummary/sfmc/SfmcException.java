package com.sendsummary.sfmc;

/**
 * A failed SFMC call. Subclasses say what failed; {@link #retryable()} says whether the same call may succeed
 * later. Messages never contain a token, secret or SOAP header.
 */
public abstract class SfmcException extends RuntimeException {

    protected SfmcException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the same call later may succeed. */
    public abstract boolean retryable();
}
