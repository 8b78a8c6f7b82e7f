package com.sendsummary.simulator.data;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A recipe for {@code count} events of one type for one send, expanded deterministically (seeded) at load.
 * The first {@code uniqueSubscribers} rows go to distinct subscribers {@code subscriberOffset+1 ...}; the rest repeat
 * them at random. Dates fall in [{@code start}, {@code start + spread}), front-loaded except for SentEvent and
 * NotSentEvent. A {@code lazy} generator is never expanded: its rows are computed on demand from (seed, row index), in
 * EventDate order by construction, so a send of millions of events costs no memory (see {@link LazyEvents}).
 */
public record EventGenerator(
        String type, int sendId, int count, Integer uniqueSubscribers, Integer subscriberOffset,
        String subscriberKeyPrefix, Instant start, Duration spread, Long seed, Integer batchId, String eventType,
        List<UrlSpec> urls, List<BounceSpec> bounceCategories, Boolean isMasterUnsubscribed,
        Map<String, String> partnerProperties, Boolean lazy) {

    /** A link for generated ClickEvents; picked with probability proportional to {@code weight} (default 1). */
    public record UrlSpec(Integer urlId, String url, Integer weight) {
    }

    /**
     * A bounce flavour for generated BounceEvents. When every entry has a {@code count} and they add up to the
     * generator's count, rows are assigned in blocks (exact counts); otherwise entries are picked at random.
     */
    public record BounceSpec(String category, String bounceType, String smtpCode, String smtpReason, String eventType,
                             Integer count) {
    }
}
