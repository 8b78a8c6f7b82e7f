package com.sendsummary.secrets;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The HMAC key of the API's pagination cursors ({@link com.sendsummary.cursor.CursorCodec}), derived from the
 * secret named by {@code CURSOR_KEY_SECRET_ID}: a random string the stack generates at deploy time
 * ({@code CursorKeySecret} in {@code template.yaml}). Read on the first cursor a container issues or checks, then
 * cached like the SFMC secret; while Secrets Manager is unreachable the key read before is kept.
 *
 * <p>Rotating the secret invalidates the cursors issued before (they answer {@code 400 invalid_cursor} once every
 * container has read the new value, and the caller starts again from the first page).
 */
public final class SecretsManagerCursorKey implements Supplier<byte[]> {
    /** A shorter secret is refused: the template generates 64 characters. */
    static final int MIN_SECRET_LENGTH = 32;
    private static final Duration STALE_RETRY = Duration.ofSeconds(30);

    private final Supplier<SecretsManagerClient> secretsManagerFactory;
    private final String secretId;
    private final Duration maxAge;
    private final Clock clock;
    private final Duration callTimeout;
    private SecretsManagerClient secretsManager;
    private byte[] key;
    private Instant readAt;

    /** @param secretId the secret's ARN or name; null when the variable is not set (every use is then refused) */
    public SecretsManagerCursorKey(Supplier<SecretsManagerClient> secretsManager, String secretId, Duration maxAge,
                                   Clock clock, Duration callTimeout) {
        this.secretsManagerFactory = secretsManager;
        this.secretId = secretId;
        this.maxAge = maxAge;
        this.clock = clock;
        this.callTimeout = callTimeout;
    }

    @Override
    public synchronized byte[] get() {
        Instant now = clock.instant();
        if (key != null && now.isBefore(readAt.plus(maxAge))) {
            return key;
        }
        if (secretId == null || secretId.isBlank()) {
            throw new ConfigurationException("Environment variable CURSOR_KEY_SECRET_ID is not set: the HTTP function "
                    + "needs it to issue and check pagination cursors");
        }
        if (secretsManager == null) {
            secretsManager = secretsManagerFactory.get();
        }
        GetSecretValueResponse response;
        Deadline deadline = Deadline.current();
        try {
            if (key == null) {
                deadline.check("reading the cursor key secret");
            }
            response = secretsManager.getSecretValue(r -> r.secretId(secretId).overrideConfiguration(o -> o
                    .apiCallTimeout(deadline.cap(callTimeout))
                    .apiCallAttemptTimeout(deadline.cap(callTimeout.dividedBy(2)))));
        } catch (SdkException e) {
            String misconfigured = ConfigurationException.misconfiguredAwsCode(e);
            if (misconfigured != null) {
                throw new ConfigurationException("AWS refused reading the cursor key secret named by "
                        + "CURSOR_KEY_SECRET_ID (" + misconfigured + "); check that it exists and the function's role "
                        + "may read it");
            }
            if (key == null) {
                throw e;
            }
            readAt = now.minus(maxAge).plus(STALE_RETRY);
            return key;
        }
        String secret = response.secretString();
        if (secret == null || secret.strip().length() < MIN_SECRET_LENGTH) {
            throw new ConfigurationException("The secret named by CURSOR_KEY_SECRET_ID must be a string of at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        key = derive(secret.strip());
        readAt = now;
        return key;
    }

    /** 32 bytes from the secret string, whatever its length or alphabet. */
    static byte[] derive(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("sfmc-send-summary cursor key\n" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
