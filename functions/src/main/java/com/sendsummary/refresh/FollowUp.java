package com.sendsummary.refresh;

import java.time.Duration;
import java.time.Instant;

/**
 * One follow-up refresh of a send and what became of its schedule.
 *
 * @param scheduleName the deterministic EventBridge Scheduler name, see {@link FollowUpScheduler#scheduleName}
 * @param delay        after the SendCompleted event's time
 * @param dueAt        when the refresh is due (UTC, whole seconds)
 * @param outcome      whether the schedule was created now, already existed, or was not created
 */
public record FollowUp(String scheduleName, Duration delay, Instant dueAt, Outcome outcome) {

    /** What scheduling a follow-up did. */
    public enum Outcome {
        /** The one-time schedule was created. */
        CREATED("created"),
        /** A schedule of that name exists: a duplicate or repeated SendCompleted event, or a retry. */
        EXISTS("exists"),
        /** Due already (a late or replayed event): the refresh just made covers it. */
        PAST("skipped_past");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
