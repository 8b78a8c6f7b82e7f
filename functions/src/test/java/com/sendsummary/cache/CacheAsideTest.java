package com.sendsummary.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.MutableClock;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.DeadlineExceededException;
import com.sendsummary.sfmc.SfmcAuthenticationException;
import com.sendsummary.sfmc.SfmcBusyException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.SfmcThrottledException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cache-aside rules, against the in-memory store: what a caller is served and what the table holds. */
class CacheAsideTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String KEY = "SUMMARY#default#910001";
    private static final Duration STALE_MAX_AGE = Duration.ofDays(7);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final List<ObjectNode> warnings = new CopyOnWriteArrayList<>();
    private final CacheAside cache = new CacheAside(store, new CacheAside.Settings(STALE_MAX_AGE,
            Duration.ofSeconds(15), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofSeconds(5),
            Duration.ofMinutes(1)), clock, warnings::add);
    private final AtomicInteger loads = new AtomicInteger();

    private CacheAside.Lookup<String> lookup(Supplier<CacheAside.Loaded> loader) {
        return new CacheAside.Lookup<>(KEY, entry -> "summary".equals(entry.kind()) && entry.payload() != null
                ? Optional.of(entry.payload()) : Optional.empty(),
                () -> new IllegalArgumentException("not found"),
                fetchedAt -> {
                    loads.incrementAndGet();
                    return loader.get();
                });
    }

    private CacheAside.Lookup<String> loading(String payload) {
        return lookup(() -> new CacheAside.Loaded("summary", payload, clock.instant().plusSeconds(300)));
    }

    private CacheAside.Lookup<String> failing(SfmcException failure) {
        return lookup(() -> {
            throw failure;
        });
    }

    private static CacheEntry summary(String payload, Instant fetchedAt, Instant expiresAt) {
        return new CacheEntry(KEY, "summary", payload, fetchedAt, expiresAt, fetchedAt.plus(STALE_MAX_AGE));
    }

    /** A copy fetched an hour ago that expired 5 minutes after. */
    private CacheEntry expiredCopy() {
        CacheEntry old = summary("old", NOW.minusSeconds(3600), NOW.minusSeconds(3300));
        store.putRaw(old);
        return old;
    }

    @Test
    void get_whenFreshCopyCached_servesItWithoutLoading() {
        store.putRaw(summary("cached", NOW.minusSeconds(10), NOW.plusSeconds(290)));

        CacheAside.Served<String> served = cache.get(loading("new"), false, Duration.ZERO);

        assertThat(served.value()).isEqualTo("cached");
        assertThat(served.status()).isEqualTo(CacheAside.HIT);
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenNothingCached_loadsOnceUnderALeaseAndKeepsTheItemUntilTheStaleHorizon() {
        CacheAside.Served<String> served = cache.get(loading("new"), false, Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.MISS);
        assertThat(served.value()).isEqualTo("new");
        CacheEntry stored = store.items().get(KEY);
        assertThat(stored.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(stored.deleteAt()).isAfterOrEqualTo(NOW.plus(STALE_MAX_AGE));
        assertThat(store.lease(KEY)).as("ended by the write").isEmpty();
        assertThat(store.reads()).as("the lookup alone: the lease answers what the item holds").isEqualTo(1);
        assertThat(store.writes()).isEqualTo(1);
    }

    @Test
    void get_whenSfmcFailsRetryablyAndAnExpiredCopyExists_servesItStaleWithTheReason() {
        CacheEntry old = expiredCopy();

        CacheAside.Served<String> served = cache.get(failing(new SfmcThrottledException(500, null)), false,
                Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.STALE);
        assertThat(served.staleReason()).isEqualTo("sfmc_throttled");
        assertThat(served.value()).isEqualTo("old");
        assertThat(served.fetchedAt()).isEqualTo(old.fetchedAt());
        assertThat(served.expiresAt()).isEqualTo(old.expiresAt());
        assertThat(store.items().get(KEY)).as("nothing written: errors are never cached").isEqualTo(old);
    }

    @Test
    void get_whenSfmcFailsAndTheCopyIsOlderThanTheStaleHorizon_throws() {
        store.putRaw(summary("ancient", NOW.minus(STALE_MAX_AGE).minusSeconds(1), NOW.minus(Duration.ofDays(6))));

        assertThatThrownBy(() -> cache.get(failing(new SfmcThrottledException(500, null)), false, Duration.ZERO))
                .isInstanceOf(SfmcThrottledException.class);
    }

    @Test
    void get_whenSfmcRefusesTheCredentials_neverMasksItWithAStaleCopy() {
        expiredCopy();

        assertThatThrownBy(() -> cache.get(failing(new SfmcAuthenticationException("refused")), false,
                Duration.ZERO)).isInstanceOf(SfmcAuthenticationException.class);
    }

    @Test
    void get_whenSfmcFailsRetryably_leavesTheFailureOnTheLeaseSoOthersFailFast() {
        assertThatThrownBy(() -> cache.get(failing(new SfmcThrottledException(500, null)), false, Duration.ZERO))
                .isInstanceOf(SfmcThrottledException.class);
        clock.advance(Duration.ofSeconds(1));
        long started = System.nanoTime();

        assertThatThrownBy(() -> cache.get(loading("new"), false, Duration.ZERO))
                .isInstanceOfSatisfying(SfmcException.class, e -> assertThat(e.code()).isEqualTo("sfmc_throttled"));

        assertThat(loads).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        clock.advance(Duration.ofSeconds(5));
        assertThat(cache.get(loading("new"), false, Duration.ZERO).status()).isEqualTo(CacheAside.MISS);
    }

    @Test
    void get_whenAnotherContainerHoldsTheLeaseAndWritesInTime_servesItsResultWithoutLoading() throws Exception {
        expiredCopy();
        store.putRawLease(KEY, "other-container", NOW.plusSeconds(15));
        Thread writer = Thread.ofVirtual().start(() -> {
            sleep(150);
            store.write(summary("theirs", NOW.plusMillis(1), NOW.plusSeconds(300)), NOW.plusSeconds(60));
        });

        CacheAside.Served<String> served = cache.get(loading("mine"), false, Duration.ZERO);
        writer.join();

        assertThat(served.value()).isEqualTo("theirs");
        assertThat(served.status()).isEqualTo(CacheAside.HIT);
        assertThat(served.collapsed()).isTrue();
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenTheHolderEndsAndAnotherWaiterRetakesTheLeaseFirst_servesTheStoredCopyNotBusy() {
        // The holder's write ends its lease in the same call: every waiter then sees the lease gone at once, and all
        // but one lose the race to take it again. The losers serve what the holder stored.
        InMemoryCacheStore racing = new InMemoryCacheStore() {
            @Override
            public synchronized Optional<CacheEntry> read(String key) {
                return Optional.empty();   // the waiter's first read came before the holder's write
            }

            @Override
            public synchronized Optional<CacheEntry> readLatest(String key) {
                return Optional.ofNullable(items().get(key));
            }

            @Override
            public synchronized Optional<CacheStore.Lease> lease(String name, Instant now) {
                return Optional.empty();   // the holder has just ended it
            }

            @Override
            public synchronized Leased tryLease(String name, String owner, Instant now, Duration duration) {
                return Leased.refused();   // another waiter took it first
            }
        };
        racing.putRaw(summary("theirs", NOW.plusMillis(1), NOW.plusSeconds(300)));
        CacheAside waiter = new CacheAside(racing, new CacheAside.Settings(STALE_MAX_AGE, Duration.ofSeconds(15),
                Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofMinutes(1)),
                clock, warnings::add);

        CacheAside.Served<String> served = waiter.get(loading("mine"), false, Duration.ZERO);

        assertThat(served.value()).isEqualTo("theirs");
        assertThat(served.status()).isEqualTo(CacheAside.HIT);
        assertThat(served.collapsed()).isTrue();
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenAnotherContainerHoldsTheLeaseTooLong_servesStaleAsBusy() {
        expiredCopy();
        store.putRawLease(KEY, "other-container", NOW.plusSeconds(15));

        CacheAside.Served<String> served = cache.get(loading("mine"), false, Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.STALE);
        assertThat(served.staleReason()).isEqualTo("sfmc_busy");
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenAnotherContainerHoldsTheLeaseTooLongAndNoCopyExists_answersBusy() {
        store.putRawLease(KEY, "other-container", NOW.plusSeconds(15));

        assertThatThrownBy(() -> cache.get(loading("mine"), false, Duration.ZERO))
                .isInstanceOf(SfmcBusyException.class);
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenTheHolderCrashed_takesTheLeaseOnceItExpires() {
        store.putRawLease(KEY, "crashed-container", NOW.minusMillis(1));

        assertThat(cache.get(loading("mine"), false, Duration.ZERO).status()).isEqualTo(CacheAside.MISS);
        assertThat(loads).hasValue(1);
    }

    @Test
    void get_whenManyCallersOfOneContainerMissTogether_loadsOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CacheAside.Lookup<String> slow = lookup(() -> {
            await(release);
            return new CacheAside.Loaded("summary", "shared", clock.instant().plusSeconds(300));
        });
        List<Future<CacheAside.Served<String>>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                results.add(callers.submit(() -> Deadline.in(Duration.ofSeconds(5))
                        .run(() -> cache.get(slow, false, Duration.ZERO))));
            }
            sleep(200);
            release.countDown();
        }

        assertThat(loads).hasValue(1);
        for (Future<CacheAside.Served<String>> result : results) {
            assertThat(result.get().value()).isEqualTo("shared");
        }
        assertThat(results.stream().filter(r -> r.resultNow().collapsed()).count()).isEqualTo(9);
    }

    @Test
    void get_whenRefreshAskedWithinTheMinimumInterval_servesTheCopyAndSaysTheRefreshWasSkipped() {
        store.putRaw(summary("cached", NOW.minusSeconds(30), NOW.plusSeconds(270)));

        CacheAside.Served<String> served = cache.get(loading("new"), true, Duration.ofSeconds(60));

        assertThat(served.status()).isEqualTo(CacheAside.HIT);
        assertThat(served.refreshSkipped()).isTrue();
        assertThat(loads).hasValue(0);
        assertThat(cache.get(loading("new"), true, Duration.ofSeconds(30)).status()).isEqualTo(CacheAside.REFRESHED);
    }

    @Test
    void get_whenItemFetchedAtFarInTheFuture_treatsItAsDamagedAndReplacesIt() {
        store.putRaw(summary("damaged", NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(31))));

        CacheAside.Served<String> served = cache.get(loading("new"), false, Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.MISS);
        assertThat(store.items().get(KEY).payload()).isEqualTo("new");
    }

    @Test
    void get_whenNotFoundRacesAGoodSummary_keepsTheSummaryAndServesIt() {
        CacheAside.Lookup<String> notFoundWhileAnotherWrites = lookup(() -> {
            // Another container stores the send between this container's read and its write.
            store.write(summary("good", NOW.minusMillis(5), NOW.plusSeconds(300)), NOW.plusSeconds(60));
            return CacheAside.Loaded.notFound(clock.instant().plusSeconds(60));
        });

        CacheAside.Served<String> served = cache.get(notFoundWhileAnotherWrites, false, Duration.ZERO);

        assertThat(served.value()).isEqualTo("good");
        assertThat(served.status()).isEqualTo(CacheAside.HIT);
        assertThat(store.items().get(KEY).kind()).isEqualTo("summary");
        assertThat(warnings).anySatisfy(w -> assertThat(w.toString()).contains("cache_write_lost"));
    }

    @Test
    void get_whenANewerFetchWasStoredMeanwhile_servesWhatTheTableHolds() {
        CacheAside.Lookup<String> overtaken = lookup(() -> {
            store.write(summary("newer", NOW.plusMillis(10), NOW.plusSeconds(300)), NOW.plusSeconds(60));
            return new CacheAside.Loaded("summary", "older", clock.instant().plusSeconds(300));
        });

        assertThat(cache.get(overtaken, false, Duration.ZERO).value()).isEqualTo("newer");
        assertThat(store.items().get(KEY).payload()).isEqualTo("newer");
    }

    @Test
    void get_whenTheCacheWriteFails_stillServesWhatSfmcReturned() {
        store.failWrites(true);

        CacheAside.Served<String> served = cache.get(loading("new"), false, Duration.ZERO);

        assertThat(served.value()).isEqualTo("new");
        assertThat(served.status()).isEqualTo(CacheAside.MISS);
        assertThat(served.stored()).isFalse();
        assertThat(store.items()).isEmpty();
        assertThat(warnings).anySatisfy(w -> assertThat(w.toString()).contains("cache_write_failed"));
    }

    @Test
    void get_whenAnotherContainerStoredTheKeyJustBeforeTheLease_servesItWithoutLoading() {
        CacheAside.Lookup<String> lookup = loading("mine");
        // The other container's write lands between this container's read and its lease: a store that reports the
        // key absent on the first read only.
        InMemoryCacheStore racing = new InMemoryCacheStore() {
            private boolean first = true;

            @Override
            public synchronized Optional<CacheEntry> read(String key) {
                if (first) {
                    first = false;
                    putRaw(summary("theirs", NOW, NOW.plusSeconds(300)));
                    return Optional.empty();
                }
                return super.read(key);
            }
        };
        CacheAside aside = new CacheAside(racing, cache.settings(), clock, warnings::add);

        CacheAside.Served<String> served = aside.get(lookup, false, Duration.ZERO);

        assertThat(served.value()).isEqualTo("theirs");
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenTheHolderFailedWithANonRetryableError_waitersGetThatErrorAtOnceNotAStaleCopy() {
        expiredCopy();
        store.putRawLease(KEY, "other-container", NOW.plusSeconds(15));
        store.releaseLease(KEY, "other-container", NOW, "sfmc_authentication_failed", Duration.ofSeconds(5));
        long started = System.nanoTime();

        assertThatThrownBy(() -> cache.get(loading("mine"), false, Duration.ZERO))
                .isInstanceOfSatisfying(SfmcException.class,
                        e -> assertThat(e.code()).isEqualTo("sfmc_authentication_failed"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(400));
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenTheHolderEndedWithoutStoringAnything_aWaiterFetchesItself() {
        store.putRawLease(KEY, "other-container", NOW.plusSeconds(15));
        Thread.ofVirtual().start(() -> {
            sleep(100);
            store.releaseLease(KEY, "other-container", NOW, null, Duration.ZERO);
        });

        CacheAside.Served<String> served = cache.get(loading("mine"), false, Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.MISS);
        assertThat(loads).hasValue(1);
    }

    @Test
    void get_whenTheRequestRunsOutOfTime_leavesNoFailureOnTheLeaseForOthers() {
        CacheAside.Lookup<String> outOfTime = lookup(() -> {
            throw new DeadlineExceededException("deadline");
        });
        assertThatThrownBy(() -> cache.get(outOfTime, false, Duration.ZERO))
                .isInstanceOf(DeadlineExceededException.class);

        assertThat(store.lease(KEY)).hasValueSatisfying(lease -> assertThat(lease.failure()).isNull());
        assertThat(cache.get(loading("new"), false, Duration.ZERO).status()).isEqualTo(CacheAside.MISS);
    }

    @Test
    void get_whileAFetchRuns_itsLeaseLastsUntilTheRequestsDeadline() {
        CacheAside.Lookup<String> slow = lookup(() -> {
            assertThat(store.lease(KEY)).hasValueSatisfying(lease ->
                    assertThat(lease.until()).isAfterOrEqualTo(NOW.plusSeconds(25)));
            return new CacheAside.Loaded("summary", "new", clock.instant().plusSeconds(300));
        });

        Deadline.in(Duration.ofSeconds(28)).run(() -> cache.get(slow, false, Duration.ZERO));

        assertThat(loads).hasValue(1);
    }

    @Test
    void get_whenTheLeaseCannotBeWritten_servesStaleWithoutCallingSfmc() {
        expiredCopy();
        store.failLeases(true);

        CacheAside.Served<String> served = cache.get(loading("new"), false, Duration.ZERO);

        assertThat(served.status()).isEqualTo(CacheAside.STALE);
        assertThat(served.staleReason()).isEqualTo("aws_unavailable");
        assertThat(loads).hasValue(0);
    }

    @Test
    void get_whenTheDeadlineHasPassed_servesStaleAsTimeoutWithoutCallingSfmc() {
        expiredCopy();

        CacheAside.Served<String> served = Deadline.in(Duration.ZERO)
                .run(() -> cache.get(loading("new"), false, Duration.ZERO));

        assertThat(served.status()).isEqualTo(CacheAside.STALE);
        assertThat(served.staleReason()).isEqualTo("sfmc_timeout");
        assertThat(loads).hasValue(0);
        assertThatThrownBy(() -> Deadline.in(Duration.ZERO).run(() -> cache.get(
                new CacheAside.Lookup<>("OTHER", e -> Optional.of(e.payload()), IllegalStateException::new,
                        fetchedAt -> null), false, Duration.ZERO)))
                .isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void get_whenAFreshNotFoundIsCached_throwsTheLookupsNotFoundWithoutLoading() {
        store.putRaw(new CacheEntry(KEY, CacheEntry.KIND_NOT_FOUND, null, NOW, NOW.plusSeconds(60),
                NOW.plusSeconds(60)));

        assertThatThrownBy(() -> cache.get(loading("new"), false, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not found");
        assertThat(loads).hasValue(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
