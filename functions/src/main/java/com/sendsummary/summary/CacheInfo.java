package com.sendsummary.summary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.cache.CacheAside;
import java.time.Instant;

/**
 * How a value was served: {@code status} is {@code hit}, {@code miss}, {@code refreshed} or {@code stale};
 * {@code staleReason} is the error code a stale answer stands in for. {@code refreshSkipped} and {@code collapsed}
 * only shape the {@code Cache-Status} response header; {@code stored} (false when SFMC was read but the cache write
 * failed) tells the refresh function to fail, so Lambda retries it.
 */
@JsonPropertyOrder({"status", "fetchedAt", "expiresAt", "staleReason"})
public record CacheInfo(String status, Instant fetchedAt, Instant expiresAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String staleReason,
                        @JsonIgnore boolean refreshSkipped, @JsonIgnore boolean collapsed,
                        @JsonIgnore boolean stored) {
    public static final String HIT = CacheAside.HIT;
    public static final String MISS = CacheAside.MISS;
    public static final String REFRESHED = CacheAside.REFRESHED;
    public static final String STALE = CacheAside.STALE;

    public CacheInfo(String status, Instant fetchedAt, Instant expiresAt) {
        this(status, fetchedAt, expiresAt, null, false, false, true);
    }

    public static CacheInfo of(CacheAside.Served<?> served) {
        return new CacheInfo(served.status(), served.fetchedAt(), served.expiresAt(), served.staleReason(),
                served.refreshSkipped(), served.collapsed(), served.stored());
    }
}
