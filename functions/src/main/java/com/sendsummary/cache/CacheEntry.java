package com.sendsummary.cache;

import java.time.Instant;

/**
 * One cached item: an opaque JSON payload of a kind, when it was fetched from SFMC and when it stops being valid.
 *
 * @param key       the partition key value
 * @param kind      what the payload is, e.g. {@code summary} or {@code notFound}
 * @param payload   JSON text, or null for kinds that carry none
 * @param fetchedAt when the data was read from SFMC; orders concurrent writers
 * @param expiresAt end of validity; also the DynamoDB TTL attribute (epoch seconds)
 */
public record CacheEntry(String key, String kind, String payload, Instant fetchedAt, Instant expiresAt) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
