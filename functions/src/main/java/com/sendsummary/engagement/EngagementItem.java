package com.sendsummary.engagement;

import java.time.Instant;
import java.util.Optional;

/**
 * A send's engagement in the table (one item, key {@code ENGAGEMENT#<clientId|default>#<jobId>}): the last complete
 * result with its timeline and the state it was computed from (the base of the next incremental pass), and the
 * computation under way, if any, with its checkpoint. {@code version} guards every write: an item is only ever
 * replaced by one computed from the version it read.
 *
 * @param result       the last complete engagement (JSON of {@link Engagement}, without {@code cache}); null before
 * @param fetchedAt    when that result was completed
 * @param freshUntil   until when it is served without starting a new computation
 * @param fullAsOf     the {@code asOf} of the last full pass (null before one completed)
 * @param doneState    the state behind {@code result}, a blob reference ({@link EngagementStore})
 * @param computation  the computation under way (or last stopped), null when none was ever started
 */
public record EngagementItem(String key, long version, String result, String timelineHour, String timelineDay,
                             Instant fetchedAt, Instant freshUntil, Instant fullAsOf, String doneState,
                             Computation computation) {

    static EngagementItem empty(String key) {
        return new EngagementItem(key, 0, null, null, null, null, null, null, null, null);
    }

    boolean hasResult() {
        return result != null;
    }

    Optional<Computation> running() {
        return Optional.ofNullable(computation).filter(c -> !c.complete());
    }

    EngagementItem withComputation(Computation newComputation) {
        return new EngagementItem(key, version, result, timelineHour, timelineDay, fetchedAt, freshUntil, fullAsOf,
                doneState, newComputation);
    }

    EngagementItem completed(String newResult, String hour, String day, Instant at, Instant fresh, String state,
                             Computation finished) {
        return new EngagementItem(key, version, newResult, hour, day, at, fresh,
                finished.full() ? finished.asOf() : fullAsOf, state, finished);
    }
}
