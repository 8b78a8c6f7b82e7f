package com.sendsummary.summary;

/**
 * Where the next page of a listing starts: after the first {@code offset} sends of the window, the last of which had
 * JobID {@code lastJobId} (the check that the window did not change in between).
 */
public record PagePosition(int offset, int lastJobId) {
    public PagePosition {
        if (offset < 1 || lastJobId < 1) {
            throw new IllegalArgumentException("offset and lastJobId must be positive");
        }
    }
}
