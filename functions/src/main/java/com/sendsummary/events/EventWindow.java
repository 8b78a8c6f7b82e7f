package com.sendsummary.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The closed EventDate window [{@code from}, {@code to}] an event listing reads. {@code to} is always set;
 * {@code from} is null when the caller gave neither bound (every event of the send up to {@code to}).
 */
public record EventWindow(Instant from, Instant to) {
    /** The longest window a caller may ask for: bounds how much SFMC has to scan for one listing. */
    public static final Duration MAX = Duration.ofDays(90);

    /**
     * The window for the caller's bounds. Neither: everything up to {@code asOf}. Only {@code from}: up to
     * {@code from + 90 days} or {@code asOf}, whichever comes first. Only {@code to}: the 90 days before it. Both:
     * as given. SFMC is only ever asked for closed ranges (open-ended date filters are reported to misbehave).
     *
     * @param asOf the listing's "now", frozen in its cursor so every page reads the same window
     * @throws IllegalArgumentException (message for the caller) if {@code from} is not before {@code to} or the
     *                                  window is longer than {@link #MAX}
     */
    public static EventWindow resolve(Instant from, Instant to, Instant asOf) {
        if (from == null && to == null) {
            return new EventWindow(null, asOf);
        }
        Instant end = to != null ? to : min(from.plus(MAX), asOf);
        Instant start = from != null ? from : end.minus(MAX);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException(to != null
                    ? "from must be before to"
                    : "from must be in the past (to defaults to now)");
        }
        if (Duration.between(start, end).compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the window from..to may span at most " + MAX.toDays() + " days");
        }
        return new EventWindow(start, end);
    }

    /** Whether {@code instant} lies in the window (both ends included). */
    public boolean contains(Instant instant) {
        return (from == null || !instant.isBefore(from)) && !instant.isAfter(to);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
