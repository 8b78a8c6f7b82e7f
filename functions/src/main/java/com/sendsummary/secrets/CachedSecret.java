package com.sendsummary.secrets;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One Secrets Manager secret, read and parsed on first use and again after a maximum age (so a rotation is picked
 * up), per container. Each read is bounded by the call timeout and the request's {@link Deadline}. AWS refusing the
 * read for a configuration reason is a {@link ConfigurationException} naming the variable, never a value; while
 * Secrets Manager is unreachable, the value read before is kept and the read retried {@link #STALE_RETRY} later.
 *
 * @param <T> the parsed value
 */
final class CachedSecret<T> {
    static final Duration STALE_RETRY = Duration.ofSeconds(30);

    private final Supplier<SecretsManagerClient> secretsManagerFactory;
    private final String secretId;
    private final String what;
    private final String variable;
    private final Duration maxAge;
    private final Clock clock;
    private final Duration callTimeout;
    private final Function<String, T> parse;
    private SecretsManagerClient secretsManager;
    private T value;
    private Instant readAt;

    /**
     * @param secretsManager builds the client on the first read, so a container that never needs the secret never
     *                       pays for it
     * @param what           the secret in messages, e.g. {@code "SFMC secret"}
     * @param variable       the environment variable naming it, e.g. {@code SFMC_SECRET_ID}
     * @param parse          the value of the secret's {@code SecretString} (null for a binary secret); throws
     *                       {@link ConfigurationException} when the secret is unusable
     */
    CachedSecret(Supplier<SecretsManagerClient> secretsManager, String secretId, String what, String variable,
                 Duration maxAge, Clock clock, Duration callTimeout, Function<String, T> parse) {
        this.secretsManagerFactory = secretsManager;
        this.secretId = secretId;
        this.what = what;
        this.variable = variable;
        this.maxAge = maxAge;
        this.clock = clock;
        this.callTimeout = callTimeout;
        this.parse = parse;
    }

    synchronized T get() {
        Instant now = clock.instant();
        if (value != null && now.isBefore(readAt.plus(maxAge))) {
            return value;
        }
        if (secretsManager == null) {
            secretsManager = secretsManagerFactory.get();
        }
        String secretString;
        Deadline deadline = Deadline.current();
        try {
            if (value == null) {
                deadline.check("reading the " + what);
            }
            secretString = secretsManager.getSecretValue(r -> r.secretId(secretId).overrideConfiguration(o -> o
                    .apiCallTimeout(deadline.cap(callTimeout))
                    .apiCallAttemptTimeout(deadline.cap(callTimeout.dividedBy(2))))).secretString();
        } catch (SdkException e) {
            String misconfigured = ConfigurationException.misconfiguredAwsCode(e);
            if (misconfigured != null) {
                throw new ConfigurationException("AWS refused reading the " + what + " named by " + variable + " ("
                        + misconfigured + "); check that it exists and the function's role may read it");
            }
            if (value == null) {
                throw e;
            }
            // Secrets Manager is briefly unreachable: the value read before still works; keep it and try again in
            // STALE_RETRY rather than failing every use.
            readAt = now.minus(maxAge).plus(STALE_RETRY);
            return value;
        }
        value = parse.apply(secretString);
        readAt = now;
        return value;
    }
}
