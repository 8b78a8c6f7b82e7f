package com.sendsummary.sfmc;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings of {@link SfmcSoapClient}: connect and receive (read) timeouts, used for both the token
 * endpoint and the SOAP endpoint, and the page size of paged retrieves (1 to 2500; SFMC caps pages at 2500).
 */
public record SfmcClientSettings(Duration connectTimeout, Duration receiveTimeout, int batchSize) {

    /** Largest page SFMC returns. */
    public static final int MAX_BATCH_SIZE = 2500;

    public SfmcClientSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || receiveTimeout.isNegative() || receiveTimeout.isZero()) {
            throw new IllegalArgumentException("SFMC timeouts must be positive");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("SFMC batchSize must be between 1 and " + MAX_BATCH_SIZE);
        }
    }
}
