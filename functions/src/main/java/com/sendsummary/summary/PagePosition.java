package com.sendsummary.summary;

/**
 * Where the next page of a listing starts: after the first {@code offset} sends of the window, the last of which had
 * JobID {@code lastJobId} (the check that the window did not change in between).
 */
public record PagePosition(int offset, int lastJobId) {
    /**
     * The deepest position a cursor may carry: a page re-reads the window's sends before it (SFMC's Retrieve has no
     * offset), which deeper than this could not be done within one request.
     */
    public static final int MAX_OFFSET = 100_000;

    public PagePosition {
        if (offset < 1 || offset > MAX_OFFSET || lastJobId < 1) {
            throw new IllegalArgumentException("offset must be 1.." + MAX_OFFSET + " and lastJobId positive");
        }
    }
}
