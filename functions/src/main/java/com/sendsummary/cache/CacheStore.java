package com.sendsummary.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where cached items and the short leases that serialise SFMC fetches across containers live, a key's lease in the
 * key's own item: one DynamoDB table in production ({@link DynamoDbCacheStore}), an in-memory map in unit tests. Reads
 * return items whatever their expiry (the caller decides between fresh, stale and too old); items that cannot be read
 * (missing or ill-typed attributes, or a lease alone) are reported absent.
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
     * later than {@code damagedAfter}) is always replaced. A lease on the item is left as it is.
     *
     * @return true if written
     */
    boolean write(CacheEntry entry, Instant damagedAfter);

    /**
     * {@link #write} and, in the same call, the end of {@code owner}'s lease on the item, when both apply; otherwise
     * the write alone, then {@link #releaseLease} (the lease is ended either way).
     *
     * @return true if written
     */
    boolean writeReleasing(CacheEntry entry, Instant damagedAfter, String owner, Instant now);

    /**
     * Takes the lease on {@code key}'s item for {@code owner} until {@code now + duration} if nobody holds it (no
     * lease, or an expired one). The lease lives in the item itself, so the same call answers what the item holds:
     * every write that finished before it is seen. An item that only holds a lease carries a TTL, so a crashed
     * holder's lease disappears by itself.
     */
    Leased tryLease(String key, String owner, Instant now, Duration duration);

    /**
     * Ends the lease of {@code owner} on {@code key} (if still held by it). With a {@code failure}, the lease is kept
     * until {@code now + rememberFor} and carries that error code, so others fail fast instead of retrying at once.
     */
    void releaseLease(String key, String owner, Instant now, String failure, Duration rememberFor);

    /** The lease on {@code key} if it is held at {@code now}, with the failure code it carries, if any. */
    Optional<Lease> lease(String key, Instant now);

    /** A held lease: its owner and, when it was ended by a failure, that failure's code. */
    record Lease(String owner, String failure) {
    }

    /**
     * The outcome of {@link #tryLease}.
     *
     * @param taken whether the lease is now {@code owner}'s
     * @param entry when taken, the readable item under the key as the lease found it
     */
    record Leased(boolean taken, Optional<CacheEntry> entry) {
        public static Leased refused() {
            return new Leased(false, Optional.empty());
        }
    }
}
