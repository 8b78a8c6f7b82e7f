package com.sendsummary.summary;

import java.time.Instant;

/**
 * How a summary was served: {@code status} is {@code hit}, {@code miss} or {@code refreshed}.
 */
public record CacheInfo(String status, Instant fetchedAt, Instant expiresAt) {
    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String REFRESHED = "refreshed";
}
