package com.sendsummary.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.MutableClock;
import com.sendsummary.engagement.ComputationQueue.Message;
import com.sendsummary.engagement.EngagementComputations.Step;
import com.sendsummary.engagement.EngagementComputations.StepResult;
import com.sendsummary.events.EventSource;
import com.sendsummary.events.TestEvents;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.DeadlineExceededException;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.TtlPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Computations over many steps, against an in-memory SFMC and store: what the worker and the HTTP function do,
 * without AWS. The figures are compared with one state fed every event once (exact at these sizes).
 */
class EngagementComputationsTest {
    private static final Instant SENT = Instant.parse("2026-11-20T15:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final TtlPolicy TTL = new TtlPolicy(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofHours(72));
    /** Inline maximum 0: every send is read in windows, as a large one is. */
    private static final EngagementSettings SETTINGS = new EngagementSettings(Optional.of("queue"), Optional.empty(),
            Duration.ofMinutes(60), 0, Duration.ofHours(24 * 30));

    private final InMemoryEngagementStore store = new InMemoryEngagementStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final List<TrackingEvent> events = new CopyOnWriteArrayList<>(randomEvents(6_000, 900, 7));

    /** Serves {@code events}; after {@code cutAfter} queries (when set) the next one is cut by the deadline. */
    private final class Sfmc implements EventSource {
        int queries;
        int cutAfter = Integer.MAX_VALUE;
        RuntimeException failNext;
        java.util.function.IntConsumer onQuery = queries -> { };

        @Override
        public Stream<TrackingEvent> events(EventQuery query) {
            queries++;
            onQuery.accept(queries);
            if (failNext != null) {
                RuntimeException failure = failNext;
                failNext = null;
                throw failure;
            }
            if (queries % (cutAfter + 1) == 0) {
                throw new DeadlineExceededException("cut");
            }
            return new TestEvents.ListSource(List.copyOf(events)).events(query);
        }
    }

    private final Sfmc sfmc = new Sfmc();

    private EngagementComputations computations(EngagementSettings settings) {
        return new EngagementComputations(store, (message, delay) -> {
            sent.add(message);
            delays.add(delay);
        }, sfmc, settings, TTL, clock);
    }

    private EngagementComputations computations() {
        return computations(SETTINGS);
    }

    @Test
    void start_thenStepsCutByTheDeadline_completeWithEveryEventCountedOnce() {
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);
        assertThat(sent).hasSize(1);
        sfmc.cutAfter = 3;

        int steps = runUntilComplete(computations);

        assertThat(steps).as("a step per three windows").isGreaterThan(3);
        assertResultEqualsOnePass(Instant.MAX);
        assertThat(computation().seq()).isGreaterThan(steps);
    }

    @Test
    void step_whenAWorkerDiesAfterReadingBeforeSaving_losesOnlyItsWindows() {
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);
        sfmc.cutAfter = 4;
        step(computations);
        long readBefore = computation().eventsRead();
        // The lease is taken, the windows read, then the checkpoint write fails (the worker "dies").
        EngagementItem leased = store.items.get(key());
        Computation held = leased.computation().leased("dead-worker", NOW.plusSeconds(1), NOW);
        store.write(leased.withComputation(held));
        store.failWrites.set(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Deadline.in(Duration.ofMinutes(5))
                .run(() -> computations.advance(store.items.get(key()), 910001, null)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(computation().eventsRead()).isEqualTo(readBefore);

        assertThat(step(computations).step()).as("its lease still runs").isEqualTo(Step.BUSY);
        clock.advance(Duration.ofSeconds(2));
        runUntilComplete(computations);

        assertResultEqualsOnePass(Instant.MAX);
    }

    @Test
    void start_twiceAtOnce_makesOneComputationAndOneMessage() {
        EngagementComputations computations = computations();
        EngagementItem empty = EngagementItem.empty(key());

        EngagementItem first = computations.start(empty, send(), null);
        EngagementItem second = computations.start(empty, send(), null);

        assertThat(second.computation().id()).isEqualTo(first.computation().id());
        assertThat(sent).hasSize(1);
    }

    @Test
    void step_forAnotherComputationOrAHeldLease_doesNothing() {
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);

        StepResult stale = Deadline.in(Duration.ofMinutes(1))
                .run(() -> computations.step(new Message(910001, null, "other"), "w1"));
        EngagementItem item = store.items.get(key());
        store.write(item.withComputation(item.computation().leased("w0", NOW.plusSeconds(60), NOW)));
        StepResult busy = step(computations);

        assertThat(stale.step()).isEqualTo(Step.STALE);
        assertThat(busy.step()).isEqualTo(Step.BUSY);
        assertThat(sfmc.queries).isZero();
    }

    @Test
    void step_whenSfmcThrottles_keepsWhatItReadAndRetriesAfterABackOff() {
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);
        sfmc.cutAfter = 3;
        step(computations);
        sfmc.cutAfter = Integer.MAX_VALUE;
        sfmc.failNext = new SfmcThrottledException(500, null);
        long read = computation().eventsRead();

        StepResult retrying = step(computations);

        assertThat(retrying.step()).isEqualTo(Step.RETRYING);
        assertThat(retrying.error()).isEqualTo("sfmc_throttled");
        assertThat(delays.getLast()).isEqualTo(Duration.ofSeconds(30));
        assertThat(computation().eventsRead()).isEqualTo(read);
        assertThat(computation().failures()).isEqualTo(1);
        runUntilComplete(computations);
        assertResultEqualsOnePass(Instant.MAX);
    }

    @Test
    void incrementalPass_afterNewAndLateEvents_equalsAFullRecomputation() {
        // Events inside the first pass's overlap hour, some sharing an identity (same subscriber, date and type).
        for (int i = 0; i < 300; i++) {
            Instant date = NOW.minusSeconds(1 + (i % 150) * 20L);
            events.add(TestEvents.open("recent-" + (i % 150), date));
        }
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);
        runUntilComplete(computations);
        Instant firstAsOf = computation().asOf();
        // New events after the first pass, and late ones dated inside its overlap hour (some repeating identities).
        Random random = new Random(11);
        for (int i = 0; i < 400; i++) {
            events.add(TestEvents.open("late-" + random.nextInt(50), firstAsOf.minusSeconds(1 + random.nextInt(3_000))));
            events.add(TestEvents.click("new-" + random.nextInt(80), firstAsOf.plusSeconds(1 + random.nextInt(3_000)),
                    7, "https://seven.example/"));
        }
        clock.advance(Duration.ofHours(2));
        sfmc.queries = 0;
        sent.clear();

        EngagementItem before = store.items.get(key());
        computations.start(before, send(), null);
        Computation incremental = computation();
        assertThat(incremental.full()).isFalse();
        assertThat(incremental.position(TrackingEventType.OPEN).readUpTo()).isEqualTo(firstAsOf.minus(Duration.ofHours(1)));
        runUntilComplete(computations);

        assertResultEqualsOnePass(Instant.MAX);
        assertThat(incremental.asOf()).isAfter(firstAsOf);
    }

    @Test
    void incrementalPass_missesOnlyEventsLaterThanTheOverlap_andTheFullPassFindsThem() {
        EngagementComputations computations = computations(new EngagementSettings(Optional.of("q"), Optional.empty(),
                Duration.ofMinutes(60), 0, Duration.ofDays(6)));
        computations.start(EngagementItem.empty(key()), send(), null);
        runUntilComplete(computations);
        Instant firstAsOf = computation().asOf();
        events.add(TestEvents.open("very-late", firstAsOf.minus(Duration.ofHours(5))));
        clock.advance(Duration.ofMinutes(30));
        computations.start(store.items.get(key()), send(), null);
        runUntilComplete(computations);
        long opens = result().path("opens").path("total").asLong();
        assertThat(opens).as("outside the overlap").isEqualTo(onePass(Instant.MAX).opens().total() - 1);

        clock.set(SENT.plus(Duration.ofDays(6)).plusSeconds(1));   // the send reaches the full-recompute age
        computations.start(store.items.get(key()), send(), null);
        assertThat(computation().full()).isTrue();
        runUntilComplete(computations);

        assertResultEqualsOnePass(Instant.MAX);
        assertThat(store.items.get(key()).fullAsOf()).isEqualTo(computation().asOf());
    }

    @Test
    void steps_thatCannotReadOneWindowInTheirTime_backOffAndGiveUpInsteadOfLooping() {
        EngagementComputations computations = computations();
        computations.start(EngagementItem.empty(key()), send(), null);
        List<StepResult> results = new ArrayList<>();

        for (int i = 0; i < EngagementComputations.MAX_FAILURES; i++) {
            results.add(Deadline.in(Duration.ofSeconds(2)).run(() -> computations.step(
                    new Message(910001, null, computation().id()), "short-lived")));
        }

        assertThat(results.subList(0, EngagementComputations.MAX_FAILURES - 1)).allSatisfy(result -> {
            assertThat(result.step()).isEqualTo(Step.RETRYING);
            assertThat(result.error()).isEqualTo("no_progress");
        });
        assertThat(results.getLast().step()).isEqualTo(Step.GAVE_UP);
        assertThat(delays.subList(1, delays.size())).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofSeconds(240), Duration.ofSeconds(480));
        assertThat(sfmc.queries).isZero();
    }

    @Test
    void aLongStep_savesItsProgressBetweenWindows_andStopsWhenAnotherWriterTakesTheItem() {
        EngagementComputations computations = new EngagementComputations(store, (message, delay) -> {
            sent.add(message);
            delays.add(delay);
        }, sfmc, SETTINGS, TTL, clock, Duration.ZERO);
        computations.start(EngagementItem.empty(key()), send(), null);
        List<Long> seqAtEachQuery = new ArrayList<>();
        int writesBefore = store.writes;
        sfmc.onQuery = queries -> {
            seqAtEachQuery.add(computation().seq());
            if (queries == 6) {
                // Someone else (a worker whose lease had run out, say) writes the item between two windows.
                EngagementItem item = store.items.get(key());
                store.write(item.withComputation(item.computation().leased("other", NOW.plusSeconds(600), NOW)));
            }
        };

        StepResult result = step(computations);

        assertThat(seqAtEachQuery.subList(0, 5)).as("a checkpoint saved after each window").isSorted()
                .doesNotHaveDuplicates();
        assertThat(computation().eventsRead()).as("what the saves recorded").isPositive();
        assertThat(result.step()).isEqualTo(Step.LOST_RACE);
        assertThat(computation().leaseOwner()).as("the other writer's item is left alone").isEqualTo("other");
        assertThat(store.writes - writesBefore).isEqualTo(1 + 5 + 1);   // lease, 5 saves, the other writer
    }

    @Test
    void aSmallSendStartedForTheWorker_isReadInOneWindowPerType() {
        EngagementComputations computations = computations(new EngagementSettings(Optional.of("q"), Optional.empty(),
                Duration.ofMinutes(60), 100_000, Duration.ofDays(30)));
        computations.start(EngagementItem.empty(key()), send(), null);

        StepResult result = step(computations);

        assertThat(result.step()).isEqualTo(Step.COMPLETED);
        assertThat(sfmc.queries).isEqualTo(TrackingEventType.values().length);
        assertResultEqualsOnePass(Instant.MAX);
    }

    // ---- helpers

    private int runUntilComplete(EngagementComputations computations) {
        int steps = 0;
        while (!computation().complete()) {
            StepResult result = step(computations);
            assertThat(result.step()).isIn(Step.CONTINUED, Step.COMPLETED, Step.RETRYING);
            assertThat(++steps).isLessThan(500);
        }
        return steps;
    }

    private StepResult step(EngagementComputations computations) {
        return Deadline.in(Duration.ofMinutes(5))
                .run(() -> computations.step(new Message(910001, null, computation().id()), "w-" + sent.size()));
    }

    private Computation computation() {
        return store.items.get(key()).computation();
    }

    private JsonNode result() {
        try {
            return Json.MAPPER.readTree(store.items.get(key()).result());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertResultEqualsOnePass(Instant before) {
        Engagement expected = onePass(before);
        JsonNode actual = result();
        JsonNode wanted;
        try {
            wanted = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(expected));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (String field : List.of("opens", "clicks", "bounces", "topUrls", "distinctUrls", "events")) {
            assertThat(actual.path(field)).as(field).isEqualTo(wanted.path(field));
        }
    }

    private Engagement onePass(Instant before) {
        EngagementState state = EngagementState.empty(SENT);
        events.stream().filter(e -> e.eventDate().isBefore(computation().asOf())).forEach(state::add);
        return state.result(910001, null, EngagementComputations.MAX_TOP);
    }

    private static String key() {
        return EngagementComputations.key(910001, null);
    }

    private static SendRecord send() {
        return new SendRecord(910001, null, 1, "Demo", "Subject", null, null, "Complete", true, SENT, SENT, SENT, SENT,
                6_000, 5_900, 6_000, 0, 0, 900, 400, 10, 5, 0, 3, 0, 0, 0, 0, 0, 0);
    }

    private static TrackingEvent click(String subscriber, Instant date, int urlId) {
        return TestEvents.click(subscriber, date, urlId, "https://u.example/" + urlId);
    }

    /** {@code count} events of every type over 10 days after the send, {@code subscribers} distinct keys. */
    static List<TrackingEvent> randomEvents(int count, int subscribers, long seed) {
        Random random = new Random(seed);
        List<TrackingEvent> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String subscriber = "s" + random.nextInt(subscribers);
            double position = random.nextDouble();
            Instant date = SENT.plusMillis((long) (position * position * Duration.ofDays(5).toMillis()));
            rows.add(switch (random.nextInt(6)) {
                case 0 -> TestEvents.event(TrackingEventType.SENT, subscriber, SENT.plusMillis(random.nextInt(3_600_000)));
                case 1, 2 -> TestEvents.open(subscriber, date);
                case 3 -> click(subscriber, date, 1 + random.nextInt(5));
                case 4 -> TestEvents.bounce(subscriber, date, random.nextBoolean() ? "Hard bounce" : "Soft bounce",
                        "immediate", random.nextBoolean() ? "HardBounce" : "SoftBounce");
                default -> TestEvents.event(TrackingEventType.UNSUB, subscriber, date);
            });
        }
        return rows;
    }

}
