package com.sendsummary.engagement;

import com.sendsummary.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How engagement is computed, from the environment (template.yaml sets every variable; docs/configuration.md).
 *
 * <ul>
 *   <li>{@code ENGAGEMENT_QUEUE_URL}: the queue of computations (the worker function reads it); without it no
 *       computation can start, and a send too big for one request answers {@code configuration_error}.</li>
 *   <li>{@code ENGAGEMENT_STATE_BUCKET}: where a checkpoint too big for the table item is kept.</li>
 *   <li>{@code ENGAGEMENT_OVERLAP_MINUTES} (60): an incremental pass re-reads this much before the previous pass's
 *       {@code asOf}, for events SFMC makes visible late (99% within an hour); each is counted once.</li>
 *   <li>{@code ENGAGEMENT_INLINE_MAX_EVENTS} (100000): a send whose Send counters promise at most this many events is
 *       computed inside the HTTP request (about 40 SFMC pages, a few seconds); larger ones in the background.</li>
 *   <li>{@code ENGAGEMENT_FULL_RECOMPUTE_AFTER_HOURS} (24): the first computation started this long after the send,
 *       and every later one whose previous full pass is older than the send at that age, reads everything again
 *       instead of the overlap only, so events later than the overlap are counted too.</li>
 * </ul>
 */
public record EngagementSettings(Optional<String> queueUrl, Optional<String> stateBucket, Duration overlap,
                                 long inlineMaxEvents, Duration fullRecomputeAfter) {

    public static EngagementSettings fromEnvironment(Map<String, String> env) {
        return new EngagementSettings(
                Optional.ofNullable(env.get("ENGAGEMENT_QUEUE_URL")).filter(value -> !value.isBlank()),
                Optional.ofNullable(env.get("ENGAGEMENT_STATE_BUCKET")).filter(value -> !value.isBlank()),
                Duration.ofMinutes(whole(env, "ENGAGEMENT_OVERLAP_MINUTES", 60, 0, 7 * 24 * 60)),
                whole(env, "ENGAGEMENT_INLINE_MAX_EVENTS", 100_000, 0, 10_000_000),
                Duration.ofHours(whole(env, "ENGAGEMENT_FULL_RECOMPUTE_AFTER_HOURS", 24, 1, 24 * 365)));
    }

    private static long whole(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("Environment variable " + name + " must be a whole number in " + min + ".."
                + max);
    }
}
