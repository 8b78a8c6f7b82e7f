package com.sendsummary.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.InMemoryCacheStore;
import com.sendsummary.sfmc.SendRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link SummaryService#refreshIfOlderThan}: the minimum interval between two SFMC calls for one send. */
class SummaryServiceTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(START);
    private final AtomicInteger sfmcCalls = new AtomicInteger();
    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private Optional<SendRecord> sfmcAnswer = Optional.of(send(910001));

    private final SummaryService service = new SummaryService(
            (jobId, clientId) -> {
                sfmcCalls.incrementAndGet();
                return sfmcAnswer;
            },
            new CacheAside(store, CacheAside.Settings.defaults(Duration.ofDays(7), Duration.ofSeconds(15), Duration.ofSeconds(2)),
                clock, line -> { }),
            new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72)),
            Duration.ofSeconds(60), Duration.ofSeconds(60), clock);

    @Test
    void refreshIfOlderThan_whenNothingCached_callsSfmc() {
        SendSummary summary = service.refreshIfOlderThan(910001, null, MIN_INTERVAL);

        assertThat(summary.cache().status()).isEqualTo(CacheInfo.REFRESHED);
        assertThat(sfmcCalls).hasValue(1);
    }

    @Test
    void refreshIfOlderThan_whenFetchedWithinInterval_servesTheCachedCopyWithoutSfmc() {
        service.refreshIfOlderThan(910001, null, MIN_INTERVAL);
        clock.advance(Duration.ofSeconds(59));

        SendSummary summary = service.refreshIfOlderThan(910001, null, MIN_INTERVAL);

        assertThat(summary.cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(summary.cache().fetchedAt()).isEqualTo(START);
        assertThat(sfmcCalls).hasValue(1);
    }

    @Test
    void refreshIfOlderThan_whenFetchedAtLeastIntervalAgo_refreshes() {
        service.refreshIfOlderThan(910001, null, MIN_INTERVAL);
        clock.advance(MIN_INTERVAL);

        SendSummary summary = service.refreshIfOlderThan(910001, null, MIN_INTERVAL);

        assertThat(summary.cache().status()).isEqualTo(CacheInfo.REFRESHED);
        assertThat(sfmcCalls).hasValue(2);
    }

    @Test
    void refreshIfOlderThan_whenIntervalZero_alwaysRefreshes() {
        service.refreshIfOlderThan(910001, null, Duration.ZERO);

        service.refreshIfOlderThan(910001, null, Duration.ZERO);

        assertThat(sfmcCalls).hasValue(2);
    }

    @Test
    void refreshIfOlderThan_whenOtherBusinessUnitCached_callsSfmc() {
        service.refreshIfOlderThan(910001, 100002, MIN_INTERVAL);

        service.refreshIfOlderThan(910001, null, MIN_INTERVAL);

        assertThat(sfmcCalls).hasValue(2);
    }

    @Test
    void refreshIfOlderThan_whenNotFoundWithinInterval_throwsWithoutSfmc() {
        sfmcAnswer = Optional.empty();
        assertThatThrownBy(() -> service.refreshIfOlderThan(999999, null, MIN_INTERVAL))
                .isInstanceOf(SendNotFoundException.class);
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> service.refreshIfOlderThan(999999, null, MIN_INTERVAL))
                .isInstanceOf(SendNotFoundException.class);
        assertThat(sfmcCalls).hasValue(1);
    }

    private static SendRecord send(int jobId) {
        Instant sent = START.minus(Duration.ofHours(1));
        return new SendRecord(jobId, null, 1, "Newsletter", "Subject", "From", "from@example.com", "Complete", false,
                sent, sent, sent, sent, 100, 99, 100, 0, 0, 40, 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
