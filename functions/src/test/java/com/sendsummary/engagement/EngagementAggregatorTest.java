package com.sendsummary.engagement;

import static com.sendsummary.events.TestEvents.bounce;
import static com.sendsummary.events.TestEvents.click;
import static com.sendsummary.events.TestEvents.event;
import static com.sendsummary.events.TestEvents.open;
import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.engagement.Engagement.TypeStats;
import com.sendsummary.engagement.Engagement.UrlClicks;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngagementAggregatorTest {
    private static final Instant T0 = Instant.parse("2025-11-04T15:00:00Z");
    private static final String HOME = "https://demo-brand.example/";
    private static final String OFFERS = "https://demo-brand.example/offers";
    private static final String PREFS = "https://demo-brand.example/preferences";

    private static List<TrackingEvent> sample() {
        return List.of(
                event(TrackingEventType.SENT, "a", T0),
                event(TrackingEventType.SENT, "b", T0.plusSeconds(1)),
                event(TrackingEventType.SENT, "c", T0.plusSeconds(2)),
                open("a", T0.plusSeconds(60)),
                open("a", T0.plusSeconds(30)),            // out of order: first/last are min/max, not stream order
                open("b", T0.plusSeconds(90)),
                open(null, T0.plusSeconds(95)),           // counted, but not a unique opener
                click("a", T0.plusSeconds(100), 2, OFFERS),
                click("a", T0.plusSeconds(101), 1, HOME),
                click("b", T0.plusSeconds(102), 1, HOME),
                click("b", T0.plusSeconds(103), 1, HOME),
                click("a", T0.plusSeconds(104), 2, OFFERS),
                click("c", T0.plusSeconds(105), 2, OFFERS),
                click("c", T0.plusSeconds(106), 3, PREFS),
                bounce("c", T0.plusSeconds(5), "Hard bounce", "immediate", "HardBounce"),
                bounce("d", T0.plusSeconds(6), "Soft bounce", "delayed", "SoftBounce"),
                bounce("e", T0.plusSeconds(7), "Soft bounce", "delayed", "SoftBounce"),
                bounce("f", T0.plusSeconds(8), null, null, null),
                event(TrackingEventType.UNSUB, "a", T0.plusSeconds(200)));
    }

    private static Engagement aggregate(List<TrackingEvent> events, int maxUrls) {
        EngagementAggregator aggregator = new EngagementAggregator();
        events.forEach(aggregator::add);
        return aggregator.result(910001, null, maxUrls);
    }

    @Test
    void result_countsTotalAndUniqueOpensAndClicks() {
        Engagement engagement = aggregate(sample(), 10);

        assertThat(engagement.opens()).isEqualTo(new Engagement.Counts(4, 2, false));
        assertThat(engagement.clicks()).isEqualTo(new Engagement.Counts(7, 3, false));
    }

    @Test
    void result_ordersUrlsByClicksThenUniqueClickers() {
        Engagement engagement = aggregate(sample(), 10);

        // HOME and OFFERS both have 3 clicks; OFFERS has 2 distinct clickers, HOME 2 as well: then by urlId.
        assertThat(engagement.topUrls()).containsExactly(
                new UrlClicks(HOME, 1, 3, 2, false),
                new UrlClicks(OFFERS, 2, 3, 2, false),
                new UrlClicks(PREFS, 3, 1, 1, false));
        assertThat(engagement.distinctUrls()).isEqualTo(3);
    }

    @Test
    void result_whenMoreUrlsThanAllowed_keepsTheTopOnesAndCountsAll() {
        Engagement engagement = aggregate(sample(), 1);

        assertThat(engagement.topUrls()).extracting(UrlClicks::url).containsExactly(HOME);
        assertThat(engagement.distinctUrls()).isEqualTo(3);
    }

    @Test
    void result_groupsBouncesByCategoryTypeAndEventType() {
        Engagement.Bounces bounces = aggregate(sample(), 10).bounces();

        assertThat(bounces.total()).isEqualTo(4);
        assertThat(bounces.byCategory()).containsExactly(
                entry("Soft bounce", 2L), entry("Hard bounce", 1L), entry("unknown", 1L));
        assertThat(bounces.byType()).containsExactly(
                entry("delayed", 2L), entry("immediate", 1L), entry("unknown", 1L));
        assertThat(bounces.byEventType()).containsExactly(
                entry("SoftBounce", 2L), entry("HardBounce", 1L), entry("unknown", 1L));
    }

    @Test
    void result_reportsCountAndDateRangeOfEveryType() {
        Engagement engagement = aggregate(sample(), 10);

        assertThat(engagement.events().keySet())
                .containsExactly("sent", "open", "click", "bounce", "unsub", "notsent", "forward");
        assertThat(engagement.events().get("sent")).isEqualTo(new TypeStats(3, T0, T0.plusSeconds(2)));
        assertThat(engagement.events().get("open")).isEqualTo(new TypeStats(4, T0.plusSeconds(30), T0.plusSeconds(95)));
        assertThat(engagement.events().get("unsub")).isEqualTo(new TypeStats(1, T0.plusSeconds(200), T0.plusSeconds(200)));
        assertThat(engagement.events().get("notsent")).isEqualTo(new TypeStats(0, null, null));
    }

    @Test
    void result_whenNoEvents_isAllZeros() {
        Engagement engagement = aggregate(List.of(), 10);

        assertThat(engagement.opens()).isEqualTo(new Engagement.Counts(0, 0, false));
        assertThat(engagement.topUrls()).isEmpty();
        assertThat(engagement.bounces().byCategory()).isEmpty();
    }

    @Test
    void engagement_survivesTheJsonRoundTripOfTheCache() throws Exception {
        Engagement engagement = aggregate(sample(), 10);

        Engagement read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(engagement), Engagement.class);

        assertThat(read).isEqualTo(engagement);
        assertThat(read.bounces().byCategory().keySet()).containsExactly("Soft bounce", "Hard bounce", "unknown");
    }

    private static java.util.Map.Entry<String, Long> entry(String key, Long value) {
        return java.util.Map.entry(key, value);
    }

    @Test
    void result_whenOneLinkIsPersonalisedPerSubscriber_countsItAsOneUrl() {
        Engagement engagement = aggregate(List.of(
                click("a", T0, 7, HOME + "?sk=a"),
                click("b", T0.plusSeconds(1), 7, HOME + "?sk=b"),
                click("b", T0.plusSeconds(2), 7, HOME + "?sk=b")), 10);

        assertThat(engagement.distinctUrls()).isEqualTo(1);
        assertThat(engagement.topUrls()).singleElement().satisfies(url -> {
            assertThat(url.urlId()).isEqualTo(7);
            assertThat(url.clicks()).isEqualTo(3);
            assertThat(url.uniqueClickers()).isEqualTo(2);
        });
    }
}
