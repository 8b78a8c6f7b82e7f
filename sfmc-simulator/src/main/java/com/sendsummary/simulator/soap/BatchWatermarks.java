package com.sendsummary.simulator.soap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RetrieveAllSinceLastBatch: per (caller, ObjectType, properties, filter, BUs) the highest row sequence number already
 * handed out; the next identical request gets only rows added after it.
 */
public final class BatchWatermarks {

    private final Map<String, Long> watermarks = new ConcurrentHashMap<>();

    long get(String key) {
        return watermarks.getOrDefault(key, 0L);
    }

    void advance(String key, long seq) {
        watermarks.merge(key, seq, Math::max);
    }

    public void clear() {
        watermarks.clear();
    }
}
