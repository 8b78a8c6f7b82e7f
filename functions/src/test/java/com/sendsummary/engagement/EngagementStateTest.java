package com.sendsummary.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sendsummary.engagement.Engagement.Counts;
import com.sendsummary.engagement.Engagement.OtherUrls;
import com.sendsummary.engagement.Engagement.UrlClicks;
import com.sendsummary.engagement.EngagementTimeline.Bucket;
import com.sendsummary.engagement.EngagementTimeline.Interval;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.events.TestEvents;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link EngagementState} against an exact computation (HashSets) of the same seeded random event streams.
 */
class EngagementStateTest {
    private static final Instant START = Instant.parse("2025-11-04T15:00:00Z");
    private static final int ALL_URLS = Integer.MAX_VALUE;

    // ---- (a) exact mode

    @Test
    void result_whenHundredSubscribers_isExactAndFlaggedExact() {
        List<TrackingEvent> events = everyoneOpensThen(new Random(1), 100, randomEvents(new Random(1), 5_000, 100, 12));

        Engagement engagement = stateOf(events).result(910001, null, ALL_URLS);

        Exact exact = Exact.of(events);
        assertThat(exact.openers).hasSize(100);
        assertExactFields(engagement, exact);
        assertThat(engagement.opens()).isEqualTo(new Counts(exact.count(TrackingEventType.OPEN), 100, false));
        assertThat(engagement.clicks())
                .isEqualTo(new Counts(exact.count(TrackingEventType.CLICK), exact.clickers.size(), false));
        assertThat(engagement.topUrls()).allSatisfy(url -> {
            assertThat(url.uniqueClickersIsEstimate()).isFalse();
            assertThat(url.uniqueClickers()).isEqualTo(exact.linkClickers.get(Exact.key(url)).size());
        });
        assertThat(engagement.otherUrls()).isNull();
    }

    @Test
    void result_whenTenThousandSubscribers_isExactAndFlaggedExact() {
        List<TrackingEvent> events = everyoneOpensThen(new Random(2), 10_000,
                randomEvents(new Random(2), 150_000, 10_000, 40));

        Engagement engagement = stateOf(events).result(910001, null, ALL_URLS);

        Exact exact = Exact.of(events);
        assertThat(exact.openers).hasSize(10_000);
        assertExactFields(engagement, exact);
        assertThat(engagement.opens()).isEqualTo(new Counts(exact.count(TrackingEventType.OPEN), 10_000, false));
        assertThat(engagement.clicks())
                .isEqualTo(new Counts(exact.count(TrackingEventType.CLICK), exact.clickers.size(), false));
        assertThat(engagement.topUrls()).hasSize(40).allSatisfy(url -> {
            assertThat(url.uniqueClickersIsEstimate()).isFalse();
            assertThat(url.uniqueClickers()).isEqualTo(exact.linkClickers.get(Exact.key(url)).size());
        });
    }

    @Test
    void result_atTheExactLimit_isExactAndOneMoreIsAnEstimate() {
        EngagementState state = EngagementState.empty(START);
        for (int i = 0; i < EngagementState.EXACT_UNIQUE_LIMIT; i++) {
            state.add(TestEvents.open("sk-" + i, START));
        }
        assertThat(state.result(1, null, 10).opens())
                .isEqualTo(new Counts(EngagementState.EXACT_UNIQUE_LIMIT, EngagementState.EXACT_UNIQUE_LIMIT, false));

        state.add(TestEvents.open("one-more", START));

        assertThat(state.result(1, null, 10).opens().uniqueIsEstimate()).isTrue();
    }

    // ---- (b) estimation mode

    @Test
    void result_when120000DistinctOpeners_estimatesWithinThreeRseAndSaysSo() {
        Random random = new Random(3);
        EngagementState state = EngagementState.empty(START);
        Set<String> openers = new HashSet<>();
        for (int i = 0; i < 300_000; i++) {
            // Every one of the 120,000 opens at least once, then opens again at random.
            String subscriber = "sk-" + (i < 120_000 ? i : random.nextInt(120_000));
            openers.add(subscriber);
            state.add(TestEvents.open(subscriber, START.plusSeconds(random.nextInt(86_400))));
        }

        Counts opens = state.result(1, null, 10).opens();

        assertThat(openers).hasSize(120_000);
        assertThat(opens.total()).isEqualTo(300_000);
        assertThat(opens.uniqueIsEstimate()).isTrue();
        assertThat((double) opens.unique()).isCloseTo(120_000, within(3 * EngagementState.UNIQUE_RSE * 120_000));
        System.out.printf("120,000 distinct openers estimated as %d (%+.3f%%; 3 RSE = %.2f%%)%n", opens.unique(),
                100.0 * (opens.unique() - 120_000) / 120_000, 300 * EngagementState.UNIQUE_RSE);
    }

    // ---- (c) merge

    @Test
    void merge_ofFiveRandomSplits_equalsOneStateOfEveryEvent_inExactMode() {
        List<TrackingEvent> events = randomEvents(new Random(4), 60_000, 5_000, 60);

        EngagementState merged = mergedSplits(events, new Random(40), 5);

        EngagementState whole = stateOf(events);
        assertThat(merged.result(910001, null, ALL_URLS)).isEqualTo(whole.result(910001, null, ALL_URLS));
        assertThat(merged.timeline(Interval.HOUR)).isEqualTo(whole.timeline(Interval.HOUR));
        assertThat(merged.timeline(Interval.DAY)).isEqualTo(whole.timeline(Interval.DAY));
        assertThat(merged.eventsRead()).isEqualTo(events.size());
        assertExactFields(merged.result(910001, null, ALL_URLS), Exact.of(events));
    }

    @Test
    void merge_ofFiveRandomSplits_staysWithinTheBound_inEstimationMode() {
        List<TrackingEvent> events = randomEvents(new Random(5), 250_000, 60_000, 30);

        Engagement merged = mergedSplits(events, new Random(50), 5).result(910001, null, ALL_URLS);

        Exact exact = Exact.of(events);
        assertExactFields(merged, exact);
        assertThat(merged.opens().uniqueIsEstimate()).isTrue();
        assertThat((double) merged.opens().unique())
                .isCloseTo(exact.openers.size(), within(3 * EngagementState.UNIQUE_RSE * exact.openers.size()));
        assertThat(merged.clicks().uniqueIsEstimate()).isTrue();
        assertThat((double) merged.clicks().unique())
                .isCloseTo(exact.clickers.size(), within(3 * EngagementState.UNIQUE_RSE * exact.clickers.size()));
        assertThat(merged.topUrls()).allSatisfy(url -> assertUnique(url.uniqueClickers(),
                url.uniqueClickersIsEstimate(), exact.linkClickers.get(Exact.key(url)).size(),
                EngagementState.URL_EXACT_UNIQUE_LIMIT, EngagementState.URL_UNIQUE_RSE));
    }

    @Test
    void merge_whenTimelineStartsDiffer_isRefused() {
        EngagementState state = EngagementState.empty(START);

        assertThatThrownBy(() -> state.merge(EngagementState.empty(START.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.merge(EngagementState.empty(null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merge_withItself_countsEveryEventTwice() {
        List<TrackingEvent> events = randomEvents(new Random(6), 2_000, 300, 5);
        EngagementState state = stateOf(events);

        state.merge(state);

        EngagementState twice = stateOf(events);
        events.forEach(twice::add);
        assertThat(state.result(1, null, ALL_URLS)).isEqualTo(twice.result(1, null, ALL_URLS));
        assertThat(state.timeline(Interval.HOUR)).isEqualTo(twice.timeline(Interval.HOUR));
    }

    // ---- (d) serialisation

    @Test
    void fromBytes_ofToBytes_givesTheSameResultAndTimeline() {
        for (EngagementState state : List.of(
                EngagementState.empty(START),
                EngagementState.empty(null),
                stateOf(randomEvents(new Random(7), 20_000, 2_000, 30)),
                stateOf(randomEvents(new Random(8), 200_000, 50_000, 1_500)))) {
            EngagementState read = EngagementState.fromBytes(state.toBytes());

            assertThat(read.result(7, 100002, ALL_URLS)).isEqualTo(state.result(7, 100002, ALL_URLS));
            assertThat(read.timeline(Interval.HOUR)).isEqualTo(state.timeline(Interval.HOUR));
            assertThat(read.timeline(Interval.DAY)).isEqualTo(state.timeline(Interval.DAY));
            assertThat(read.eventsRead()).isEqualTo(state.eventsRead());
            assertThat(read.toBytes()).isEqualTo(state.toBytes());
        }
    }

    @Test
    void fromBytes_ofToBytes_keepsAccumulating() {
        List<TrackingEvent> events = randomEvents(new Random(9), 30_000, 3_000, 50);
        EngagementState first = stateOf(events.subList(0, 10_000));

        EngagementState resumed = EngagementState.fromBytes(first.toBytes());
        events.subList(10_000, events.size()).forEach(resumed::add);

        assertThat(resumed.result(1, null, ALL_URLS)).isEqualTo(stateOf(events).result(1, null, ALL_URLS));
    }

    @Test
    void fromBytes_whenGarbage_isRefused() {
        Random random = new Random(10);
        for (int length : new int[] {0, 1, 5, 6, 7, 64, 4096}) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> EngagementState.fromBytes(garbage)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> EngagementState.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
        // An EventLedger is not an EngagementState.
        assertThatThrownBy(() -> EngagementState.fromBytes(new EventLedger().toBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromBytes_whenTruncatedAnywhere_isRefused() {
        for (EngagementState state : List.of(EngagementState.empty(START),
                stateOf(randomEvents(new Random(11), 300, 50, 4)))) {
            byte[] bytes = state.toBytes();
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> EngagementState.fromBytes(truncated))
                        .as("truncated to %d of %d bytes", length, bytes.length)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void fromBytes_whenAnotherVersionOrTrailingBytes_isRefused() {
        byte[] bytes = stateOf(randomEvents(new Random(12), 300, 50, 4)).toBytes();
        byte[] otherVersion = bytes.clone();
        otherVersion[4] = 2;
        byte[] otherMagic = bytes.clone();
        otherMagic[0] ^= 1;
        byte[] unknownEncoding = bytes.clone();
        unknownEncoding[5] = 9;

        assertThatThrownBy(() -> EngagementState.fromBytes(otherVersion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> EngagementState.fromBytes(otherMagic)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngagementState.fromBytes(unknownEncoding))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngagementState.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromBytes_whenALengthClaimsGigabytes_isRefusedWithoutAllocatingThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x53534553);
            out.writeByte(1);
            out.writeByte(0);
            out.writeBoolean(false);              // no timeline start
            out.writeInt(1);                      // one event type...
            out.writeInt(Integer.MAX_VALUE - 8);  // ...whose name claims 2 GB
        }

        assertThatThrownBy(() -> EngagementState.fromBytes(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    // ---- (e) the bound on links

    @Test
    void result_when2500Links_tracks1000AndSumsTheOthersWithExactClicks() {
        List<TrackingEvent> events = everyLinkClickedThen(new Random(13), 2_500,
                randomEvents(new Random(13), 40_000, 3_000, 2_500));
        Exact exact = Exact.of(events);
        assertThat(exact.linkClicks).hasSize(2_500);

        Engagement engagement = stateOf(events).result(910001, null, ALL_URLS);

        assertThat(engagement.topUrls()).hasSize(EngagementState.MAX_TRACKED_URLS);
        List<UrlKey> firstSeen = List.copyOf(exact.linkClicks.keySet()).subList(0, EngagementState.MAX_TRACKED_URLS);
        assertThat(engagement.topUrls()).extracting(Exact::key).containsExactlyInAnyOrderElementsOf(firstSeen);
        assertThat(engagement.topUrls()).allSatisfy(url -> {
            assertThat(url.clicks()).isEqualTo(exact.linkClicks.get(Exact.key(url)));
            assertThat(url.uniqueClickers()).isEqualTo(exact.linkClickers.get(Exact.key(url)).size());
        });
        long trackedClicks = engagement.topUrls().stream().mapToLong(UrlClicks::clicks).sum();
        Set<String> otherClickers = new HashSet<>();
        exact.linkClickers.forEach((key, clickers) -> {
            if (!firstSeen.contains(key)) {
                otherClickers.addAll(clickers);
            }
        });
        assertThat(engagement.distinctUrls()).isEqualTo(2_500);
        assertThat(engagement.otherUrls()).isEqualTo(new OtherUrls(1_500, false,
                exact.count(TrackingEventType.CLICK) - trackedClicks, otherClickers.size(), false));
        assertThat(engagement.clicks().total()).isEqualTo(exact.count(TrackingEventType.CLICK));
    }

    @Test
    void merge_when2500LinksOnEachSide_keepsAtMost1000TrackedAndTheClickTotal() {
        List<TrackingEvent> events = randomEvents(new Random(14), 60_000, 3_000, 5_000);
        EngagementState merged = mergedSplits(events, new Random(140), 2);

        Engagement engagement = merged.result(910001, null, ALL_URLS);

        Exact exact = Exact.of(events);
        assertThat(engagement.topUrls()).hasSize(EngagementState.MAX_TRACKED_URLS);
        assertThat(engagement.topUrls().stream().mapToLong(UrlClicks::clicks).sum()
                + engagement.otherUrls().clicks()).isEqualTo(exact.count(TrackingEventType.CLICK));
        // 5,000 links is above the exact limit of the link sketch: an estimate within 3 RSE.
        assertThat(engagement.otherUrls().linksIsEstimate()).isTrue();
        assertThat((double) engagement.distinctUrls()).isCloseTo(exact.linkClicks.size(),
                within(3 * EngagementState.URL_UNIQUE_RSE * exact.linkClicks.size()));
    }

    // ---- (f) timeline

    @Test
    void timeline_placesEventsAtTheBucketBoundaries() {
        EngagementState state = EngagementState.empty(START);
        state.add(TestEvents.open("a", START));                                            // hour 0
        state.add(TestEvents.click("a", START.plus(Duration.ofHours(1)).minusMillis(1), 1, "u"));   // hour 0
        state.add(TestEvents.open("a", START.plus(Duration.ofHours(1))));                  // hour 1
        state.add(TestEvents.event(TrackingEventType.UNSUB, "a",
                START.plus(Duration.ofDays(7)).minusMillis(1)));                            // hour 167
        state.add(TestEvents.bounce("b", START.plus(Duration.ofDays(7)), null, null, null)); // day 7
        state.add(TestEvents.open("c", START.plus(Duration.ofDays(90)).minusMillis(1)));   // day 89
        state.add(TestEvents.open("c", START.plus(Duration.ofDays(90))));                  // later
        state.add(TestEvents.open("c", START.minusMillis(1)));                             // before start
        state.add(TestEvents.open("c", null));                                             // nowhere
        state.add(TestEvents.event(TrackingEventType.SENT, "c", START));                   // not a series

        EngagementTimeline hourly = state.timeline(Interval.HOUR);
        EngagementTimeline daily = state.timeline(Interval.DAY);

        assertThat(hourly.start()).isEqualTo(START);
        assertThat(hourly.beforeStart()).isEqualTo(1);
        assertThat(hourly.later()).isEqualTo(1);
        assertThat(hourly.buckets()).hasSize(168 + 83);
        assertThat(hourly.buckets().get(0)).isEqualTo(new Bucket(START, 1, 1, 0, 0));
        assertThat(hourly.buckets().get(1)).isEqualTo(new Bucket(START.plus(Duration.ofHours(1)), 1, 0, 0, 0));
        assertThat(hourly.buckets().get(167)).isEqualTo(new Bucket(START.plus(Duration.ofHours(167)), 0, 0, 0, 1));
        assertThat(hourly.buckets().get(168)).isEqualTo(new Bucket(START.plus(Duration.ofDays(7)), 0, 0, 1, 0));
        assertThat(hourly.buckets().get(168 + 82)).isEqualTo(new Bucket(START.plus(Duration.ofDays(89)), 1, 0, 0, 0));
        assertThat(daily.buckets()).hasSize(90);
        assertThat(daily.buckets().get(0)).isEqualTo(new Bucket(START, 2, 1, 0, 0));
        assertThat(daily.buckets().get(6)).isEqualTo(new Bucket(START.plus(Duration.ofDays(6)), 0, 0, 0, 1));
        assertThat(daily.buckets().get(7)).isEqualTo(new Bucket(START.plus(Duration.ofDays(7)), 0, 0, 1, 0));
        assertThat(daily.buckets().get(89)).isEqualTo(new Bucket(START.plus(Duration.ofDays(89)), 1, 0, 0, 0));
        assertThat(sums(hourly)).isEqualTo(sums(daily)).isEqualTo(new long[] {3, 1, 1, 1});
    }

    @Test
    void timeline_trimsAfterTheLastNonEmptyBucket() {
        EngagementState state = EngagementState.empty(START);
        state.add(TestEvents.open("a", START.plus(Duration.ofMinutes(150))));

        assertThat(state.timeline(Interval.HOUR).buckets()).extracting(Bucket::opens).containsExactly(0L, 0L, 1L);
        assertThat(state.timeline(Interval.DAY).buckets()).extracting(Bucket::opens).containsExactly(1L);
        assertThat(EngagementState.empty(START).timeline(Interval.DAY).buckets()).isEmpty();
    }

    @Test
    void timeline_ofRandomEvents_matchesTheExactBucketsAndDaySumsEqualHourSums() {
        List<TrackingEvent> events = randomEvents(new Random(15), 50_000, 2_000, 10);
        EngagementState state = stateOf(events);
        Exact exact = Exact.of(events);

        EngagementTimeline hourly = state.timeline(Interval.HOUR);
        EngagementTimeline daily = state.timeline(Interval.DAY);

        assertThat(nonEmpty(hourly)).isEqualTo(exact.buckets(Interval.HOUR));
        assertThat(nonEmpty(daily)).isEqualTo(exact.buckets(Interval.DAY));
        assertThat(hourly.beforeStart()).isEqualTo(daily.beforeStart()).isEqualTo(exact.beforeStart);
        assertThat(hourly.later()).isEqualTo(daily.later()).isEqualTo(exact.later);
        assertThat(sums(hourly)).isEqualTo(sums(daily));
        for (int i = 0; i < hourly.buckets().size(); i++) {
            Instant expected = i < 168 ? START.plus(Duration.ofHours(i)) : START.plus(Duration.ofDays(i - 168 + 7));
            assertThat(hourly.buckets().get(i).start()).isEqualTo(expected);
        }
    }

    @Test
    void timeline_whenStartUnknown_countsEveryDatedEventAsLater() {
        EngagementState state = EngagementState.empty(null);
        state.add(TestEvents.open("a", START));
        state.add(TestEvents.click("a", START, 1, "u"));
        state.add(TestEvents.open("a", null));

        EngagementTimeline timeline = state.timeline(Interval.HOUR);

        assertThat(timeline).isEqualTo(new EngagementTimeline(null, Interval.HOUR, List.of(), 0, 2));
    }

    @Test
    void timeline_andEngagement_writeJsonInAStableOrder() throws Exception {
        EngagementState state = EngagementState.empty(START);
        state.add(TestEvents.open("a", START));

        String timeline = Json.MAPPER.writeValueAsString(state.timeline(Interval.DAY));
        String engagement = Json.MAPPER.writeValueAsString(state.result(1, null, 10));

        assertThat(timeline).isEqualTo("{\"start\":\"2025-11-04T15:00:00Z\",\"interval\":\"DAY\",\"buckets\":"
                + "[{\"start\":\"2025-11-04T15:00:00Z\",\"opens\":1,\"clicks\":0,\"bounces\":0,\"unsubscribes\":0}],"
                + "\"beforeStart\":0,\"later\":0}");
        assertThat(engagement).startsWith("{\"jobId\":1,\"clientId\":null,\"asOf\":null,"
                + "\"opens\":{\"total\":1,\"unique\":1,\"uniqueIsEstimate\":false},"
                + "\"clicks\":{\"total\":0,\"unique\":0,\"uniqueIsEstimate\":false},")
                .contains("\"topUrls\":[],\"distinctUrls\":0,\"events\":").doesNotContain("otherUrls");
        assertThat(Json.MAPPER.readValue(engagement, Engagement.class)).isEqualTo(state.result(1, null, 10));
    }

    // ---- sizes

    @Test
    void toBytes_sizeOfLargeStates() {
        Random random = new Random(16);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        EngagementState forty = EngagementState.empty(START);
        feed(random, 1_000_000, 250_000, 40, forty::add);
        System.gc();
        long fortyHeap = runtime.totalMemory() - runtime.freeMemory() - before;
        EngagementState thousand = EngagementState.empty(START);
        feed(random, 1_000_000, 250_000, 1_000, thousand::add);
        System.gc();
        long thousandHeap = runtime.totalMemory() - runtime.freeMemory() - before - fortyHeap;

        byte[] fortyBytes = forty.toBytes();
        byte[] thousandBytes = thousand.toBytes();

        System.out.printf("EngagementState, 1,000,000 events, 250,000 distinct openers, 40 links: toBytes %,d bytes "
                + "(deflated: %s), heap measured %,d bytes%n", fortyBytes.length, fortyBytes[5] == 1, fortyHeap);
        System.out.printf("EngagementState, 1,000,000 events, 250,000 distinct openers, 1,000 links: toBytes %,d "
                + "bytes (deflated: %s), heap measured %,d bytes%n", thousandBytes.length, thousandBytes[5] == 1,
                thousandHeap);
        assertThat(EngagementState.fromBytes(thousandBytes).result(1, null, ALL_URLS))
                .isEqualTo(thousand.result(1, null, ALL_URLS));
        assertThat(fortyBytes.length).isLessThan(2_000_000);
        assertThat(thousandBytes.length).isLessThan(8_000_000);
    }

    // ---- helpers

    private static EngagementState stateOf(List<TrackingEvent> events) {
        EngagementState state = EngagementState.empty(START);
        events.forEach(state::add);
        return state;
    }

    private static EngagementState mergedSplits(List<TrackingEvent> events, Random random, int parts) {
        List<EngagementState> states = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            states.add(EngagementState.empty(START));
        }
        events.forEach(e -> states.get(random.nextInt(parts)).add(e));
        // Through the bytes, as checkpoints would be.
        EngagementState merged = EngagementState.fromBytes(states.get(0).toBytes());
        states.subList(1, parts).forEach(s -> merged.merge(EngagementState.fromBytes(s.toBytes())));
        return merged;
    }

    /** Every exact field of the engagement: counts, dates, bounces, the clicks of each tracked link, the timeline. */
    private static void assertExactFields(Engagement engagement, Exact exact) {
        assertThat(engagement.opens().total()).isEqualTo(exact.count(TrackingEventType.OPEN));
        assertThat(engagement.clicks().total()).isEqualTo(exact.count(TrackingEventType.CLICK));
        assertUnique(engagement.opens().unique(), engagement.opens().uniqueIsEstimate(), exact.openers.size(),
                EngagementState.EXACT_UNIQUE_LIMIT, EngagementState.UNIQUE_RSE);
        assertUnique(engagement.clicks().unique(), engagement.clicks().uniqueIsEstimate(), exact.clickers.size(),
                EngagementState.EXACT_UNIQUE_LIMIT, EngagementState.UNIQUE_RSE);
        assertThat(engagement.bounces().total()).isEqualTo(exact.count(TrackingEventType.BOUNCE));
        assertThat(engagement.bounces().byCategory()).isEqualTo(exact.categories);
        assertThat(engagement.bounces().byType()).isEqualTo(exact.types);
        assertThat(engagement.bounces().byEventType()).isEqualTo(exact.eventTypes);
        for (TrackingEventType type : TrackingEventType.values()) {
            Engagement.TypeStats stats = engagement.events().get(EventTypeNames.name(type));
            assertThat(stats).isEqualTo(new Engagement.TypeStats(exact.count(type), exact.first.get(type),
                    exact.last.get(type)));
        }
        if (exact.linkClicks.size() <= EngagementState.MAX_TRACKED_URLS) {
            assertThat(engagement.distinctUrls()).isEqualTo(exact.linkClicks.size());
            assertThat(engagement.otherUrls()).isNull();
            assertThat(engagement.topUrls()).hasSize(exact.linkClicks.size()).allSatisfy(url ->
                    assertThat(url.clicks()).isEqualTo(exact.linkClicks.get(Exact.key(url))));
        }
        List<Long> clicks = engagement.topUrls().stream().map(UrlClicks::clicks).toList();
        assertThat(clicks).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private static void assertUnique(long actual, boolean isEstimate, long truth, int exactLimit, double rse) {
        if (truth <= exactLimit) {
            assertThat(isEstimate).isFalse();
            assertThat(actual).isEqualTo(truth);
        } else {
            assertThat(isEstimate).isTrue();
            assertThat((double) actual).isCloseTo(truth, within(3 * rse * truth));
        }
    }

    private static long[] sums(EngagementTimeline timeline) {
        long[] sums = new long[4];
        for (Bucket bucket : timeline.buckets()) {
            sums[0] += bucket.opens();
            sums[1] += bucket.clicks();
            sums[2] += bucket.bounces();
            sums[3] += bucket.unsubscribes();
        }
        return sums;
    }

    private static Map<Instant, List<Long>> nonEmpty(EngagementTimeline timeline) {
        Map<Instant, List<Long>> buckets = new HashMap<>();
        for (Bucket b : timeline.buckets()) {
            if (b.opens() + b.clicks() + b.bounces() + b.unsubscribes() > 0) {
                buckets.put(b.start(), List.of(b.opens(), b.clicks(), b.bounces(), b.unsubscribes()));
            }
        }
        return buckets;
    }

    private static final TrackingEventType[] WEIGHTED_TYPES = weightedTypes();

    private static TrackingEventType[] weightedTypes() {
        List<TrackingEventType> types = new ArrayList<>();
        Map<TrackingEventType, Integer> weights = Map.of(TrackingEventType.OPEN, 40, TrackingEventType.CLICK, 25,
                TrackingEventType.SENT, 15, TrackingEventType.BOUNCE, 8, TrackingEventType.UNSUB, 4,
                TrackingEventType.NOT_SENT, 4, TrackingEventType.FORWARD, 4);
        for (TrackingEventType type : TrackingEventType.values()) {
            for (int i = 0; i < weights.get(type); i++) {
                types.add(type);
            }
        }
        return types.toArray(TrackingEventType[]::new);
    }

    /** One open of every subscriber, then {@code events}. */
    private static List<TrackingEvent> everyoneOpensThen(Random random, int subscribers, List<TrackingEvent> events) {
        List<TrackingEvent> all = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            all.add(TestEvents.open("sk-" + i, randomDate(random)));
        }
        all.addAll(events);
        return all;
    }

    /** One click on every link (in link order, with {@link #feed}'s keys), then {@code events}. */
    private static List<TrackingEvent> everyLinkClickedThen(Random random, int links, List<TrackingEvent> events) {
        List<TrackingEvent> all = new ArrayList<>();
        for (int link = 0; link < links; link++) {
            boolean byUrl = link % 5 == 4;
            all.add(new TrackingEvent(TrackingEventType.CLICK, 910001, null, "sk-" + random.nextInt(1_000),
                    randomDate(random), "Click", 1, null, byUrl ? null : 50_000 + link,
                    (byUrl ? "https://y.example/" : "https://x.example/") + link, null, null, null, null, Map.of()));
        }
        all.addAll(events);
        return all;
    }

    private static List<TrackingEvent> randomEvents(Random random, int count, int subscribers, int links) {
        List<TrackingEvent> events = new ArrayList<>(count);
        feed(random, count, subscribers, links, events::add);
        return events;
    }

    /**
     * {@code count} events of every type over {@code subscribers} keys (1% without one) and {@code links} links (one
     * in five known by URL only, the others by URLID with a fixed URL); dates mostly in the first days, some before
     * the start, after 90 days, or missing.
     */
    private static void feed(Random random, int count, int subscribers, int links, Consumer<TrackingEvent> sink) {
        String[] categories = {"Hard bounce", "Soft bounce", "Block bounce", null, " "};
        String[] bounceTypes = {"immediate", "delayed", null};
        String[] eventTypes = {"HardBounce", "SoftBounce", "OtherBounce", null};
        for (int i = 0; i < count; i++) {
            TrackingEventType type = WEIGHTED_TYPES[random.nextInt(WEIGHTED_TYPES.length)];
            String subscriber = random.nextInt(100) == 0 ? null : "sk-" + random.nextInt(subscribers);
            Instant date = randomDate(random);
            Integer urlId = null;
            String url = null;
            if (type == TrackingEventType.CLICK) {
                int link = random.nextInt(links);
                urlId = link % 5 == 4 ? null : 50_000 + link;
                url = (urlId == null ? "https://y.example/" : "https://x.example/") + link;
            }
            String category = null;
            String bounceType = null;
            String eventType = null;
            if (type == TrackingEventType.BOUNCE) {
                category = categories[random.nextInt(categories.length)];
                bounceType = bounceTypes[random.nextInt(bounceTypes.length)];
                eventType = eventTypes[random.nextInt(eventTypes.length)];
            }
            sink.accept(new TrackingEvent(type, 910001, null, subscriber, date, eventType, 1, null, urlId, url, null,
                    category, null, bounceType, Map.of()));
        }
    }

    private static Instant randomDate(Random random) {
        int bucket = random.nextInt(100);
        long day = Duration.ofDays(1).toMillis();
        long millis;
        if (bucket < 2) {
            return null;
        } else if (bucket < 5) {
            millis = -1 - (long) (random.nextDouble() * 2 * day);
        } else if (bucket < 55) {
            millis = (long) (random.nextDouble() * 2 * day);
        } else if (bucket < 80) {
            millis = (long) (random.nextDouble() * 7 * day);
        } else if (bucket < 97) {
            millis = 7 * day + (long) (random.nextDouble() * 83 * day);
        } else {
            millis = 90 * day + (long) (random.nextDouble() * 30 * day);
        }
        return START.plusMillis(millis);
    }

    record UrlKey(Integer urlId, String url) {
    }

    /** The same figures computed the obvious way, with a set of every subscriber. */
    private static final class Exact {
        final Map<TrackingEventType, Long> counts = new HashMap<>();
        final Map<TrackingEventType, Instant> first = new HashMap<>();
        final Map<TrackingEventType, Instant> last = new HashMap<>();
        final Set<String> openers = new HashSet<>();
        final Set<String> clickers = new HashSet<>();
        /** In the order links were first clicked. */
        final Map<UrlKey, Long> linkClicks = new LinkedHashMap<>();
        final Map<UrlKey, Set<String>> linkClickers = new HashMap<>();
        final Map<String, Long> categories = new HashMap<>();
        final Map<String, Long> types = new HashMap<>();
        final Map<String, Long> eventTypes = new HashMap<>();
        final List<TrackingEvent> series = new ArrayList<>();
        long beforeStart;
        long later;

        static Exact of(List<TrackingEvent> events) {
            Exact exact = new Exact();
            events.forEach(exact::add);
            return exact;
        }

        static UrlKey key(UrlClicks url) {
            return url.urlId() != null ? new UrlKey(url.urlId(), null) : new UrlKey(null, url.url());
        }

        long count(TrackingEventType type) {
            return counts.getOrDefault(type, 0L);
        }

        private void add(TrackingEvent e) {
            counts.merge(e.type(), 1L, Long::sum);
            if (e.eventDate() != null) {
                first.merge(e.type(), e.eventDate(), (a, b) -> a.isBefore(b) ? a : b);
                last.merge(e.type(), e.eventDate(), (a, b) -> a.isAfter(b) ? a : b);
            }
            String sk = e.subscriberKey();
            switch (e.type()) {
                case OPEN -> addIfKnown(openers, sk);
                case CLICK -> {
                    addIfKnown(clickers, sk);
                    UrlKey key = e.urlId() != null ? new UrlKey(e.urlId(), null) : new UrlKey(null, e.url());
                    linkClicks.merge(key, 1L, Long::sum);
                    addIfKnown(linkClickers.computeIfAbsent(key, k -> new HashSet<>()), sk);
                }
                case BOUNCE -> {
                    categories.merge(orUnknown(e.bounceCategory()), 1L, Long::sum);
                    types.merge(orUnknown(e.bounceType()), 1L, Long::sum);
                    eventTypes.merge(orUnknown(e.eventType()), 1L, Long::sum);
                }
                default -> {
                }
            }
            if (e.eventDate() != null && List.of(TrackingEventType.OPEN, TrackingEventType.CLICK,
                    TrackingEventType.BOUNCE, TrackingEventType.UNSUB).contains(e.type())) {
                long millis = e.eventDate().toEpochMilli() - START.toEpochMilli();
                if (millis < 0) {
                    beforeStart++;
                } else if (millis >= Duration.ofDays(90).toMillis()) {
                    later++;
                } else {
                    series.add(e);
                }
            }
        }

        Map<Instant, List<Long>> buckets(Interval interval) {
            long hour = Duration.ofHours(1).toMillis();
            long day = Duration.ofDays(1).toMillis();
            Map<Instant, long[]> sums = new HashMap<>();
            for (TrackingEvent e : series) {
                long millis = e.eventDate().toEpochMilli() - START.toEpochMilli();
                Instant start = interval == Interval.HOUR && millis < 7 * day
                        ? START.plusMillis(millis / hour * hour)
                        : START.plusMillis(millis / day * day);
                long[] bucket = sums.computeIfAbsent(start, s -> new long[4]);
                switch (e.type()) {
                    case OPEN -> bucket[0]++;
                    case CLICK -> bucket[1]++;
                    case BOUNCE -> bucket[2]++;
                    default -> bucket[3]++;
                }
            }
            Map<Instant, List<Long>> buckets = new HashMap<>();
            sums.forEach((start, s) -> buckets.put(start, List.of(s[0], s[1], s[2], s[3])));
            return buckets;
        }

        private static void addIfKnown(Set<String> set, String subscriberKey) {
            if (subscriberKey != null) {
                set.add(subscriberKey);
            }
        }

        private static String orUnknown(String value) {
            return value == null || value.isBlank() ? "unknown" : value;
        }
    }
}
