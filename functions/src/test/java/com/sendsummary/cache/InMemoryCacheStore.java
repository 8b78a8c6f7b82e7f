package com.sendsummary.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@link CacheStore} in memory, with the conditional-write and lease rules of {@link DynamoDbCacheStore} (which
 * {@code AwsFacingBehaviour} checks against DynamoDB emulators): services are unit-tested against it. Reads, writes
 * and leases can be made to fail like an unreachable DynamoDB.
 */
public class InMemoryCacheStore implements CacheStore {
    private final Map<String, CacheEntry> items = new LinkedHashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final List<List<String>> batchReads = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger refusedWrites = new AtomicInteger();
    private volatile boolean failReads;
    private volatile boolean failWrites;
    private volatile boolean failLeases;

    public record Lease(String owner, Instant until, String failure) {
    }

    public synchronized Map<String, CacheEntry> items() {
        return Map.copyOf(items);
    }

    public synchronized Optional<Lease> lease(String name) {
        return Optional.ofNullable(leases.get(name));
    }

    public synchronized void putRaw(CacheEntry entry) {
        items.put(entry.key(), entry);
    }

    public synchronized void putRawLease(String name, String owner, Instant until) {
        leases.put(name, new Lease(owner, until, null));
    }

    public synchronized List<List<String>> batchReads() {
        return List.copyOf(batchReads);
    }

    public int reads() {
        return reads.get();
    }

    /** Writes that changed the table (refused conditional writes are not counted). */
    public int writes() {
        return writes.get();
    }

    public int refusedWrites() {
        return refusedWrites.get();
    }

    public InMemoryCacheStore failReads(boolean fail) {
        this.failReads = fail;
        return this;
    }

    /** Data writes fail (leases still work). */
    public InMemoryCacheStore failWrites(boolean fail) {
        this.failWrites = fail;
        return this;
    }

    /** Taking and releasing leases fails. */
    public InMemoryCacheStore failLeases(boolean fail) {
        this.failLeases = fail;
        return this;
    }

    @Override
    public synchronized Optional<CacheEntry> read(String key) {
        readable();
        reads.incrementAndGet();
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public Optional<CacheEntry> readLatest(String key) {
        return read(key);
    }

    @Override
    public synchronized Map<String, CacheEntry> readAll(List<String> keys) {
        readable();
        batchReads.add(List.copyOf(keys));
        Map<String, CacheEntry> found = new HashMap<>();
        keys.forEach(key -> Optional.ofNullable(items.get(key)).ifPresent(entry -> found.put(key, entry)));
        return found;
    }

    @Override
    public synchronized boolean write(CacheEntry entry, Instant damagedAfter) {
        writable();
        CacheEntry existing = items.get(entry.key());
        boolean replaceable = existing == null || existing.fetchedAt().isAfter(damagedAfter)
                || (entry.isNotFound()
                        ? existing.fetchedAt().isBefore(entry.fetchedAt()) && existing.isNotFound()
                        : existing.fetchedAt().isBefore(entry.fetchedAt()));
        if (!replaceable) {
            refusedWrites.incrementAndGet();
            return false;
        }
        items.put(entry.key(), entry);
        writes.incrementAndGet();
        return true;
    }

    @Override
    public synchronized boolean writeReleasing(CacheEntry entry, Instant damagedAfter, String owner, Instant now) {
        boolean written = write(entry, damagedAfter);
        Lease lease = leases.get(entry.key());
        if (lease != null && lease.owner().equals(owner)) {
            leases.remove(entry.key());
        }
        return written;
    }

    @Override
    public synchronized Leased tryLease(String name, String owner, Instant now, Duration duration) {
        leasable();
        Lease lease = leases.get(name);
        if (lease != null && lease.until().isAfter(now)) {
            return Leased.refused();
        }
        leases.put(name, new Lease(owner, now.plus(duration), null));
        return new Leased(true, Optional.ofNullable(items.get(name)));
    }

    @Override
    public synchronized void releaseLease(String name, String owner, Instant now, String failure,
                                          Duration rememberFor) {
        leasable();
        Lease lease = leases.get(name);
        if (lease != null && lease.owner().equals(owner)) {
            leases.put(name, new Lease(owner, failure == null ? now : now.plus(rememberFor), failure));
        }
    }

    @Override
    public synchronized Optional<CacheStore.Lease> lease(String name, Instant now) {
        readable();
        Lease lease = leases.get(name);
        return lease == null || !lease.until().isAfter(now) ? Optional.empty()
                : Optional.of(new CacheStore.Lease(lease.owner(), lease.failure()));
    }

    private void readable() {
        if (failReads) {
            throw SdkClientException.create("DynamoDB unreachable (injected)");
        }
    }

    private void leasable() {
        if (failLeases) {
            throw SdkClientException.create("DynamoDB unreachable (injected)");
        }
    }

    private void writable() {
        if (failWrites) {
            throw SdkClientException.create("DynamoDB unreachable (injected)");
        }
    }
}
