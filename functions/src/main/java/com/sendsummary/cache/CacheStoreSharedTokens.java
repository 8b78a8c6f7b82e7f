package com.sendsummary.cache;

import com.sendsummary.sfmc.SharedTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * SFMC tokens shared through the cache table: item {@code TOKEN#<clientId>#<accountId|default>} of kind {@code token}
 * (payload: the sealed token, {@code fetchedAt}: when it was requested, {@code expiresAt}: when to refresh it,
 * {@code deleteAt}: when SFMC stops accepting it, so DynamoDB removes dead tokens), refreshed under the item's lease. The table's items are encrypted at rest by DynamoDB, and the token inside is sealed besides.
 */
public final class CacheStoreSharedTokens implements SharedTokens {
    static final String KIND_TOKEN = "token";

    private final CacheStore store;
    private final Clock clock;

    public CacheStoreSharedTokens(CacheStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<Stored> read(String key) {
        return store.readLatest(key).flatMap(CacheStoreSharedTokens::stored);
    }

    @Override
    public void writeAndUnlock(String key, Stored token, String owner) {
        store.writeReleasing(entry(key, token), clock.instant().plus(Duration.ofMinutes(1)), owner, clock.instant());
    }

    @Override
    public Lock tryLock(String key, String owner, Duration duration) {
        CacheStore.Leased leased = store.tryLease(key, owner, clock.instant(), duration);
        return new Lock(leased.taken(), leased.entry().flatMap(CacheStoreSharedTokens::stored));
    }

    private static Optional<Stored> stored(CacheEntry entry) {
        return KIND_TOKEN.equals(entry.kind()) && entry.payload() != null
                ? Optional.of(new Stored(entry.payload(), entry.fetchedAt(), entry.expiresAt(), entry.deleteAt()))
                : Optional.empty();
    }

    private static CacheEntry entry(String key, Stored token) {
        return new CacheEntry(key, KIND_TOKEN, token.sealed(), token.requestedAt(), token.refreshAt(),
                token.expiresAt());
    }

    @Override
    public void unlock(String key, String owner, String failure, Duration rememberFor) {
        store.releaseLease(key, owner, clock.instant(), failure, rememberFor);
    }

    @Override
    public Optional<String> failure(String key) {
        return store.lease(key, clock.instant()).map(CacheStore.Lease::failure);
    }
}
