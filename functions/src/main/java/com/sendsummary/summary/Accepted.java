package com.sendsummary.summary;

/**
 * An answer that says the work is under way and the result is not ready: {@code 202} with {@code Retry-After} and
 * no caching (the next answer will differ).
 */
public interface Accepted {
    /** When to ask again. */
    int retryAfterSeconds();
}
