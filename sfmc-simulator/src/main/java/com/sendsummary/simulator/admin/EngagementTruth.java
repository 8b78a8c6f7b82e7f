package com.sendsummary.simulator.admin;

import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.EventRow;
import com.sendsummary.simulator.data.EventSequence;
import com.sendsummary.simulator.data.SendRow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /admin/truth/engagement}: exact engagement figures of one send, from a plain scan of every row visible now
 * with exact sets. Deliberately independent of the Retrieve path (no filters, no paging, no merge) so tests and
 * benchmarks can check what the functions compute from paged Retrieves against it.
 */
final class EngagementTruth {

    private static final Map<String, String> TYPES = new LinkedHashMap<>();
    private static final int HOURS = 168;
    private static final int DAYS = 83;
    private static final String UNKNOWN = "unknown";

    static {
        TYPES.put("sent", "SentEvent");
        TYPES.put("open", "OpenEvent");
        TYPES.put("click", "ClickEvent");
        TYPES.put("bounce", "BounceEvent");
        TYPES.put("unsub", "UnsubEvent");
        TYPES.put("notsent", "NotSentEvent");
        TYPES.put("forward", "ForwardedEmailEvent");
    }

    private EngagementTruth() {
    }

    /**
     * @param clientId only rows of this business unit, or null for the send's rows in every BU
     * @return null when the send is unknown
     */
    static Map<String, Object> of(DataSet data, int sendId, Integer clientId) {
        SendRow send = data.sends().stream().map(stored -> stored.send()).filter(row -> row.id() == sendId)
                .findFirst().orElse(null);
        if (send == null) {
            return null;
        }
        Instant start = send.sentDate() != null ? send.sentDate() : send.sendDate();
        Timeline timeline = new Timeline(start);
        Map<String, Object> events = new LinkedHashMap<>();
        Set<String> openers = new HashSet<>();
        Set<String> clickers = new HashSet<>();
        long[] opens = new long[1];
        long[] clicks = new long[1];
        long[] bounces = new long[1];
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byEventType = new TreeMap<>();
        Map<String, UrlFigures> urls = new TreeMap<>();
        TYPES.forEach((name, type) -> {
            long count = 0;
            Instant first = null;
            Instant last = null;
            for (EventSequence source : data.events(type).sources()) {
                for (int i = 0; i < source.size(); i++) {
                    EventRow row = source.get(i);
                    if (row.sendId() != sendId || clientId != null && row.clientId() != clientId) {
                        continue;
                    }
                    count++;
                    first = first == null || row.eventDate().isBefore(first) ? row.eventDate() : first;
                    last = last == null || row.eventDate().isAfter(last) ? row.eventDate() : last;
                    switch (name) {
                        case "open" -> {
                            opens[0]++;
                            add(openers, row.subscriberKey());
                            timeline.count(row.eventDate(), 0);
                        }
                        case "click" -> {
                            clicks[0]++;
                            add(clickers, row.subscriberKey());
                            String key = row.urlId() != null ? String.valueOf(row.urlId())
                                    : Objects.toString(row.url(), UNKNOWN);
                            urls.computeIfAbsent(key, k -> new UrlFigures(row.url(), row.urlId())).add(row);
                            timeline.count(row.eventDate(), 1);
                        }
                        case "bounce" -> {
                            bounces[0]++;
                            byCategory.merge(Objects.toString(row.bounceCategory(), UNKNOWN), 1L, Long::sum);
                            byType.merge(Objects.toString(row.bounceType(), UNKNOWN), 1L, Long::sum);
                            byEventType.merge(Objects.toString(row.eventType(), UNKNOWN), 1L, Long::sum);
                            timeline.count(row.eventDate(), 2);
                        }
                        case "unsub" -> timeline.count(row.eventDate(), 3);
                        default -> {
                        }
                    }
                }
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", count);
            figures.put("firstEventAt", first);
            figures.put("lastEventAt", last);
            events.put(name, figures);
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sendId", sendId);
        json.put("clientId", clientId);
        json.put("events", events);
        json.put("opens", Map.of("total", opens[0], "unique", openers.size()));
        json.put("clicks", Map.of("total", clicks[0], "unique", clickers.size()));
        Map<String, Object> bounceJson = new LinkedHashMap<>();
        bounceJson.put("total", bounces[0]);
        bounceJson.put("byCategory", byCategory);
        bounceJson.put("byType", byType);
        bounceJson.put("byEventType", byEventType);
        json.put("bounces", bounceJson);
        Map<String, Object> urlJson = new LinkedHashMap<>();
        urls.forEach((key, figures) -> urlJson.put(key, figures.json()));
        json.put("urls", urlJson);
        json.put("distinctUrls", urls.size());
        json.put("timeline", timeline.json());
        return json;
    }

    private static void add(Set<String> subscribers, String subscriberKey) {
        if (subscriberKey != null) {
            subscribers.add(subscriberKey);
        }
    }

    private static final class UrlFigures {
        private final String url;
        private final Integer urlId;
        private final Set<String> clickers = new HashSet<>();
        private long clicks;

        UrlFigures(String url, Integer urlId) {
            this.url = url;
            this.urlId = urlId;
        }

        void add(EventRow row) {
            clicks++;
            EngagementTruth.add(clickers, row.subscriberKey());
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("url", url);
            json.put("urlId", urlId);
            json.put("clicks", clicks);
            json.put("uniqueClickers", clickers.size());
            return json;
        }
    }

    /** Opens, clicks, bounces, unsubscribes (metric 0..3) per hour for a week after the start, then per day. */
    private static final class Timeline {
        private static final List<String> METRICS = List.of("opens", "clicks", "bounces", "unsubscribes");

        private final Instant start;
        private final long[][] hourly = new long[HOURS][METRICS.size()];
        private final long[][] daily = new long[DAYS][METRICS.size()];
        private final long[] beforeStart = new long[METRICS.size()];
        private final long[] later = new long[METRICS.size()];

        Timeline(Instant start) {
            this.start = start;
        }

        void count(Instant eventDate, int metric) {
            if (start == null) {
                return;
            }
            if (eventDate.isBefore(start)) {
                beforeStart[metric]++;
                return;
            }
            long millis = Duration.between(start, eventDate).toMillis();
            long hour = millis / Duration.ofHours(1).toMillis();
            long day = (millis - Duration.ofHours(HOURS).toMillis()) / Duration.ofDays(1).toMillis();
            if (hour < HOURS) {
                hourly[(int) hour][metric]++;
            } else if (day < DAYS) {
                daily[(int) day][metric]++;
            } else {
                later[metric]++;
            }
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("start", start);
            json.put("hourly", buckets("hour", hourly));
            json.put("daily", buckets("day", daily));
            json.put("beforeStart", counters(beforeStart));
            json.put("later", counters(later));
            return json;
        }

        private static List<Map<String, Object>> buckets(String name, long[][] counts) {
            List<Map<String, Object>> buckets = new java.util.ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                Map<String, Object> bucket = new LinkedHashMap<>();
                bucket.put(name, i);
                bucket.putAll(counters(counts[i]));
                buckets.add(bucket);
            }
            return buckets;
        }

        private static Map<String, Object> counters(long[] counts) {
            Map<String, Object> json = new LinkedHashMap<>();
            for (int metric = 0; metric < METRICS.size(); metric++) {
                json.put(METRICS.get(metric), counts[metric]);
            }
            return json;
        }
    }
}
