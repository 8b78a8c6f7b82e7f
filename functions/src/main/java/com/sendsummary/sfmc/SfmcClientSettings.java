package com.sendsummary.sfmc;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link SfmcSoapClient}: connect and receive (read) timeouts, used for both the token endpoint and the
 * SOAP endpoint, the page size of paged retrieves (1 to 2500; SFMC caps pages at 2500), and where access tokens are
 * shared between containers ({@code sharedTokens}, null = each container keeps its own) with how long a container
 * waits for another one fetching the token ({@code tokenWait}).
 */
public record SfmcClientSettings(Duration connectTimeout, Duration receiveTimeout, int batchSize,
                                 SharedTokens sharedTokens, Duration tokenWait) {

    /** Largest page SFMC returns. */
    public static final int MAX_BATCH_SIZE = 2500;

    public SfmcClientSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        Objects.requireNonNull(tokenWait, "tokenWait");
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || receiveTimeout.isNegative() || receiveTimeout.isZero()) {
            throw new IllegalArgumentException("SFMC timeouts must be positive");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("SFMC batchSize must be between 1 and " + MAX_BATCH_SIZE);
        }
    }

    /** Tokens kept per container only. */
    public SfmcClientSettings(Duration connectTimeout, Duration receiveTimeout, int batchSize) {
        this(connectTimeout, receiveTimeout, batchSize, null, Duration.ofSeconds(2));
    }
}
