package com.sendsummary.engagement;

import com.sendsummary.engagement.Engagement.Bounces;
import com.sendsummary.engagement.Engagement.Counts;
import com.sendsummary.engagement.Engagement.TypeStats;
import com.sendsummary.engagement.Engagement.UrlClicks;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a stream of tracking events into an {@link Engagement}, one event at a time. Memory grows only with the
 * distinct openers, the distinct clickers and the distinct URLs (with their clickers); every other figure is a
 * counter. Not thread-safe: one aggregator per computation.
 */
public final class EngagementAggregator {
    static final String UNKNOWN = "unknown";

    private final Map<TrackingEventType, TypeTally> types = new EnumMap<>(TrackingEventType.class);
    private final Set<String> openers = new HashSet<>();
    private final Set<String> clickers = new HashSet<>();
    private final Map<UrlKey, UrlTally> urls = new HashMap<>();
    private final Map<String, Long> bounceCategories = new HashMap<>();
    private final Map<String, Long> bounceTypes = new HashMap<>();
    private final Map<String, Long> bounceEventTypes = new HashMap<>();

    public EngagementAggregator() {
        for (TrackingEventType type : TrackingEventType.values()) {
            types.put(type, new TypeTally());
        }
    }

    public void add(TrackingEvent event) {
        types.get(event.type()).add(event.eventDate());
        String subscriber = event.subscriberKey();
        switch (event.type()) {
            case OPEN -> addSubscriber(openers, subscriber);
            case CLICK -> {
                addSubscriber(clickers, subscriber);
                // A link is its URLID: personalised URLs (subscriber data in the query string) of one link must
                // count together, and must not grow a tally per click. The URL is used only when SFMC gives no ID.
                UrlKey key = event.urlId() != null ? new UrlKey(event.urlId(), null) : new UrlKey(null, event.url());
                UrlTally url = urls.computeIfAbsent(key, k -> new UrlTally(event.url()));
                url.clicks++;
                addSubscriber(url.clickers, subscriber);
            }
            case BOUNCE -> {
                bounceCategories.merge(orUnknown(event.bounceCategory()), 1L, Long::sum);
                bounceTypes.merge(orUnknown(event.bounceType()), 1L, Long::sum);
                bounceEventTypes.merge(orUnknown(event.eventType()), 1L, Long::sum);
            }
            default -> {
            }
        }
    }

    /** The engagement so far, with at most {@code maxUrls} URLs in {@code topUrls}. */
    public Engagement result(int jobId, Integer clientId, int maxUrls) {
        Map<String, TypeStats> events = new LinkedHashMap<>();
        types.forEach((type, tally) -> events.put(EventTypeNames.name(type),
                new TypeStats(tally.count, tally.first, tally.last)));
        List<UrlClicks> topUrls = urls.entrySet().stream()
                .map(e -> new UrlClicks(e.getValue().url, e.getKey().urlId(), e.getValue().clicks,
                        e.getValue().clickers.size(), false))
                .sorted(Comparator.comparingLong(UrlClicks::clicks).reversed()
                        .thenComparing(Comparator.comparingLong(UrlClicks::uniqueClickers).reversed())
                        .thenComparing(UrlClicks::urlId, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(UrlClicks::url, Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(maxUrls)
                .toList();
        return new Engagement(jobId, clientId,
                new Counts(types.get(TrackingEventType.OPEN).count, openers.size(), false),
                new Counts(types.get(TrackingEventType.CLICK).count, clickers.size(), false),
                new Bounces(types.get(TrackingEventType.BOUNCE).count, byCountDescending(bounceCategories),
                        byCountDescending(bounceTypes), byCountDescending(bounceEventTypes)),
                topUrls, urls.size(), null, events, null);
    }

    /** Largest first, then by name: a stable order for JSON objects. */
    private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    // Rows without a SubscriberKey still count as events but cannot be told apart, so they add no unique subscriber.
    private static void addSubscriber(Set<String> subscribers, String subscriberKey) {
        if (subscriberKey != null) {
            subscribers.add(subscriberKey);
        }
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    private record UrlKey(Integer urlId, String url) {
    }

    private static final class UrlTally {
        /** The first URL seen for the link. */
        private final String url;
        private long clicks;
        private final Set<String> clickers = new HashSet<>();

        private UrlTally(String url) {
            this.url = url;
        }
    }

    private static final class TypeTally {
        private long count;
        private Instant first;
        private Instant last;

        void add(Instant date) {
            count++;
            if (date != null) {
                first = first == null || date.isBefore(first) ? date : first;
                last = last == null || date.isAfter(last) ? date : last;
            }
        }
    }
}
