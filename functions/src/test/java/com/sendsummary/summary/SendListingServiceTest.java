package com.sendsummary.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.InMemoryCacheStore;
import com.sendsummary.sfmc.SendRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SendListingServiceTest {
    private static final Instant FROM = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-12-01T00:00:00Z");
    private static final SendWindow WINDOW = new SendWindow(FROM, TO, null);

    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final AtomicInteger singleFetches = new AtomicInteger();
    private final SummaryService summaries = new SummaryService((jobId, clientId) -> {
        singleFetches.incrementAndGet();
        return Optional.empty();
    }, new CacheAside(store, CacheAside.Settings.defaults(Duration.ofDays(7), Duration.ofSeconds(15), Duration.ofSeconds(2)),
                Clock.systemUTC(), line -> { }),
            new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72)), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Clock.systemUTC());

    private final List<SendRecord> sends = new ArrayList<>();
    private final AtomicInteger pulled = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<Object[]> queries = new ArrayList<>();

    private final SendListingService service = new SendListingService((from, to, clientId) -> {
        queries.add(new Object[] {from, to, clientId});
        return sends.stream().peek(send -> pulled.incrementAndGet()).onClose(closed::incrementAndGet);
    }, summaries, 4);

    private void sends(int count, Integer clientId) {
        IntStream.rangeClosed(1, count)
                .forEach(i -> sends.add(SendRecords.send(910000 + i, clientId, FROM.plusSeconds(i))));
    }

    private static List<Integer> jobIds(SendPage page) {
        return page.sends().stream().map(SendSummary::jobId).toList();
    }

    @Test
    void page_whenFirstPageOfMore_returnsLimitSendsAndReadsOnlyOneMore() {
        sends(5, null);

        SendPage page = service.page(WINDOW, 2, Optional.empty());

        assertThat(jobIds(page)).containsExactly(910001, 910002);
        assertThat(page.next()).contains(new PagePosition(2, 910002));
        assertThat(pulled).hasValue(3);
        assertThat(closed).hasValue(1);
        assertThat(queries.getFirst()).containsExactly(FROM, TO, null);
    }

    @Test
    void page_whenContinuing_skipsTheSendsAlreadyServed() {
        sends(5, null);

        SendPage page = service.page(WINDOW, 2, Optional.of(new PagePosition(2, 910002)));

        assertThat(jobIds(page)).containsExactly(910003, 910004);
        assertThat(page.next()).contains(new PagePosition(4, 910004));
        assertThat(pulled).hasValue(5);
    }

    @Test
    void page_whenLastPage_hasNoNextPosition() {
        sends(5, null);

        SendPage last = service.page(WINDOW, 2, Optional.of(new PagePosition(4, 910004)));
        SendPage exact = service.page(WINDOW, 5, Optional.empty());

        assertThat(jobIds(last)).containsExactly(910005);
        assertThat(last.next()).isEmpty();
        assertThat(jobIds(exact)).hasSize(5);
        assertThat(exact.next()).isEmpty();
    }

    @Test
    void page_whenWindowEmpty_returnsNoSends() {
        SendPage page = service.page(WINDOW, 50, Optional.empty());

        assertThat(page.sends()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void page_whenSendBeforeThePositionChanged_failsInsteadOfSkippingOrRepeating() {
        sends(5, null);

        assertThatThrownBy(() -> service.page(WINDOW, 2, Optional.of(new PagePosition(2, 910001))))
                .isInstanceOf(ListingChangedException.class);
        assertThatThrownBy(() -> service.page(WINDOW, 2, Optional.of(new PagePosition(9, 910009))))
                .isInstanceOf(ListingChangedException.class);
        assertThat(closed).hasValue(2);
    }

    @Test
    void page_returnsSummariesWithoutCacheBlockForTheRequestedBusinessUnit() {
        sends(1, 100002);

        SendSummary summary = service.page(new SendWindow(FROM, TO, 100002), 10, Optional.empty()).sends().getFirst();

        assertThat(summary.clientId()).isEqualTo(100002);
        assertThat(summary.cache()).isNull();
        assertThat(summary.numberSent()).isEqualTo(1000);
        assertThat(summary.rates().delivery()).isEqualByComparingTo("0.99");
        assertThat(queries.getFirst()).containsExactly(FROM, TO, 100002);
    }

    @Test
    void page_cachesEveryListedSummarySoTheSummaryRouteHits() {
        sends(3, null);

        service.page(WINDOW, 2, Optional.empty());

        assertThat(store.items()).containsOnlyKeys("SUMMARY#default#910001", "SUMMARY#default#910002");
        SendSummary cached = summaries.summary(910002, null, false);
        assertThat(cached.cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(cached.emailName()).isEqualTo("Email 910002");
        assertThat(singleFetches).hasValue(0);
    }

    @Test
    void page_whenNewerSummaryAlreadyCached_keepsIt() {
        sends(1, null);
        Instant newer = Instant.now().plusSeconds(30);   // within the clock skew tolerated
        store.putRaw(new CacheEntry("SUMMARY#default#910001", "summary", "{\"jobId\":910001}", newer,
                newer.plusSeconds(60), newer.plusSeconds(3600)));

        service.page(WINDOW, 1, Optional.empty());

        assertThat(store.items().get("SUMMARY#default#910001").fetchedAt()).isEqualTo(newer);
    }

    @Test
    void page_whenCachedItemHasFetchedAtFarInTheFuture_replacesTheDamagedItem() {
        sends(1, null);
        Instant damaged = Instant.now().plus(Duration.ofDays(400));
        store.putRaw(new CacheEntry("SUMMARY#default#910001", "summary", "{\"jobId\":910001}", damaged,
                damaged.plusSeconds(60), damaged.plusSeconds(3600)));

        service.page(WINDOW, 1, Optional.empty());

        assertThat(store.items().get("SUMMARY#default#910001").fetchedAt()).isBefore(Instant.now().plusSeconds(1));
    }
}
