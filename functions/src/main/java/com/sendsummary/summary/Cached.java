package com.sendsummary.summary;

/**
 * An answer served through the cache (a summary, an engagement): how it was served, for its {@code cache} block and
 * the {@code Cache-Status} header.
 */
public interface Cached {
    CacheInfo cache();
}
