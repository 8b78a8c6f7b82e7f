package com.sendsummary.config;

import java.time.Duration;
import java.util.Map;

/**
 * Everything the functions read from their environment, validated once at start-up.
 *
 * <p>Variables: {@code AWS_REGION} (set by Lambda), {@code SUMMARY_TABLE} and {@code SFMC_SECRET_ID} (required); {@code SECRET_MAX_AGE_SECONDS} (300),
 * {@code SUMMARY_TTL_RECENT_SECONDS} (300), {@code SUMMARY_TTL_SETTLED_SECONDS} (259200),
 * {@code TRACKING_WINDOW_HOURS} (72), {@code NOT_FOUND_TTL_SECONDS} (60), {@code SFMC_CONNECT_TIMEOUT_MS} (5000),
 * {@code SFMC_RECEIVE_TIMEOUT_MS} (20000), {@code SFMC_BATCH_SIZE} (2500), {@code AWS_CALL_TIMEOUT_MS} (5000).
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
        Duration awsCallTimeout) {

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
                Duration.ofMillis(positive(env, "SFMC_CONNECT_TIMEOUT_MS", 5_000)),
                Duration.ofMillis(positive(env, "SFMC_RECEIVE_TIMEOUT_MS", 20_000)),
                (int) Math.min(2_500, positive(env, "SFMC_BATCH_SIZE", 2_500)),
                Duration.ofMillis(positive(env, "AWS_CALL_TIMEOUT_MS", 5_000)));
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
}
