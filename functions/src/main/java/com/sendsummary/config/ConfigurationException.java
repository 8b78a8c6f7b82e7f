package com.sendsummary.config;

/**
 * The function is misconfigured: a missing or invalid environment variable or secret key.
 * The message names the variable or key, never its value.
 */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
