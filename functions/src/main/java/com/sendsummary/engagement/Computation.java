package com.sendsummary.engagement;

import com.sendsummary.sfmc.TrackingEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One computation of a send's engagement, as kept in its item (JSON): which pass it is, how far each event type has
 * been read, who holds it now, and where its checkpoint is.
 *
 * <p>A pass reads each type's events in EventDate windows [{@code readUpTo}, {@code readUpTo + span}) up to
 * {@code asOf}, the instant the computation started: a window is counted only once it has been read to its last page,
 * so a checkpoint never holds part of a window, and a crash loses at most the windows since the last checkpoint. A
 * full pass starts every type at {@link #EPOCH}; an incremental one at the previous pass's {@code asOf} less the
 * overlap, from the previous pass's state.
 *
 * @param id         names the computation in queue messages; a message for another id is dropped
 * @param seq        the checkpoint number: every write of the computation is conditional on the one it read
 * @param leaseOwner the invocation reading now (null when none), until {@code leaseUntil}
 * @param positions  per type ({@link TrackingEventType#name()}): how far it has been read
 * @param totals     per type, what the Send's counters promise (absent when they say nothing), for progress
 * @param checkpoint where the state is: {@code null} = not yet saved (start from the base), else a blob reference
 * @param failures   consecutive invocations that ended in an SFMC failure (backs the retries off)
 */
public record Computation(String id, boolean full, Instant asOf, Instant sentAt, Instant startedAt,
                          Instant updatedAt, long seq, String leaseOwner, Instant leaseUntil,
                          Map<String, Position> positions, Map<String, Long> totals, String checkpoint,
                          int failures, String lastError) {

    /** Where a full pass starts reading: before any event SFMC can hold (the API's own lower bound for dates). */
    public static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    /** The first window of a type: an hour, then doubled or halved by the number of events it held. */
    static final Duration FIRST_SPAN = Duration.ofHours(1);

    /**
     * @param readUpTo every event before this instant has been counted (exclusive bound of the windows read)
     * @param span     the next window's length
     * @param read     events read of this type in this pass
     */
    public record Position(Instant readUpTo, long spanMillis, long read) {
    }

    public Computation {
        positions = Map.copyOf(positions);
        totals = Map.copyOf(totals);
    }

    /**
     * A new computation reading every type from {@code from}: in windows, or ({@code whole}) in one window per type,
     * as one Retrieve per type inside a request costs the fewest SFMC calls; a whole window cut short is read in
     * windows from then on.
     */
    static Computation start(String id, boolean full, Instant asOf, Instant sentAt, Instant now, Instant from,
                             Map<String, Long> totals, boolean whole) {
        Map<String, Position> positions = new LinkedHashMap<>();
        long span = whole ? Duration.between(from, asOf).toMillis() + 1 : FIRST_SPAN.toMillis();
        for (TrackingEventType type : TrackingEventType.values()) {
            positions.put(type.name(), new Position(from, span, 0));
        }
        return new Computation(id, full, asOf, sentAt, now, now, 0, null, null, positions, totals, null, 0, null);
    }

    Position position(TrackingEventType type) {
        return positions.get(type.name());
    }

    boolean complete() {
        return positions.values().stream().noneMatch(position -> position.readUpTo().isBefore(asOf));
    }

    long eventsRead() {
        return positions.values().stream().mapToLong(Position::read).sum();
    }

    /** Held by someone else whose lease has not run out. */
    boolean leasedByOther(String owner, Instant now) {
        return leaseOwner != null && !leaseOwner.equals(owner) && leaseUntil != null && leaseUntil.isAfter(now);
    }

    Computation leased(String owner, Instant until, Instant now) {
        return new Computation(id, full, asOf, sentAt, startedAt, now, seq + 1, owner, until, positions, totals,
                checkpoint, failures, lastError);
    }

    /** After a saved checkpoint: the new positions and state, no lease. */
    Computation checkpointed(Map<String, Position> newPositions, String newCheckpoint, Instant now, int newFailures,
                             String error) {
        return new Computation(id, full, asOf, sentAt, startedAt, now, seq + 1, null, null, newPositions, totals,
                newCheckpoint, newFailures, error);
    }

    /** After a checkpoint saved during a step: the new positions and state, the lease kept. */
    Computation progressed(Map<String, Position> newPositions, String newCheckpoint, Instant now) {
        return new Computation(id, full, asOf, sentAt, startedAt, now, seq + 1, leaseOwner, leaseUntil, newPositions,
                totals, newCheckpoint, failures, lastError);
    }

    /** Started so long ago with no checkpoint since that its worker must have been lost (no message left). */
    boolean stalled(Instant now, Duration stallAfter) {
        return (leaseUntil == null || !leaseUntil.isAfter(now)) && updatedAt.plus(stallAfter).isBefore(now);
    }
}
