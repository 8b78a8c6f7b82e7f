package com.sendsummary.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.DeadlineExceededException;
import com.sendsummary.sfmc.SfmcBusyException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.SfmcRecentFailureException;
import com.sendsummary.summary.Json;
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
 * The one cache-aside path of the product (summaries): look the key up, serve a fresh copy, otherwise
 * fetch from SFMC under a lease, write conditionally, and serve a stale copy when SFMC cannot answer.
 *
 * <ul>
 *   <li><b>Fresh</b>: a readable copy before its {@code expiresAt} is served ({@code hit}); with {@code refresh}, only
 *       if it was fetched less than the minimum refresh interval ago (a hit that says the refresh was skipped).</li>
 *   <li><b>One fetch per key</b>: within a container, concurrent callers for a key share one fetch; across containers,
 *       a fetch first takes the lease on the key's item (a conditional update that also answers what the item holds,
 *       so a value stored meanwhile is served without a fetch). Losers do not call SFMC: they poll the
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
    /** The failure code a lease carries when the holder found the key does not exist (not stored, e.g. engagement). */
    static final String NOT_FOUND = "send_not_found";

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
     * @param stored         the table holds what was served (false when SFMC was read but the write failed)
     */
    public record Served<T>(T value, String status, Instant fetchedAt, Instant expiresAt, String staleReason,
                            boolean refreshSkipped, boolean collapsed, boolean stored) {
    }

    /** Time a lease release may take from the answering margin when the deadline is spent. */
    private static final Duration RELEASE_GRACE = Duration.ofMillis(300);

    private final CacheStore store;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<ObjectNode> warnings;
    private final Map<String, CompletableFuture<Outcome>> flights = new ConcurrentHashMap<>();

    /** @param warnings where lost writes and degraded paths are reported (one JSON line each) */
    public CacheAside(CacheStore store, Settings settings, Clock clock, Consumer<ObjectNode> warnings) {
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
                Optional<Served<T>> served = serve(lookup, entry, HIT, null, refresh, false, true);
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
        return serve(lookup, entry, HIT, null, false, false, true);
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
            Outcome outcome = lead(lookup, refresh, current, true);
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
            return toServed(lookup, staleOr(lookup, current, new DeadlineExceededException(
                    "The request's deadline passed while another call fetched it")), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("Interrupted while waiting for another fetch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * This container fetches: lease, SFMC, conditional write; stale copy on a retryable failure.
     *
     * @param mayWait whether, losing the lease, this call may wait for the holder (false on a second attempt)
     */
    private <T> Outcome lead(Lookup<T> lookup, boolean refresh, Optional<CacheEntry> current, boolean mayWait) {
        String owner = UUID.randomUUID().toString();
        CacheStore.Leased leased;
        try {
            Deadline.current().check("an SFMC fetch");
            leased = store.tryLease(lookup.key(), owner, clock.instant(), leaseDuration());
        } catch (SfmcException e) {
            return staleOr(lookup, current, e);
        } catch (SdkException e) {
            // The put may have been applied before the call failed: end it, or it would hold others back. Briefly:
            // DynamoDB is most likely failing the release too.
            Deadline.in(RELEASE_GRACE).run(() -> {
                release(lookup.key(), owner, null);
                return null;
            });
            if (ConfigurationException.misconfiguredAwsCode(e) != null) {
                throw e;
            }
            return staleOr(lookup, current, e, "aws_unavailable");
        }
        if (!leased.taken()) {
            if (mayWait) {
                return awaitOther(lookup, refresh, current);
            }
            // A waiter that saw the holder's lease end lost the race to take it again, most often to another waiter:
            // the holder's write ended its lease, so what it stored is there to serve.
            try {
                Optional<CacheEntry> stored = newerServable(lookup, current);
                if (stored.isPresent()) {
                    return new Outcome(stored.get(), HIT, null, true, true);
                }
            } catch (SdkException | SfmcException e) {
                // fall through: busy, as without the read
            }
            return staleOr(lookup, current,
                    new SfmcBusyException("Another request is fetching this send from SFMC; try again in a moment"));
        }
        String failure = null;
        boolean released = false;
        try {
            // Another container may have stored the key between this container's read and its lease: the lease, taken
            // on the item itself, answers what the item holds now.
            Optional<CacheEntry> newer = newerServable(lookup, current, leased.entry());
            if (newer.isPresent()) {
                return new Outcome(newer.get(), HIT, null, true, true);
            }
            Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Loaded loaded;
            try {
                loaded = lookup.loader().load(fetchedAt);
            } catch (DeadlineExceededException e) {
                return staleOr(lookup, current, e);   // this request's time ran out: nothing to tell others
            } catch (SfmcException e) {
                failure = e.code();
                return staleOr(lookup, current, e);
            } catch (SdkException e) {
                // Secrets Manager failing on the first read of the credentials.
                if (ConfigurationException.misconfiguredAwsCode(e) != null) {
                    throw e;
                }
                failure = "aws_unavailable";
                return staleOr(lookup, current, e, failure);
            } catch (RuntimeException e) {
                if (isNotFound(lookup, e)) {
                    failure = NOT_FOUND;
                }
                throw e;
            }
            Outcome stored = store(lookup, refresh, toEntry(lookup.key(), loaded, fetchedAt), owner);
            released = true;
            return stored;
        } finally {
            if (!released) {
                release(lookup.key(), owner, failure);
            }
        }
    }

    /**
     * How long a fetch's lease holds: as long as the fetch may take (the request's deadline), at least the configured
     * lease, so that a slow fetch is never duplicated; a container that dies lets it go at that time.
     */
    private Duration leaseDuration() {
        Deadline deadline = Deadline.current();
        if (deadline.isNone()) {
            return settings.leaseDuration();
        }
        Duration untilDeadline = deadline.remaining().plusSeconds(1);
        return untilDeadline.compareTo(settings.leaseDuration()) > 0 ? untilDeadline : settings.leaseDuration();
    }

    /** Writes what {@code owner} fetched and ends its lease (in the same call when nothing stands in the way). */
    private Outcome store(Lookup<?> lookup, boolean refresh, CacheEntry entry, String owner) {
        String status = refresh ? REFRESHED : MISS;
        boolean written;
        try {
            written = store.writeReleasing(entry, clock.instant().plus(settings.clockSkew()), owner, clock.instant());
        } catch (SdkException | SfmcException e) {
            warn("cache_write_failed", lookup.key(), e.getClass().getSimpleName());
            release(lookup.key(), owner, null);
            return new Outcome(entry, status, null, false, false);
        }
        if (written) {
            return new Outcome(entry, status, null, false, true);
        }
        // Another writer won: report what the table really holds, when it can be served.
        try {
            Optional<CacheEntry> there = store.readLatest(lookup.key());
            Instant now = clock.instant();
            if (there.isPresent() && servable(lookup, there.get(), now)) {
                warn("cache_write_lost", lookup.key(), "served the newer item already in the table");
                return new Outcome(there.get(), HIT, null, false, true);
            }
        } catch (SdkException | SfmcException e) {
            // fall through: serve what was fetched
        }
        warn("cache_write_lost", lookup.key(), "the table holds no servable item; served what was fetched");
        return new Outcome(entry, status, null, false, true);
    }

    /**
     * Another container holds the lease: poll for its result, follow the failure it leaves, take the lease over if
     * it ended with nothing stored, or, when the wait is over, serve stale or answer busy.
     */
    private <T> Outcome awaitOther(Lookup<T> lookup, boolean refresh, Optional<CacheEntry> current) {
        Deadline deadline = Deadline.current();
        long waitNanos = Math.min(settings.leaseWait().toNanos(), deadline.remaining().toNanos());
        long until = System.nanoTime() + waitNanos;
        int polls = 0;
        try {
            while (true) {
                // The lease is looked at first (a failure left on it is answered at once, without waiting) and then
                // on every third poll: one read per poll otherwise, so that many waiting containers do not crowd the
                // table the holder has to write to.
                if (polls++ % 3 == 0) {
                    Optional<CacheStore.Lease> lease = store.lease(lookup.key(), clock.instant());
                    if (lease.isPresent() && lease.get().failure() != null) {
                        if (NOT_FOUND.equals(lease.get().failure())) {
                            throw lookup.notFound().get();
                        }
                        return staleOr(lookup, current, new SfmcRecentFailureException(lease.get().failure()));
                    }
                    if (lease.isEmpty()) {
                        // The holder ended without a result this container can see (its write failed, or it has just
                        // finished): fetch itself, which first reads the table again.
                        return lead(lookup, refresh, current, false);
                    }
                }
                if (System.nanoTime() - until >= 0) {
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(settings.pollInterval().toMillis(),
                        TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
                Optional<CacheEntry> newer = newerServable(lookup, current);
                if (newer.isPresent()) {
                    return new Outcome(newer.get(), HIT, null, true, true);
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

    /** A servable item newer than {@code current} (a consistent read), if one has been stored meanwhile. */
    private Optional<CacheEntry> newerServable(Lookup<?> lookup, Optional<CacheEntry> current) {
        return newerServable(lookup, current, store.readLatest(lookup.key()));
    }

    /** {@code latest} if it is servable and newer than {@code current}. */
    private Optional<CacheEntry> newerServable(Lookup<?> lookup, Optional<CacheEntry> current,
                                               Optional<CacheEntry> latest) {
        Instant now = clock.instant();
        return latest
                .filter(entry -> current.isEmpty() || entry.fetchedAt().isAfter(current.get().fetchedAt()))
                .filter(entry -> servable(lookup, entry, now));
    }

    private boolean servable(Lookup<?> lookup, CacheEntry entry, Instant now) {
        return !isDamaged(entry, now) && !entry.isExpiredAt(now)
                && (entry.isNotFound() || lookup.decode().apply(entry).isPresent());
    }

    private static boolean isNotFound(Lookup<?> lookup, RuntimeException e) {
        return e.getClass().equals(lookup.notFound().get().getClass());
    }

    private void release(String key, String owner, String failure) {
        try {
            // Released even when the deadline is (nearly) spent: a lease left held makes others wait until it expires.
            Deadline.current().withGrace(RELEASE_GRACE).run(() -> {
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
        return new Outcome(stale.get(), STALE, code, false, true);
    }

    private <T> Served<T> toServed(Lookup<T> lookup, Outcome outcome, boolean follower) {
        return serve(lookup, outcome.entry(), outcome.status(), outcome.staleReason(), false,
                follower || outcome.collapsed(), outcome.stored())
                .orElseThrow(() -> new IllegalStateException("Item " + lookup.key() + " cannot be read back"));
    }

    private <T> Optional<Served<T>> serve(Lookup<T> lookup, CacheEntry entry, String status, String staleReason,
                                          boolean refreshSkipped, boolean collapsed, boolean stored) {
        if (entry.isNotFound()) {
            throw lookup.notFound().get();
        }
        return lookup.decode().apply(entry).map(value -> new Served<>(value, status, entry.fetchedAt(),
                entry.expiresAt(), staleReason, refreshSkipped, collapsed, stored));
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
        warnings.accept(Json.MAPPER.createObjectNode().put("event", event).put("key", key).put("detail", detail));
    }

    /** @param stored whether the table holds the entry served (false only when the write failed) */
    private record Outcome(CacheEntry entry, String status, String staleReason, boolean collapsed, boolean stored) {
    }
}
