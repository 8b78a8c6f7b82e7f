package com.sendsummary.cache;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.SfmcBusyException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.SfmcRecentFailureException;
import com.sendsummary.sfmc.SfmcTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one cache-aside path of the product (summaries and engagement): look the key up, serve a fresh copy, otherwise
 * fetch from SFMC under a lease, write conditionally, and serve a stale copy when SFMC cannot answer.
 *
 * <ul>
 *   <li><b>Fresh</b>: a readable copy before its {@code expiresAt} is served ({@code hit}); with {@code refresh}, only
 *       if it was fetched less than the minimum refresh interval ago (a hit that says the refresh was skipped).</li>
 *   <li><b>One fetch per key</b>: within a container, concurrent callers for a key share one fetch; across containers,
 *       a fetch first takes the lease {@code LEASE#<key>} (a conditional put). Losers do not call SFMC: they poll the
 *       item until it is replaced (at most {@code leaseWait}), else serve stale, else {@code 503 sfmc_busy}. A retryable
 *       failure is left on the lease for {@code failureMemory}, so others serve stale or fail at once meanwhile.</li>
 *   <li><b>Stale-on-error</b>: a retryable failure (timeout, throttling, unavailable, busy, the deadline, AWS failing
 *       the lease) is answered with the copy in the table if it was fetched less than {@code staleMaxAge} ago
 *       ({@code stale}, with the error code as reason). Non-retryable errors and "not found" are never masked.</li>
 *   <li><b>Writes that lose nothing</b>: a newer fetch is never overwritten, a "not found" never replaces data, a
 *       damaged item (fetchedAt further in the future than {@code clockSkew}) is always replaceable; when the write is
 *       refused, what the table really holds is served. A write that fails (DynamoDB down) still serves the data
 *       read. Items live in the table until the stale horizon ({@code deleteAt}).</li>
 * </ul>
 * Errors are never cached. Every step is bounded by the request's {@link Deadline}.
 */
public final class CacheAside {
    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String REFRESHED = "refreshed";
    public static final String STALE = "stale";

    /**
     * @param staleMaxAge   how old (since fetchedAt) a copy may be and still be served when SFMC fails
     * @param leaseDuration how long a lease holds when its holder never releases it (crashed)
     * @param leaseWait     how long a lease loser waits for the holder's result
     * @param pollInterval  how often a lease loser looks for the holder's result
     * @param failureMemory how long a retryable failure stays on the lease
     * @param clockSkew     a fetchedAt further in the future than this marks the item damaged
     */
    public record Settings(Duration staleMaxAge, Duration leaseDuration, Duration leaseWait, Duration pollInterval,
                           Duration failureMemory, Duration clockSkew) {
        public static Settings defaults(Duration staleMaxAge, Duration leaseDuration, Duration leaseWait) {
            return new Settings(staleMaxAge, leaseDuration, leaseWait, Duration.ofMillis(150), Duration.ofSeconds(5),
                    Duration.ofMinutes(1));
        }
    }

    /** What to fetch on a miss: the kind, payload and end of freshness of the new item. */
    public record Loaded(String kind, String payload, Instant expiresAt) {
        public static Loaded notFound(Instant expiresAt) {
            return new Loaded(CacheEntry.KIND_NOT_FOUND, null, expiresAt);
        }
    }

    /** Reads the data from SFMC; {@code fetchedAt} is the snapshot time the item will carry. */
    @FunctionalInterface
    public interface Loader {
        Loaded load(Instant fetchedAt);
    }

    /**
     * One key's rules.
     *
     * @param key      the item's partition key
     * @param decode   the payload as a value; empty when unreadable (then it is treated as absent)
     * @param notFound what to throw when the item says "not found"
     * @param loader   the SFMC read
     */
    public record Lookup<T>(String key, Function<CacheEntry, Optional<T>> decode,
                            Supplier<? extends RuntimeException> notFound, Loader loader) {
    }

    /**
     * A served value and how it was served.
     *
     * @param status         {@code hit}, {@code miss}, {@code refreshed} or {@code stale}
     * @param staleReason    the error code that would have been answered, when stale
     * @param refreshSkipped a refresh was asked for and skipped (the copy is younger than the minimum interval)
     * @param collapsed      the value came from another caller's fetch (same container or another one)
     */
    public record Served<T>(T value, String status, Instant fetchedAt, Instant expiresAt, String staleReason,
                            boolean refreshSkipped, boolean collapsed) {
    }

    private final CacheStore store;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final Map<String, CompletableFuture<Outcome>> flights = new ConcurrentHashMap<>();

    /** @param warnings where lost writes and degraded paths are reported (one JSON line each) */
    public CacheAside(CacheStore store, Settings settings, Clock clock, Consumer<String> warnings) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.warnings = warnings;
    }

    public CacheStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The value under the lookup's key, by the rules above.
     *
     * @param refresh            fetch even if a fresh copy exists (unless younger than {@code refreshMinInterval})
     * @param refreshMinInterval zero = always refresh
     */
    public <T> Served<T> get(Lookup<T> lookup, boolean refresh, Duration refreshMinInterval) {
        Instant now = clock.instant();
        Optional<CacheEntry> current = store.read(lookup.key()).filter(entry -> !isDamaged(entry, now));
        if (current.isPresent()) {
            CacheEntry entry = current.get();
            boolean fresh = !entry.isExpiredAt(now);
            boolean recent = entry.fetchedAt().isAfter(now.minus(refreshMinInterval));
            if (fresh && (!refresh || recent)) {
                Optional<Served<T>> served = serve(lookup, entry, HIT, null, refresh, false);
                if (served.isPresent()) {
                    return served.get();
                }
            }
        }
        return fetch(lookup, refresh, current);
    }

    /** A fresh, readable copy of a key already read (batch reads), else empty. */
    public <T> Optional<Served<T>> fresh(Lookup<T> lookup, CacheEntry entry) {
        Instant now = clock.instant();
        if (isDamaged(entry, now) || entry.isExpiredAt(now)) {
            return Optional.empty();
        }
        return serve(lookup, entry, HIT, null, false, false);
    }

    /**
     * Writes data already read from SFMC by another path (a listing) with the same conditional write as a fetch, no
     * lease (nothing more is read from SFMC). A failed or refused write only costs a later miss.
     */
    public void remember(String key, Loaded loaded, Instant fetchedAt) {
        try {
            store.write(toEntry(key, loaded, fetchedAt), clock.instant().plus(settings.clockSkew()));
        } catch (SdkException | SfmcException e) {
            warn("cache_write_failed", key, e.getClass().getSimpleName());
        }
    }

    private <T> Served<T> fetch(Lookup<T> lookup, boolean refresh, Optional<CacheEntry> current) {
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> running = flights.putIfAbsent(lookup.key(), mine);
        if (running != null) {
            return follow(lookup, running, current);
        }
        try {
            Outcome outcome = lead(lookup, refresh, current);
            mine.complete(outcome);
            return toServed(lookup, outcome, false);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(lookup.key(), mine);
        }
    }

    /** Another caller of this container is fetching the key: wait for its outcome, within this request's deadline. */
    private <T> Served<T> follow(Lookup<T> lookup, CompletableFuture<Outcome> running, Optional<CacheEntry> current) {
        try {
            Outcome outcome = running.get(Deadline.current().remaining().toNanos(), TimeUnit.NANOSECONDS);
            return toServed(lookup, outcome, true);
        } catch (TimeoutException e) {
            return toServed(lookup, staleOr(lookup, current,
                    new SfmcTimeoutException("The request's deadline passed while another call fetched it", null)),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SfmcTimeoutException("Interrupted while waiting for another fetch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** This container fetches: lease, SFMC, conditional write; stale copy on a retryable failure. */
    private <T> Outcome lead(Lookup<T> lookup, boolean refresh, Optional<CacheEntry> current) {
        String owner = UUID.randomUUID().toString();
        boolean leased;
        try {
            Deadline.current().check("an SFMC fetch");
            leased = store.tryLease(lookup.key(), owner, clock.instant(), settings.leaseDuration());
        } catch (SfmcException e) {
            return staleOr(lookup, current, e);
        } catch (SdkException e) {
            if (ConfigurationException.misconfiguredAwsCode(e) != null) {
                throw e;
            }
            return staleOr(lookup, current, e, "aws_unavailable");
        }
        if (!leased) {
            return awaitOther(lookup, current);
        }
        String failure = null;
        try {
            Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Loaded loaded;
            try {
                loaded = lookup.loader().load(fetchedAt);
            } catch (SfmcException e) {
                if (e.retryable()) {
                    failure = e.code();
                }
                return staleOr(lookup, current, e);
            } catch (SdkException e) {
                // Secrets Manager failing on the first read of the credentials.
                if (ConfigurationException.misconfiguredAwsCode(e) != null) {
                    throw e;
                }
                failure = "aws_unavailable";
                return staleOr(lookup, current, e, failure);
            }
            return store(lookup, refresh, toEntry(lookup.key(), loaded, fetchedAt));
        } finally {
            release(lookup.key(), owner, failure);
        }
    }

    private Outcome store(Lookup<?> lookup, boolean refresh, CacheEntry entry) {
        String status = refresh ? REFRESHED : MISS;
        boolean written;
        try {
            written = store.write(entry, clock.instant().plus(settings.clockSkew()));
        } catch (SdkException | SfmcException e) {
            warn("cache_write_failed", lookup.key(), e.getClass().getSimpleName());
            return new Outcome(entry, status, null);
        }
        if (written) {
            return new Outcome(entry, status, null);
        }
        // Another writer won: report what the table really holds, when it can be served.
        try {
            Optional<CacheEntry> there = store.readLatest(lookup.key());
            Instant now = clock.instant();
            if (there.isPresent() && !isDamaged(there.get(), now) && !there.get().isExpiredAt(now)
                    && (there.get().isNotFound() || lookup.decode().apply(there.get()).isPresent())) {
                warn("cache_write_lost", lookup.key(), "served the newer item already in the table");
                return new Outcome(there.get(), HIT, null);
            }
        } catch (SdkException | SfmcException e) {
            // fall through: serve what was fetched
        }
        warn("cache_write_lost", lookup.key(), "the table holds no servable item; served what was fetched");
        return new Outcome(entry, status, null);
    }

    /** Another container holds the lease: poll for its result, serve stale, or answer busy. */
    private Outcome awaitOther(Lookup<?> lookup, Optional<CacheEntry> current) {
        Deadline deadline = Deadline.current();
        long waitNanos = Math.min(settings.leaseWait().toNanos(), deadline.remaining().toNanos());
        long until = System.nanoTime() + waitNanos;
        int polls = 0;
        try {
            while (System.nanoTime() - until < 0) {
                Thread.sleep(Math.max(1, Math.min(settings.pollInterval().toMillis(),
                        TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
                Instant now = clock.instant();
                Optional<CacheEntry> latest = store.readLatest(lookup.key());
                if (latest.isPresent() && !isDamaged(latest.get(), now) && !latest.get().isExpiredAt(now)
                        && (current.isEmpty() || latest.get().fetchedAt().isAfter(current.get().fetchedAt()))) {
                    return new Outcome(latest.get(), HIT, null, true);
                }
                // The holder's failure is looked for on the first poll and every third one after: one read per poll
                // otherwise, so that many waiting containers do not crowd the table the holder has to write to.
                Optional<String> failure = polls++ % 3 == 0 ? store.leaseFailure(lookup.key(), now) : Optional.empty();
                if (failure.isPresent()) {
                    return staleOr(lookup, current, new SfmcRecentFailureException(failure.get()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SdkException e) {
            return staleOr(lookup, current, e, "aws_unavailable");
        } catch (SfmcException e) {
            return staleOr(lookup, current, e);
        }
        return staleOr(lookup, current, new SfmcBusyException(
                "Another request is fetching this send from SFMC; try again in a moment"));
    }

    private void release(String key, String owner, String failure) {
        try {
            // Released outside the request's deadline: a lease left held would block others until it expires.
            Deadline.NONE.run(() -> {
                store.releaseLease(key, owner, clock.instant(), failure, settings.failureMemory());
                return null;
            });
        } catch (RuntimeException e) {
            warn("lease_release_failed", key, e.getClass().getSimpleName());
        }
    }

    private Outcome staleOr(Lookup<?> lookup, Optional<CacheEntry> current, SfmcException failure) {
        if (!failure.retryable()) {
            throw failure;
        }
        return staleOr(lookup, current, failure, failure.code());
    }

    private Outcome staleOr(Lookup<?> lookup, Optional<CacheEntry> current, RuntimeException failure, String code) {
        Instant now = clock.instant();
        Optional<CacheEntry> stale = current
                .filter(entry -> !entry.isNotFound())
                .filter(entry -> !entry.fetchedAt().isBefore(now.minus(settings.staleMaxAge())))
                .filter(entry -> lookup.decode().apply(entry).isPresent());
        if (stale.isEmpty()) {
            throw failure;
        }
        return new Outcome(stale.get(), STALE, code);
    }

    private <T> Served<T> toServed(Lookup<T> lookup, Outcome outcome, boolean follower) {
        return serve(lookup, outcome.entry(), outcome.status(), outcome.staleReason(), false,
                follower || outcome.collapsed())
                .orElseThrow(() -> new IllegalStateException("Item " + lookup.key() + " cannot be read back"));
    }

    private <T> Optional<Served<T>> serve(Lookup<T> lookup, CacheEntry entry, String status, String staleReason,
                                          boolean refreshSkipped, boolean collapsed) {
        if (entry.isNotFound()) {
            throw lookup.notFound().get();
        }
        return lookup.decode().apply(entry).map(value -> new Served<>(value, status, entry.fetchedAt(),
                entry.expiresAt(), staleReason, refreshSkipped, collapsed));
    }

    private CacheEntry toEntry(String key, Loaded loaded, Instant fetchedAt) {
        Instant expiresAt = loaded.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        Instant deleteAt = CacheEntry.KIND_NOT_FOUND.equals(loaded.kind()) ? expiresAt
                : later(expiresAt, fetchedAt.plus(settings.staleMaxAge())).truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        return new CacheEntry(key, loaded.kind(), loaded.payload(), fetchedAt, expiresAt, deleteAt);
    }

    private boolean isDamaged(CacheEntry entry, Instant now) {
        return entry.fetchedAt().isAfter(now.plus(settings.clockSkew()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void warn(String event, String key, String detail) {
        warnings.accept("{\"level\":\"WARN\",\"event\":\"" + event + "\",\"key\":\"" + key + "\",\"detail\":\""
                + detail + "\"}");
    }

    private record Outcome(CacheEntry entry, String status, String staleReason, boolean collapsed) {
        Outcome(CacheEntry entry, String status, String staleReason) {
            this(entry, status, staleReason, false);
        }
    }
}
