package com.sendsummary.cache;

import java.time.Instant;

/**
 * One cached item: an opaque JSON payload of a kind, when it was fetched from SFMC, until when it is served as fresh
 * and when DynamoDB may delete it.
 *
 * @param key       the partition key value
 * @param kind      what the payload is, e.g. {@code summary} or {@code notFound}
 * @param payload   JSON text, or null for kinds that carry none
 * @param fetchedAt when the data was read from SFMC; orders concurrent writers
 * @param expiresAt end of freshness: served as a hit before, refetched after (and served stale only while SFMC fails)
 * @param deleteAt  the table's TTL attribute (epoch seconds): at or after the stale horizon, so a copy that may still be
 *                  served stale is not deleted first
 */
public record CacheEntry(String key, String kind, String payload, Instant fetchedAt, Instant expiresAt,
                         Instant deleteAt) {
    /** The kind of a cached "SFMC has no such send" answer (no payload, never served stale, never replaces data). */
    public static final String KIND_NOT_FOUND = "notFound";

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isNotFound() {
        return KIND_NOT_FOUND.equals(kind);
    }
}
