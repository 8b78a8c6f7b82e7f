package com.sendsummary.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the functions read from their environment, validated once at start-up.
 *
 * <p>Variables: {@code AWS_REGION} (set by Lambda), {@code SUMMARY_TABLE} and {@code SFMC_SECRET_ID} (required); {@code SECRET_MAX_AGE_SECONDS} (300),
 * {@code SUMMARY_TTL_RECENT_SECONDS} (300), {@code SUMMARY_TTL_SETTLED_SECONDS} (259200),
 * {@code TRACKING_WINDOW_HOURS} (72), {@code NOT_FOUND_TTL_SECONDS} (60), {@code SFMC_CONNECT_TIMEOUT_MS} (3000),
 * {@code SFMC_RECEIVE_TIMEOUT_MS} (10000), {@code SFMC_BATCH_SIZE} (2500), {@code AWS_CALL_TIMEOUT_MS} (5000);
 * resilience: {@code STALE_MAX_AGE_SECONDS} (604800: a copy up to 7 days old is served when SFMC fails),
 * {@code FETCH_LEASE_SECONDS} (15: the shortest a fetch lease lasts; it lasts until its request's deadline), {@code LEASE_WAIT_MS} (2000: how long a
 * caller waits for another container's fetch), {@code DEADLINE_MARGIN_MS} (1000: kept free before the function's or
 * API Gateway's time limit), {@code REFRESH_MIN_INTERVAL_SECONDS} (60; 0 = always refresh: a refresh within this long
 * of the cached copy's fetch is skipped); {@code ALLOWED_CLIENT_IDS} (blank: the MIDs {@code clientId} may name, comma-separated; blank = any BU
 * the credentials can read); {@code SFMC_LOCAL_ENDPOINTS_ALLOWED} (false: only when true are loopback
 * http SFMC URLs in the secret accepted; the local runner sets it, {@code template.yaml} never does);
 * {@code CURSOR_KEY_SECRET_ID} (the secret whose value keys the pagination cursors; the HTTP function needs it on the
 * routes with cursors, and refuses them with {@code configuration_error} without it); {@code INIT_PRIMING} (false:
 * when true, the init also runs the priming SnapStart runs before its snapshot, for provisioned concurrency and for
 * local measurements). The refresh function also reads {@link Refresh}.
 */
public record Config(
        String awsRegion,
        String summaryTable,
        String secretId,
        Duration secretMaxAge,
        Duration ttlRecent,
        Duration ttlSettled,
        Duration trackingWindow,
        Duration notFoundTtl,
        Duration sfmcConnectTimeout,
        Duration sfmcReceiveTimeout,
        int sfmcBatchSize,
        Duration awsCallTimeout,
        Duration staleMaxAge,
        Duration fetchLease,
        Duration leaseWait,
        Duration deadlineMargin,
        Duration refreshMinInterval,
        boolean sfmcLocalEndpointsAllowed,
        BusinessUnits businessUnits,
        String cursorKeySecretId,
        boolean initPriming) {

    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                required(env, "AWS_REGION"),
                required(env, "SUMMARY_TABLE"),
                required(env, "SFMC_SECRET_ID"),
                Duration.ofSeconds(positive(env, "SECRET_MAX_AGE_SECONDS", 300)),
                Duration.ofSeconds(positive(env, "SUMMARY_TTL_RECENT_SECONDS", 300)),
                Duration.ofSeconds(positive(env, "SUMMARY_TTL_SETTLED_SECONDS", 259_200)),
                Duration.ofHours(positive(env, "TRACKING_WINDOW_HOURS", 72)),
                Duration.ofSeconds(positive(env, "NOT_FOUND_TTL_SECONDS", 60)),
                Duration.ofMillis(positive(env, "SFMC_CONNECT_TIMEOUT_MS", 3_000)),
                Duration.ofMillis(positive(env, "SFMC_RECEIVE_TIMEOUT_MS", 10_000)),
                (int) Math.min(2_500, positive(env, "SFMC_BATCH_SIZE", 2_500)),
                Duration.ofMillis(positive(env, "AWS_CALL_TIMEOUT_MS", 5_000)),
                Duration.ofSeconds(positive(env, "STALE_MAX_AGE_SECONDS", 604_800)),
                Duration.ofSeconds(positive(env, "FETCH_LEASE_SECONDS", 15)),
                Duration.ofMillis(positive(env, "LEASE_WAIT_MS", 2_000)),
                Duration.ofMillis(nonNegative(env, "DEADLINE_MARGIN_MS", 1_000)),
                Duration.ofSeconds(nonNegative(env, "REFRESH_MIN_INTERVAL_SECONDS", 60)),
                flag(env, "SFMC_LOCAL_ENDPOINTS_ALLOWED"),
                businessUnits(env.getOrDefault("ALLOWED_CLIENT_IDS", "")),
                env.get("CURSOR_KEY_SECRET_ID"),
                flag(env, "INIT_PRIMING"));
    }

    /** {@code ALLOWED_CLIENT_IDS}: comma-separated MIDs; blank = any business unit the credentials can read. */
    static BusinessUnits businessUnits(String value) {
        Set<Integer> mids = new HashSet<>();
        if (value.isBlank()) {
            return BusinessUnits.any();
        }
        for (String token : value.split(",", -1)) {
            String mid = token.trim();
            if (!mid.matches("[1-9][0-9]{0,9}") || Long.parseLong(mid) > Integer.MAX_VALUE) {
                throw new ConfigurationException(
                        "Environment variable ALLOWED_CLIENT_IDS must be comma-separated MIDs (positive integers)");
            }
            mids.add(Integer.parseInt(mid));
        }
        return new BusinessUnits(mids);
    }

    /** {@code true} or {@code false} (absent = false); anything else names the variable. */
    private static boolean flag(Map<String, String> env, String name) {
        String value = env.getOrDefault(name, "false").trim();
        if (value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ConfigurationException("Environment variable " + name + " must be true or false");
    }

    /**
     * Settings only the refresh function reads, so the HTTP function neither needs nor validates them.
     *
     * <p>Variables: {@code REFRESH_FOLLOW_UPS}
     * (ISO-8601 durations, comma-separated, default {@code PT15M,PT1H,PT24H}; set but empty = no follow-ups) and,
     * unless there are no follow-ups, {@code REFRESH_SCHEDULE_GROUP}, {@code REFRESH_SCHEDULER_ROLE_ARN} and
     * {@code REFRESH_EVENT_BUS_ARN} (required).
     *
     * @param followUps empty when no follow-up refreshes are configured
     */
    public record Refresh(Optional<FollowUps> followUps) {
        public static final String DEFAULT_FOLLOW_UPS = "PT15M,PT1H,PT24H";
        static final int MAX_FOLLOW_UPS = 10;
        static final Duration MAX_FOLLOW_UP = Duration.ofDays(365);
        private static final Pattern GROUP_NAME = Pattern.compile("[0-9A-Za-z_.-]{1,64}");
        private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
        private static final Pattern EVENT_BUS_ARN =
                Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}");

        public static Refresh fromEnvironment(Map<String, String> env) {
            String followUpList = env.getOrDefault("REFRESH_FOLLOW_UPS", DEFAULT_FOLLOW_UPS);
            List<Duration> delays = followUpDelays(followUpList);
            if (delays.isEmpty()) {
                return new Refresh(Optional.empty());
            }
            return new Refresh(Optional.of(new FollowUps(delays,
                    matching(env, "REFRESH_SCHEDULE_GROUP", GROUP_NAME,
                            "a schedule group name (1 to 64 of [0-9A-Za-z_.-])"),
                    matching(env, "REFRESH_SCHEDULER_ROLE_ARN", ROLE_ARN, "an IAM role ARN"),
                    matching(env, "REFRESH_EVENT_BUS_ARN", EVENT_BUS_ARN, "an EventBridge event bus ARN"))));
        }

        /**
         * Parses {@code REFRESH_FOLLOW_UPS}: blank = none; each duration positive, whole seconds, at most 365 days,
         * no two equal (PT60M and PT1H are the same follow-up). Sorted, in canonical form.
         */
        static List<Duration> followUpDelays(String value) {
            List<Duration> delays = new ArrayList<>();
            if (value.isBlank()) {
                return delays;
            }
            for (String token : value.split(",", -1)) {
                Duration delay;
                try {
                    delay = Duration.parse(token.trim());
                } catch (DateTimeParseException e) {
                    throw new ConfigurationException("Environment variable REFRESH_FOLLOW_UPS must be comma-separated "
                            + "ISO-8601 durations such as PT15M,PT1H,PT24H; '" + token.trim() + "' is not one");
                }
                if (!delay.isPositive() || delay.getNano() != 0 || delay.compareTo(MAX_FOLLOW_UP) > 0) {
                    throw new ConfigurationException("Environment variable REFRESH_FOLLOW_UPS: '" + token.trim()
                            + "' must be a whole number of seconds, more than zero and at most 365 days");
                }
                if (delays.contains(delay)) {
                    throw new ConfigurationException(
                            "Environment variable REFRESH_FOLLOW_UPS lists " + delay + " twice");
                }
                delays.add(delay);
            }
            if (delays.size() > MAX_FOLLOW_UPS) {
                throw new ConfigurationException(
                        "Environment variable REFRESH_FOLLOW_UPS lists more than " + MAX_FOLLOW_UPS + " follow-ups");
            }
            delays.sort(null);
            return List.copyOf(delays);
        }

        private static String matching(Map<String, String> env, String name, Pattern pattern, String what) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new ConfigurationException("Environment variable " + name
                        + " is required while REFRESH_FOLLOW_UPS lists follow-ups");
            }
            if (!pattern.matcher(value.trim()).matches()) {
                throw new ConfigurationException("Environment variable " + name + " must be " + what);
            }
            return value.trim();
        }
    }

    /**
     * Where and when follow-up refreshes are scheduled.
     *
     * @param delays         after the SendCompleted event's time, ascending
     * @param scheduleGroup  EventBridge Scheduler group that holds the one-time schedules
     * @param schedulerRoleArn role Scheduler assumes to put the {@code SendRefreshDue} event on the bus
     * @param eventBusArn    the bus the refresh rule listens on
     */
    public record FollowUps(List<Duration> delays, String scheduleGroup, String schedulerRoleArn, String eventBusArn) {
        public FollowUps {
            delays = List.copyOf(delays);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("Environment variable " + name + " is required");
        }
        return value.trim();
    }

    private static long positive(Map<String, String> env, String name, long defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the uniform message below
        }
        throw new ConfigurationException("Environment variable " + name + " must be a positive whole number");
    }

    private static long nonNegative(Map<String, String> env, String name, long defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the uniform message below
        }
        throw new ConfigurationException("Environment variable " + name + " must be a whole number, 0 or more");
    }
}
