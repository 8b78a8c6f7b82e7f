package com.sendsummary.engagement;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link EngagementStore} in memory, with the same version rule as the table; {@code failWrites} fails the next N. */
public final class InMemoryEngagementStore implements EngagementStore {
    public final Map<String, EngagementItem> items = new ConcurrentHashMap<>();
    public final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    public final AtomicInteger failWrites = new AtomicInteger();
    int writes;

    @Override
    public Optional<EngagementItem> read(String key, boolean consistent) {
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public synchronized Optional<EngagementItem> write(EngagementItem item) {
        if (failWrites.get() > 0) {
            failWrites.decrementAndGet();
            throw new IllegalStateException("injected write failure");
        }
        EngagementItem stored = items.get(item.key());
        long storedVersion = stored == null ? 0 : stored.version();
        if (storedVersion != item.version()) {
            return Optional.empty();
        }
        writes++;
        EngagementItem written = new EngagementItem(item.key(), item.version() + 1, item.result(),
                item.timelineHour(), item.timelineDay(), item.fetchedAt(), item.freshUntil(), item.fullAsOf(),
                item.doneState(), item.computation());
        items.put(item.key(), written);
        return Optional.of(written);
    }

    @Override
    public String putBlob(String name, byte[] bytes) {
        blobs.put("mem:" + name, bytes.clone());
        return "mem:" + name;
    }

    @Override
    public byte[] getBlob(String reference) {
        byte[] bytes = blobs.get(reference);
        if (bytes == null) {
            throw new IllegalStateException("no blob " + reference);
        }
        return bytes.clone();
    }
}
