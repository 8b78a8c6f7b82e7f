package com.sendsummary.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Issues opaque access tokens and checks them; tokens live {@code ttl} or until {@link #expireAll()}. */
public final class TokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public TokenStore(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(AuthContext context) {
        Instant now = clock.instant();
        tokens.values().removeIf(issued -> issued.expiresAt.isBefore(now.minus(ttl)));
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Issued(context, now.plus(ttl)));
        return token;
    }

    /** The caller of a valid, unexpired token. */
    public Optional<AuthContext> validate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Issued issued = tokens.get(token.trim());
        if (issued == null || !clock.instant().isBefore(issued.expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(issued.context);
    }

    /** Expires every token issued so far; returns how many were still valid. */
    public int expireAll() {
        Instant now = clock.instant();
        int[] expired = {0};
        tokens.replaceAll((token, issued) -> {
            if (now.isBefore(issued.expiresAt)) {
                expired[0]++;
            }
            return new Issued(issued.context, now);
        });
        return expired[0];
    }

    private record Issued(AuthContext context, Instant expiresAt) {
    }
}
