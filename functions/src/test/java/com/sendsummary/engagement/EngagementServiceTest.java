package com.sendsummary.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import com.sendsummary.engagement.ComputationQueue.Message;
import com.sendsummary.events.TestEvents;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.TtlPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What {@code GET /sends/{jobId}/engagement} answers in each state of the send's item. */
class EngagementServiceTest {
    private static final Instant SENT = Instant.parse("2025-11-04T15:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final TtlPolicy TTL = new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72));

    private final InMemoryEngagementStore store = new InMemoryEngagementStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Message> messages = new ArrayList<>();
    private final List<TrackingEvent> rows = new ArrayList<>(List.of(
            TestEvents.open("a", SENT.plusSeconds(60)), TestEvents.open("a", SENT.plusSeconds(70)),
            TestEvents.open("b", SENT.plusSeconds(80)),
            TestEvents.click("a", SENT.plusSeconds(90), 1, "https://one.example/"),
            TestEvents.click("a", SENT.plusSeconds(91), 2, "https://two.example/"),
            TestEvents.click("b", SENT.plusSeconds(92), 2, "https://two.example/")));
    private final List<EventQuery> queries = new ArrayList<>();
    private RuntimeException sfmcFailure;
    private Optional<SendRecord> send = Optional.of(send(1_000));

    private EngagementComputations computations() {
        return new EngagementComputations(store, (message, delay) -> messages.add(message), query -> {
            queries.add(query);
            if (sfmcFailure != null) {
                throw sfmcFailure;
            }
            return new TestEvents.ListSource(List.copyOf(rows)).events(query);
        }, new EngagementSettings(Optional.of("queue"), Optional.empty(), Duration.ofHours(1), 5_000,
                Duration.ofDays(3650)), TTL, clock);
    }

    private EngagementService service() {
        return new EngagementService(computations(), (jobId, clientId) -> send, Duration.ofMinutes(1), clock);
    }

    private Object get(boolean refresh, int top) {
        return Deadline.in(Duration.ofSeconds(25)).run(() -> service().engagement(910001, null, refresh, top));
    }

    @Test
    void smallSend_firstRequest_computesInsideTheRequestAndStoresTheResult() {
        Engagement engagement = (Engagement) get(false, 10);

        assertThat(engagement.opens().total()).isEqualTo(3);
        assertThat(engagement.opens().unique()).isEqualTo(2);
        assertThat(engagement.opens().uniqueIsEstimate()).isFalse();
        assertThat(engagement.clicks().unique()).isEqualTo(2);
        assertThat(engagement.status()).isEqualTo(Engagement.COMPLETE);
        assertThat(engagement.asOf()).isEqualTo(NOW);
        assertThat(engagement.cache().status()).isEqualTo(CacheInfo.MISS);
        assertThat(messages).as("nothing left for the worker").isEmpty();
        assertThat(store.items.get("ENGAGEMENT#default#910001").result()).contains("\"asOf\"")
                .doesNotContain("\"cache\"").doesNotContain("\"status\"");
    }

    @Test
    void smallSend_secondRequest_isServedFromTheItemWithoutSfmc() {
        get(false, 10);
        queries.clear();

        Engagement hit = (Engagement) get(false, 1);

        assertThat(hit.cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(hit.topUrls()).hasSize(1);
        assertThat(hit.topUrls().getFirst().urlId()).isEqualTo(2);
        assertThat(queries).isEmpty();
    }

    @Test
    void largeSend_answersComputingWithProgress_thenTheResultOnceTheWorkerIsDone() {
        send = Optional.of(send(1_000_000));

        EngagementProgress first = (EngagementProgress) get(false, 10);
        EngagementProgress second = (EngagementProgress) get(false, 10);

        assertThat(first.status()).isEqualTo("computing");
        assertThat(first.retryAfterSeconds()).isPositive();
        assertThat(first.progress().types()).containsKeys("sent", "open", "click", "bounce", "unsub", "notsent",
                "forward");
        assertThat(first.progress().types().get("sent").total()).isEqualTo(1_000_000L);
        assertThat(first.progress().types().get("open").total()).isNull();
        assertThat(messages).as("one computation, one message").hasSize(1);
        assertThat(second.progress().startedAt()).isEqualTo(first.progress().startedAt());
        assertThat(queries).as("no SFMC page read inside the request").isEmpty();

        EngagementComputations.StepResult step = Deadline.in(Duration.ofMinutes(1))
                .run(() -> computations().step(messages.getFirst(), "worker"));
        Engagement done = (Engagement) get(false, 10);

        assertThat(step.step()).isEqualTo(EngagementComputations.Step.COMPLETED);
        assertThat(done.status()).isEqualTo(Engagement.COMPLETE);
        assertThat(done.opens().total()).isEqualTo(3);
    }

    @Test
    void expiredResultOfALargeSend_isServedAsRefreshingWhileTheNextPassRuns() {
        send = Optional.of(send(1_000_000));
        get(false, 10);
        Deadline.in(Duration.ofMinutes(1)).run(() -> computations().step(messages.getFirst(), "worker"));
        clock.advance(Duration.ofDays(4));

        Engagement refreshing = (Engagement) get(false, 10);

        assertThat(refreshing.status()).isEqualTo(Engagement.REFRESHING);
        assertThat(refreshing.opens().total()).isEqualTo(3);
        assertThat(messages).hasSize(2);
        assertThat(store.items.get("ENGAGEMENT#default#910001").computation().full()).isFalse();
    }

    @Test
    void refresh_ofASmallSend_recomputesIncrementallyAndSaysRefreshed() {
        get(false, 10);
        clock.advance(Duration.ofMinutes(2));
        rows.add(TestEvents.open("c", NOW.plusSeconds(30)));
        queries.clear();

        Engagement refreshed = (Engagement) get(true, 10);

        assertThat(refreshed.cache().status()).isEqualTo(CacheInfo.REFRESHED);
        assertThat(refreshed.opens().total()).isEqualTo(4);
        assertThat(refreshed.opens().unique()).isEqualTo(3);
        // Each type is read again from an hour (the overlap) before the first pass, never earlier.
        assertThat(queries).extracting(EventQuery::from).allSatisfy(from ->
                assertThat(from).isAfterOrEqualTo(NOW.minus(Duration.ofHours(1))));
        assertThat(queries).extracting(EventQuery::from).contains(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void refresh_withinTheMinimumInterval_servesTheResultAsIs() {
        get(false, 10);
        queries.clear();

        Engagement skipped = (Engagement) get(true, 10);

        assertThat(skipped.cache().status()).isEqualTo(CacheInfo.HIT);
        assertThat(queries).isEmpty();
    }

    @Test
    void unknownSend_isNotFoundAndStartsNothing() {
        send = Optional.empty();

        assertThatThrownBy(() -> get(false, 10)).isInstanceOf(SendNotFoundException.class);
        assertThat(store.items).isEmpty();
        assertThat(messages).isEmpty();
    }

    @Test
    void sfmcFailure_withoutAResult_isTheError_andWithOne_theResultMarkedStale() {
        sfmcFailure = new SfmcThrottledException(500, null);
        assertThatThrownBy(() -> get(false, 10)).isInstanceOf(SfmcThrottledException.class);
        assertThat(messages).as("the worker retries after a back-off").hasSize(1);

        sfmcFailure = null;
        store.items.clear();
        get(false, 10);
        clock.advance(Duration.ofDays(4));
        sfmcFailure = new SfmcThrottledException(500, null);
        Engagement stale = (Engagement) get(false, 10);

        assertThat(stale.cache().status()).isEqualTo(CacheInfo.STALE);
        assertThat(stale.cache().staleReason()).isEqualTo("sfmc_throttled");
        assertThat(stale.opens().total()).isEqualTo(3);
    }

    @Test
    void timeline_isServedFromTheStoredPass() {
        get(false, 10);

        TimelineAnswer hours = (TimelineAnswer) Deadline.in(Duration.ofSeconds(5))
                .run(() -> service().timeline(910001, null, EngagementTimeline.Interval.HOUR));
        TimelineAnswer days = (TimelineAnswer) Deadline.in(Duration.ofSeconds(5))
                .run(() -> service().timeline(910001, null, EngagementTimeline.Interval.DAY));

        assertThat(hours.interval()).isEqualTo("hour");
        assertThat(hours.start()).isEqualTo(SENT);
        assertThat(hours.buckets().getFirst().opens()).isEqualTo(3);
        assertThat(hours.buckets().getFirst().clicks()).isEqualTo(3);
        assertThat(days.buckets().getFirst().opens()).isEqualTo(3);
        assertThat(days.status()).isEqualTo(Engagement.COMPLETE);
    }

    private static SendRecord send(int sent) {
        return new SendRecord(910001, null, 1, "Demo", "Subject", null, null, "Complete", true, SENT, SENT, SENT, SENT,
                sent, sent, sent, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

}
