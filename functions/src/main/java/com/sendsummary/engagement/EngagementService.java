package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.DynamoDbSummaryCache;
import com.sendsummary.events.EventSource;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SendSource;
import com.sendsummary.summary.TtlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cache-aside engagement: serve a valid cached engagement, otherwise read the send (for its age) and stream every
 * tracking event type of it from SFMC through an {@link EngagementAggregator}, cache the result with the summary's
 * TTL rules, and serve it.
 *
 * <p>Stored in the summary table under {@code ENGAGEMENT#<clientId|default>#<jobId>} with the same conditional write
 * (an older computation never overwrites a newer one). Nothing is written unless every event stream was read to the
 * end: an SFMC failure is thrown as is. An unknown JobID is answered with {@link SendNotFoundException} and not cached
 * under this key. The stored copy keeps the top {@value #MAX_TOP} URLs; {@code top} only trims the response.
 */
public final class EngagementService {
    public static final int MAX_TOP = 100;
    static final String KIND_ENGAGEMENT = "engagement";

    private final EventSource events;
    private final SendSource sends;
    private final DynamoDbSummaryCache cache;
    private final TtlPolicy ttlPolicy;
    private final Clock clock;
    private final Duration budget;

    /**
     * @param budget how long reading the events may take before the request gives up with
     *               {@link EngagementTimeoutException} (answered 504), so that a very large send ends in a clean
     *               error rather than a function timeout
     */
    public EngagementService(EventSource events, SendSource sends, DynamoDbSummaryCache cache, TtlPolicy ttlPolicy,
                             Clock clock, Duration budget) {
        this.budget = budget;
        this.events = events;
        this.sends = sends;
        this.cache = cache;
        this.ttlPolicy = ttlPolicy;
        this.clock = clock;
    }

    /**
     * The engagement of a send with its {@code top} most clicked URLs, from the cache unless {@code refresh} is set or
     * the cached copy has expired.
     *
     * @throws SendNotFoundException if SFMC has no such send in that business unit
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails (nothing is cached then)
     */
    public Engagement engagement(int jobId, Integer clientId, boolean refresh, int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be 1.." + MAX_TOP);
        }
        String key = cacheKey(jobId, clientId);
        if (!refresh) {
            Optional<Engagement> cached = cache.get(key, clock.instant()).flatMap(EngagementService::fromCache);
            if (cached.isPresent()) {
                return cached.get().withTopUrls(top);
            }
        }
        // The snapshot is as of the start of the computation: events keep arriving while the streams are read, and a
        // computation that starts later must win the conditional write.
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SendRecord send = sends.fetch(jobId, clientId).orElseThrow(() -> new SendNotFoundException(jobId, clientId));
        Engagement engagement = compute(jobId, clientId, fetchedAt.plus(budget));
        Instant expiresAt = fetchedAt.plus(ttlPolicy.ttlFor(send, fetchedAt)).truncatedTo(ChronoUnit.SECONDS);
        cache.put(new CacheEntry(key, KIND_ENGAGEMENT, write(engagement), fetchedAt, expiresAt));
        return engagement.withCache(new CacheInfo(refresh ? CacheInfo.REFRESHED : CacheInfo.MISS, fetchedAt, expiresAt))
                .withTopUrls(top);
    }

    private Engagement compute(int jobId, Integer clientId, Instant deadline) {
        EngagementAggregator aggregator = new EngagementAggregator();
        long read = 0;
        for (TrackingEventType type : TrackingEventType.values()) {
            try (Stream<TrackingEvent> stream = events.events(new EventQuery(type, jobId, clientId, null, null, false, false))) {
                for (var iterator = stream.iterator(); iterator.hasNext(); ) {
                    aggregator.add(iterator.next());
                    // Checked once per 1,000 events: a page of 2,500 arrives at once, so this is per page or finer.
                    if (++read % 1_000 == 0 && clock.instant().isAfter(deadline)) {
                        throw new EngagementTimeoutException(jobId, read, budget);
                    }
                }
            }
        }
        return aggregator.result(jobId, clientId, MAX_TOP);
    }

    /** The cached engagement; empty (a miss) if the item cannot be read, e.g. written by an incompatible version. */
    private static Optional<Engagement> fromCache(CacheEntry entry) {
        if (!KIND_ENGAGEMENT.equals(entry.kind()) || entry.payload() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(entry.payload(), Engagement.class)
                    .withCache(new CacheInfo(CacheInfo.HIT, entry.fetchedAt(), entry.expiresAt())));
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        }
    }

    /** Partition key: the business unit (or {@code default} for the credentials' own) and the JobID. */
    static String cacheKey(int jobId, Integer clientId) {
        return "ENGAGEMENT#" + (clientId == null ? "default" : clientId.toString()) + "#" + jobId;
    }

    private static String write(Engagement engagement) {
        try {
            return Json.MAPPER.writeValueAsString(engagement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Engagement of JobID " + engagement.jobId() + " cannot be written", e);
        }
    }
}
