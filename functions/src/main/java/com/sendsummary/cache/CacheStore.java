package com.sendsummary.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where cached items and the short leases that serialise SFMC fetches across containers live: one DynamoDB table in
 * production ({@link DynamoDbCacheStore}), an in-memory map in unit tests. Reads return items whatever their expiry
 * (the caller decides between fresh, stale and too old); items that cannot be read (missing or ill-typed attributes)
 * are reported absent.
 */
public interface CacheStore {

    Optional<CacheEntry> read(String key);

    /** Like {@link #read}, but sees every write that finished before it (a strongly consistent read). */
    Optional<CacheEntry> readLatest(String key);

    /** The readable items under {@code keys}, by key; absent ones are left out. */
    Map<String, CacheEntry> readAll(List<String> keys);

    /**
     * Writes {@code entry} unless the table holds a fetch at least as new, or {@code entry} is a "not found" and the
     * table holds data. A damaged item (no numeric {@code fetchedAt}, no {@code expiresAt}, or a {@code fetchedAt}
     * later than {@code damagedAfter}) is always replaced.
     *
     * @return true if written
     */
    boolean write(CacheEntry entry, Instant damagedAfter);

    /**
     * Takes the lease {@code name} for {@code owner} until {@code now + duration} if nobody holds it (absent or
     * expired). The lease item carries a TTL, so a crashed holder's lease disappears by itself.
     *
     * @return true if taken
     */
    boolean tryLease(String name, String owner, Instant now, Duration duration);

    /**
     * Ends the lease of {@code owner} (if still held by it). With a {@code failure}, the lease is kept until
     * {@code now + rememberFor} and carries that error code, so others fail fast instead of retrying at once.
     */
    void releaseLease(String name, String owner, Instant now, String failure, Duration rememberFor);

    /** The lease {@code name} if it is held at {@code now}, with the failure code it carries, if any. */
    Optional<Lease> lease(String name, Instant now);

    /** A held lease: its owner and, when it was ended by a failure, that failure's code. */
    record Lease(String owner, String failure) {
    }
}
