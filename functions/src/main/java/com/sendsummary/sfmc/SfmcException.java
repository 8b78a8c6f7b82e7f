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

    /**
     * The stable error code callers see for this failure ({@code sfmc_timeout}, {@code sfmc_throttled}, ...): in the
     * error body, or as {@code cache.staleReason} when a stale copy is served instead.
     */
    public String code() {
        return retryable() ? "sfmc_unavailable" : "sfmc_error";
    }
}
