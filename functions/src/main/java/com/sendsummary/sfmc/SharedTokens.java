package com.sendsummary.sfmc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the containers of a deployment share SFMC access tokens (one per client id and account id), so that the fleet
 * asks SFMC for one token per token lifetime instead of one per container. Tokens are stored sealed (encrypted by
 * {@link OAuthTokenSource} with a key derived from the client secret); implementations never see them in clear.
 */
public interface SharedTokens {

    /** The token stored under {@code key}, if any (whatever its age). */
    Optional<Stored> read(String key);

    /**
     * Takes the lease to fetch a new token for {@code key}. When taken, also the token stored under {@code key} as
     * the lease found it (every write that finished before is seen).
     */
    Lock tryLock(String key, String owner, Duration duration);

    /**
     * Stores {@code token} unless a token requested later is already there, ending {@code owner}'s lease in the same
     * call (the lease is ended either way).
     */
    void writeAndUnlock(String key, Stored token, String owner);

    /** Ends the lease; with a {@code failure} code it is kept for {@code rememberFor} so others fail fast. */
    void unlock(String key, String owner, String failure, Duration rememberFor);

    /** The failure code left on the lease of {@code key} while it holds, else empty. */
    Optional<String> failure(String key);

    /**
     * The outcome of {@link #tryLock}.
     *
     * @param taken  whether the lease is now the caller's
     * @param stored when taken, the token stored as the lease found it
     */
    record Lock(boolean taken, Optional<Stored> stored) {
    }

    /**
     * A stored token.
     *
     * @param sealed      the access token, encrypted
     * @param requestedAt when it was requested (orders writers)
     * @param refreshAt   when a new one should be fetched
     * @param expiresAt   when SFMC stops accepting it
     */
    record Stored(String sealed, Instant requestedAt, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Stored[requestedAt=" + requestedAt + ", refreshAt=" + refreshAt + "]";
        }
    }
}
