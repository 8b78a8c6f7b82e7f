package com.sendsummary.summary;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The sends of one business unit whose SendDate lies in the closed window [{@code from}, {@code to}].
 *
 * @param clientId MID of the business unit; null = the credentials' own
 */
public record SendWindow(Instant from, Instant to, Integer clientId) {
    /**
     * Longest window: about a quarter. SFMC cannot skip rows, so every later page re-reads the window from its start;
     * bounding the window bounds that work.
     */
    public static final Duration MAX_LENGTH = Duration.ofDays(93);

    /** @throws IllegalArgumentException unless {@code from} is before {@code to} and the window is short enough */
    public SendWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("from must be before to, at most " + MAX_LENGTH.toDays() + " days");
        }
    }
}
