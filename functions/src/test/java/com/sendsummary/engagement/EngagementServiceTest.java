package com.sendsummary.engagement;

import static com.sendsummary.events.TestEvents.click;
import static com.sendsummary.events.TestEvents.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.InMemoryCacheStore;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.events.TestEvents.ListSource;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.TtlPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EngagementServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant SENT_LONG_AGO = Instant.parse("2025-11-04T15:00:00Z");
    private static final TtlPolicy TTL = new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72));

    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final CacheAside cache = new CacheAside(store,
            CacheAside.Settings.defaults(Duration.ofDays(7), Duration.ofSeconds(15), Duration.ofSeconds(2)), clock,
            line -> { });
    private final List<Integer> sendFetches = new ArrayList<>();
    private Optional<SendRecord> send = Optional.of(send(SENT_LONG_AGO));

    private static List<TrackingEvent> rows() {
        Instant t = SENT_LONG_AGO;
        return List.of(open("a", t.plusSeconds(60)), open("a", t.plusSeconds(70)), open("b", t.plusSeconds(80)),
                click("a", t.plusSeconds(90), 1, "https://one.example/"),
                click("a", t.plusSeconds(91), 2, "https://two.example/"),
                click("b", t.plusSeconds(92), 2, "https://two.example/"));
    }

    private EngagementService service(ListSource events) {
        return new EngagementService(events, (jobId, clientId) -> {
            sendFetches.add(jobId);
            return send;
        }, cache, TTL, Duration.ZERO);
    }

    @Test
    void engagement_whenMiss_readsEveryTypeOnceAndCachesTheResult() {
        ListSource events = new ListSource(rows());

        Engagement engagement = service(events).engagement(910001, null, false, 10);

        assertThat(engagement.opens()).isEqualTo(new Engagement.Counts(3, 2, false));
        assertThat(engagement.clicks()).isEqualTo(new Engagement.Counts(3, 2, false));
        assertThat(engagement.cache().status()).isEqualTo(CacheInfo.MISS);
        assertThat(events.queries).extracting(EventQuery::type).containsExactly(TrackingEventType.values());
        assertThat(events.queries).allSatisfy(q -> assertThat(q.from()).isNull());
        CacheEntry item = store.items().get("ENGAGEMENT#default#910001");
        assertThat(item.kind()).isEqualTo("engagement");
        assertThat(item.payload()).contains("\"opens\":{\"total\":3,\"unique\":2,\"uniqueIsEstimate\":false}")
                .doesNotContain("\"cache\"");
    }

    @Test
    void engagement_whenCached_servesItWithoutSfmcAndTrimsTopUrls() {
        service(new ListSource(rows())).engagement(910001, null, false, 10);
        ListSource untouched = new ListSource(rows());

        Engagement hit = service(untouched).engagement(910001, null, false, 1);

        assertThat(hit.cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(hit.topUrls()).extracting(Engagement.UrlClicks::url).containsExactly("https://two.example/");
        assertThat(hit.distinctUrls()).isEqualTo(2);
        assertThat(untouched.queries).isEmpty();
        assertThat(sendFetches).hasSize(1);
    }

    @Test
    void engagement_whenRefresh_recomputesAndSaysRefreshed() {
        service(new ListSource(rows())).engagement(910001, null, false, 10);
        ListSource again = new ListSource(rows());
        clock.advance(Duration.ofSeconds(1));

        Engagement refreshed = service(again).engagement(910001, null, true, 10);

        assertThat(refreshed.cache().status()).isEqualTo(CacheInfo.REFRESHED);
        assertThat(again.queries).hasSize(TrackingEventType.values().length);
    }

    @Test
    void engagement_followsTheSummaryTtlRules() {
        Engagement settled = service(new ListSource(rows())).engagement(910001, null, false, 10);
        send = Optional.of(send(NOW.minus(Duration.ofHours(2))));
        Engagement recent = service(new ListSource(rows())).engagement(910003, 100002, false, 10);

        assertThat(Duration.between(settled.cache().fetchedAt(), settled.cache().expiresAt())).isEqualTo(Duration.ofDays(3));
        assertThat(Duration.between(recent.cache().fetchedAt(), recent.cache().expiresAt())).isEqualTo(Duration.ofMinutes(5));
        assertThat(store.items()).containsKey("ENGAGEMENT#100002#910003");
    }

    @Test
    void engagement_whenSendUnknown_throwsNotFoundAndWritesNothing() {
        send = Optional.empty();
        ListSource events = new ListSource(rows());

        assertThatThrownBy(() -> service(events).engagement(999999, null, false, 10))
                .isInstanceOf(SendNotFoundException.class);
        assertThat(events.queries).isEmpty();
        assertThat(store.items()).isEmpty();
    }

    @Test
    void engagement_whenAStreamFailsMidway_throwsAndWritesNothing() {
        ListSource healthy = new ListSource(rows());
        ListSource failingClicks = new ListSource(rows()) {
            @Override
            public Stream<TrackingEvent> events(EventQuery query) {
                Stream<TrackingEvent> rows = super.events(query);
                return query.type() != TrackingEventType.CLICK ? rows
                        : Stream.concat(rows.limit(1), Stream.generate(() -> {
                            throw new SfmcThrottledException(500, null);
                        }));
            }
        };

        assertThatThrownBy(() -> service(failingClicks).engagement(910001, null, false, 10))
                .isInstanceOf(SfmcThrottledException.class);
        assertThat(store.items()).isEmpty();
        // The failure is remembered on the lease for a few seconds: SFMC is not asked again meanwhile.
        assertThatThrownBy(() -> service(healthy).engagement(910001, null, false, 10))
                .isInstanceOfSatisfying(com.sendsummary.sfmc.SfmcException.class,
                        e -> assertThat(e.code()).isEqualTo("sfmc_throttled"));
        assertThat(healthy.queries).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(service(healthy).engagement(910001, null, false, 10).cache().status()).isEqualTo(CacheInfo.MISS);
    }

    @Test
    void engagement_whenSfmcFailsAndAnExpiredCopyExists_servesItStale() {
        service(new ListSource(rows())).engagement(910001, null, false, 10);
        clock.advance(Duration.ofDays(4));   // past the 3-day TTL of a settled send, within the 7-day stale horizon
        ListSource failing = new ListSource(rows()) {
            @Override
            public Stream<TrackingEvent> events(EventQuery query) {
                throw new SfmcThrottledException(500, null);
            }
        };

        Engagement stale = service(failing).engagement(910001, null, false, 10);

        assertThat(stale.cache().status()).isEqualTo(CacheInfo.STALE);
        assertThat(stale.cache().staleReason()).isEqualTo("sfmc_throttled");
        assertThat(stale.cache().fetchedAt()).isEqualTo(NOW);
        assertThat(stale.opens().total()).isEqualTo(3);
    }

    @Test
    void engagement_whenTopOutOfRange_rejects() {
        assertThatThrownBy(() -> service(new ListSource(rows())).engagement(910001, null, false, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SendRecord send(Instant sendDate) {
        return new SendRecord(910001, null, 41000, "Email", "Subject", "Demo Brand", "news@demo-brand.example",
                "Complete", Boolean.TRUE, sendDate.plusSeconds(60), sendDate, sendDate.minusSeconds(3600),
                sendDate.plusSeconds(120), 1000, 990, 1000, 0, 0, 400, 100, 4, 5, 1, 2, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void engagement_whenReadingOutlastsTheDeadline_failsWithTimeoutAndCachesNothing() {
        List<TrackingEvent> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            many.add(open("s" + i, SENT_LONG_AGO.plusSeconds(i)));
        }
        ListSource slow = new ListSource(many) {
            @Override
            public Stream<TrackingEvent> events(EventQuery query) {
                return super.events(query).peek(event -> sleep(1));
            }
        };

        assertThatThrownBy(() -> Deadline.in(Duration.ofMillis(300)).run(
                () -> service(slow).engagement(910001, null, true, 10)))
                .isInstanceOf(EngagementTimeoutException.class)
                .hasMessageContaining("910001");
        assertThat(store.items()).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
