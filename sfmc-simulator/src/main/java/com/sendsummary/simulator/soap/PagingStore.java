package com.sendsummary.simulator.soap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Continuation state per RequestID, bounded in number ({@value #MAX_CURSORS}) and age ({@link #MAX_AGE}). A cursor
 * stays valid after use, so a client that retries a continuation (e.g. after a timeout) gets the same page again.
 */
public final class PagingStore {

    static final int MAX_CURSORS = 1000;
    static final Duration MAX_AGE = Duration.ofMinutes(30);

    private final Clock clock;
    private final Map<String, Cursor<?>> cursors = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor<?>> eldest) {
            return size() > MAX_CURSORS;
        }
    };

    public PagingStore(Clock clock) {
        this.clock = clock;
    }

    synchronized <R> String put(ObjectKind<R> kind, RowScan<R> scan, int[] position, Set<String> properties,
                                int batchSize) {
        String requestId = UUID.randomUUID().toString();
        cursors.put(requestId, new Cursor<>(kind, scan, position.clone(), properties, batchSize, clock.instant()));
        return requestId;
    }

    synchronized Optional<Cursor<?>> get(String requestId) {
        Cursor<?> cursor = cursors.get(requestId.trim());
        if (cursor == null) {
            return Optional.empty();
        }
        if (cursor.created().plus(MAX_AGE).isBefore(clock.instant())) {
            cursors.remove(requestId.trim());
            return Optional.empty();
        }
        return Optional.of(cursor);
    }

    /** The ObjectType a RequestID pages through, for counting continuations that omit ObjectType. */
    public Optional<String> objectTypeOf(String requestId) {
        return get(requestId).map(cursor -> cursor.kind().objectType());
    }

    public synchronized void clear() {
        cursors.clear();
    }

    /** Where the next page starts: a scan (holding its data snapshot) and a position in it, not the rows. */
    record Cursor<R>(ObjectKind<R> kind, RowScan<R> scan, int[] position, Set<String> properties, int batchSize,
                     Instant created) {
    }
}
