package com.sendsummary.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.InMemoryCacheStore;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.SfmcException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSummaryServiceTest {
    private static final Instant SENT = Instant.parse("2025-11-04T15:00:00Z");

    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final Queue<Integer> fetched = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<Integer, RuntimeException> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Duration fetchTime = Duration.ZERO;

    private final SummaryService summaries = new SummaryService(this::fetch,
            new CacheAside(store, CacheAside.Settings.defaults(Duration.ofDays(7), Duration.ofSeconds(15), Duration.ofSeconds(2)),
                Clock.systemUTC(), line -> { }),
            new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72)), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Clock.systemUTC());

    private Optional<SendRecord> fetch(int jobId, Integer clientId) {
        fetched.add(jobId);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (!fetchTime.isZero()) {
                Thread.sleep(fetchTime);
            }
            RuntimeException failure = failures.get(jobId);
            if (failure != null) {
                throw failure;
            }
            return jobId == 999999 ? Optional.empty() : Optional.of(SendRecords.send(jobId, clientId, SENT));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The batch service, run under a deadline {@code budget} from the call. */
    private Batch service(int maxCallsInFlight, Duration budget) {
        return new Batch(new BatchSummaryService(summaries, maxCallsInFlight), budget);
    }

    private record Batch(BatchSummaryService service, Duration budget) {
        List<SummaryResult> summaries(List<Integer> jobIds, Integer clientId) {
            return Deadline.in(budget).run(() -> service.summaries(jobIds, clientId));
        }
    }

    @Test
    void summaries_whenHitMissAndUnknown_readsCacheOnceFetchesOnlyMissesAndKeepsRequestOrder() {
        summaries.summary(910001, null, false);
        fetched.clear();

        List<SummaryResult> results =
                service(8, Duration.ofSeconds(5)).summaries(List.of(910003, 999999, 910001), null);

        assertThat(results).extracting(SummaryResult::jobId).containsExactly(910003, 999999, 910001);
        assertThat(((SummaryResult.Found) results.get(0)).summary().cache().status()).isEqualTo(CacheInfo.MISS);
        assertThat(((SummaryResult.Failed) results.get(1)).error()).isInstanceOf(SendNotFoundException.class);
        assertThat(((SummaryResult.Found) results.get(2)).summary().cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(fetched).containsExactlyInAnyOrder(910003, 999999);
        assertThat(store.batchReads()).hasSize(1);
        assertThat(store.items()).containsKeys("SUMMARY#default#910003", "SUMMARY#default#999999");
        assertThat(store.items().get("SUMMARY#default#999999").kind()).isEqualTo("notFound");
    }

    @Test
    void summaries_whenNegativeEntryCached_reportsNotFoundWithoutAskingSfmc() {
        summaries.summary(910001, 100002, false);
        assertThatThrownBy(() -> summaries.summary(999999, 100002, false)).isInstanceOf(SendNotFoundException.class);
        fetched.clear();

        List<SummaryResult> results = service(8, Duration.ofSeconds(5)).summaries(List.of(999999, 910001), 100002);

        assertThat(results.get(0)).isInstanceOfSatisfying(SummaryResult.Failed.class,
                failed -> assertThat(failed.error()).isInstanceOf(SendNotFoundException.class));
        assertThat(results.get(1)).isInstanceOfSatisfying(SummaryResult.Found.class,
                found -> assertThat(found.summary().clientId()).isEqualTo(100002));
        assertThat(fetched).isEmpty();
    }

    @Test
    void summaries_whenCachedItemExpired_fetchesItAgain() {
        Instant past = Instant.now().minusSeconds(10);
        store.putRaw(new CacheEntry("SUMMARY#default#910001", "summary", "{\"jobId\":910001}", past.minusSeconds(1),
                past, past.plusSeconds(3600)));

        List<SummaryResult> results = service(8, Duration.ofSeconds(5)).summaries(List.of(910001), null);

        assertThat(((SummaryResult.Found) results.getFirst()).summary().cache().status()).isEqualTo(CacheInfo.MISS);
        assertThat(fetched).containsExactly(910001);
    }

    @Test
    void summaries_whenSfmcFailsForOneJobId_reportsItAloneAndCachesNothingForIt() {
        failures.put(910003, new SfmcThrottledException(500, null));

        List<SummaryResult> results =
                service(8, Duration.ofSeconds(5)).summaries(List.of(910001, 910003, 910002), null);

        assertThat(results).extracting(r -> r.getClass().getSimpleName()).containsExactly("Found", "Failed", "Found");
        assertThat(((SummaryResult.Failed) results.get(1)).error()).isInstanceOf(SfmcThrottledException.class);
        assertThat(store.items()).containsOnlyKeys("SUMMARY#default#910001", "SUMMARY#default#910002");
    }

    @Test
    void summaries_whenFailureIsNotAboutTheJobId_failsTheWholeBatch() {
        failures.put(910003, new IllegalStateException("bug"));

        assertThatThrownBy(() -> service(8, Duration.ofSeconds(5)).summaries(List.of(910001, 910003), null))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }

    @Test
    void summaries_whenManyMisses_keepsAtMostTheConfiguredCallsInFlight() {
        fetchTime = Duration.ofMillis(20);
        List<Integer> jobIds = IntStream.rangeClosed(1, 40).boxed().toList();

        List<SummaryResult> results = service(4, Duration.ofSeconds(20)).summaries(jobIds, null);

        assertThat(results).allMatch(SummaryResult.Found.class::isInstance);
        assertThat(fetched).hasSize(40);
        assertThat(maxInFlight.get()).isBetween(2, 4);
    }

    @Test
    void summaries_whenTimeBudgetRunsOut_reportsUnstartedMissesAsSfmcTimeouts() {
        fetchTime = Duration.ofMillis(300);

        List<SummaryResult> results = service(1, Duration.ofMillis(100)).summaries(List.of(1, 2, 3), null);

        assertThat(results.getFirst()).isInstanceOf(SummaryResult.Found.class);
        assertThat(results.subList(1, 3)).allSatisfy(result -> assertThat(result)
                .isInstanceOfSatisfying(SummaryResult.Failed.class,
                        failed -> assertThat(failed.error()).isInstanceOfSatisfying(SfmcException.class,
                                e -> assertThat(e.code()).isEqualTo("sfmc_timeout"))));
        assertThat(fetched).containsExactly(1);
    }

    @Test
    void summaries_whenJobIdsEmptyTooManyOrRepeated_rejectsThem() {
        Batch service = service(8, Duration.ofSeconds(5));

        assertThatThrownBy(() -> service.summaries(List.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.summaries(IntStream.rangeClosed(1, 101).boxed().toList(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.summaries(List.of(1, 1), null)).isInstanceOf(IllegalArgumentException.class);
    }
}
