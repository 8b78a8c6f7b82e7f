package com.sendsummary.secrets;

import com.sendsummary.config.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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

    private final String secretId;
    private final CachedSecret<byte[]> secret;

    /** @param secretId the secret's ARN or name; null when the variable is not set (every use is then refused) */
    public SecretsManagerCursorKey(Supplier<SecretsManagerClient> secretsManager, String secretId, Duration maxAge,
                                   Clock clock, Duration callTimeout) {
        this.secretId = secretId;
        this.secret = new CachedSecret<>(secretsManager, secretId, "cursor key secret", "CURSOR_KEY_SECRET_ID",
                maxAge, clock, callTimeout, secretString -> {
                    if (secretString == null || secretString.strip().length() < MIN_SECRET_LENGTH) {
                        throw new ConfigurationException("The secret named by CURSOR_KEY_SECRET_ID must be a string "
                                + "of at least " + MIN_SECRET_LENGTH + " characters");
                    }
                    return derive(secretString.strip());
                });
    }

    @Override
    public byte[] get() {
        if (secretId == null || secretId.isBlank()) {
            throw new ConfigurationException("Environment variable CURSOR_KEY_SECRET_ID is not set: the HTTP function "
                    + "needs it to issue and check pagination cursors");
        }
        return secret.get();
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
