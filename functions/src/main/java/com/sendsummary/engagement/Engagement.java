package com.sendsummary.engagement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Cached;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Engagement of one send computed from its tracking events: the response contract of
 * {@code GET /sends/{jobId}/engagement}.
 *
 * <p>Unique counts are distinct non-null SubscriberKeys. {@code bounces.byCategory} is keyed by SFMC's
 * BounceCategory text, {@code byType} by BounceType, {@code byEventType} by EventType ({@code HardBounce},
 * {@code SoftBounce}, {@code OtherBounce}: the split of the Send's bounce counters); a missing value is counted under
 * {@code unknown}. {@code topUrls} is ordered by clicks, then unique clickers; {@code distinctUrls} counts every URL
 * clicked. Unique counts are exact while {@code uniqueIsEstimate} (or {@code uniqueClickersIsEstimate}) is false and a
 * sketch estimate otherwise (bounds in {@link EngagementState}). Only the first {@link EngagementState#MAX_TRACKED_URLS}
 * links get their own figures; {@code otherUrls} sums the rest and is absent when there are none. {@code events} has one entry per type ({@code sent, open, click, bounce, unsub, notsent, forward}),
 * dates null when there are no events. {@code asOf}: every event dated before it had been read when the result
 * was computed (the start of its pass); {@code status}: {@code complete}, or {@code refreshing} while a newer pass is
 * under way; {@code status} and {@code cache} are absent from the stored copy and filled in when served.
 */
@JsonPropertyOrder({"jobId", "clientId", "status", "asOf", "opens", "clicks", "bounces", "topUrls", "distinctUrls",
        "otherUrls", "events", "cache"})
public record Engagement(int jobId, Integer clientId, @JsonInclude(JsonInclude.Include.NON_NULL) String status,
                         Instant asOf, Counts opens, Counts clicks, Bounces bounces,
                         List<UrlClicks> topUrls, int distinctUrls,
                         @JsonInclude(JsonInclude.Include.NON_NULL) OtherUrls otherUrls, Map<String, TypeStats> events,
                         @JsonInclude(JsonInclude.Include.NON_NULL) CacheInfo cache) implements Cached {

    /** Every event ({@code total}) and distinct subscribers ({@code unique}, estimated when {@code uniqueIsEstimate}). */
    @JsonPropertyOrder({"total", "unique", "uniqueIsEstimate"})
    public record Counts(long total, long unique, boolean uniqueIsEstimate) {
    }

    @JsonPropertyOrder({"total", "byCategory", "byType", "byEventType"})
    public record Bounces(long total, Map<String, Long> byCategory, Map<String, Long> byType,
                          Map<String, Long> byEventType) {
    }

    @JsonPropertyOrder({"url", "urlId", "clicks", "uniqueClickers", "uniqueClickersIsEstimate"})
    public record UrlClicks(String url, Integer urlId, long clicks, long uniqueClickers,
                            boolean uniqueClickersIsEstimate) {
    }

    /**
     * The links clicked after {@link EngagementState#MAX_TRACKED_URLS} others, together: how many ({@code links},
     * estimated when {@code linksIsEstimate}), their clicks (exact) and their distinct clickers.
     */
    @JsonPropertyOrder({"links", "linksIsEstimate", "clicks", "uniqueClickers", "uniqueClickersIsEstimate"})
    public record OtherUrls(long links, boolean linksIsEstimate, long clicks, long uniqueClickers,
                            boolean uniqueClickersIsEstimate) {
    }

    @JsonPropertyOrder({"count", "firstEventAt", "lastEventAt"})
    public record TypeStats(long count, Instant firstEventAt, Instant lastEventAt) {
    }

    public static final String COMPLETE = "complete";
    public static final String REFRESHING = "refreshing";

    /** As served: with its status and how it was served. */
    Engagement served(String newStatus, CacheInfo cacheInfo) {
        return new Engagement(jobId, clientId, newStatus, asOf, opens, clicks, bounces, topUrls, distinctUrls,
                otherUrls, events, cacheInfo);
    }

    /** As stored: computed from every event dated before {@code instant}. */
    Engagement withAsOf(Instant instant) {
        return new Engagement(jobId, clientId, null, instant, opens, clicks, bounces, topUrls, distinctUrls,
                otherUrls, events, null);
    }

    /** The same engagement with only the first {@code top} URLs. */
    Engagement withTopUrls(int top) {
        List<UrlClicks> urls = topUrls.size() <= top ? topUrls : List.copyOf(topUrls.subList(0, top));
        return new Engagement(jobId, clientId, status, asOf, opens, clicks, bounces, urls, distinctUrls, otherUrls,
                events, cache);
    }
}
