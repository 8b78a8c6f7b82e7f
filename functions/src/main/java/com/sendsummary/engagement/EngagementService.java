package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.events.EventSource;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SendSource;
import com.sendsummary.summary.TtlPolicy;
import com.sendsummary.telemetry.Invocation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cached engagement through {@link CacheAside} (the summary's rules: lease, stale-on-error, conditional write): serve
 * a fresh cached engagement, otherwise read the send (for its age) and stream every tracking event type of it from
 * SFMC through an {@link EngagementAggregator}, cache the result with the summary's TTL rules, and serve it.
 *
 * <p>Stored in the cache table under {@code ENGAGEMENT#<clientId|default>#<jobId>}. Nothing is written unless every
 * event stream was read to the end before the request's {@link Deadline}: otherwise
 * {@link EngagementTimeoutException} (or the SFMC failure), or the stale copy. An unknown JobID is answered with {@link SendNotFoundException} and not cached
 * under this key. The stored copy keeps the top {@value #MAX_TOP} URLs; {@code top} only trims the response.
 */
public final class EngagementService {
    public static final int MAX_TOP = 100;
    static final String KIND_ENGAGEMENT = "engagement";

    private final EventSource events;
    private final SendSource sends;
    private final CacheAside cache;
    private final TtlPolicy ttlPolicy;
    private final Duration refreshMinInterval;

    public EngagementService(EventSource events, SendSource sends, CacheAside cache, TtlPolicy ttlPolicy,
                             Duration refreshMinInterval) {
        this.events = events;
        this.sends = sends;
        this.cache = cache;
        this.ttlPolicy = ttlPolicy;
        this.refreshMinInterval = refreshMinInterval;
    }

    /**
     * The engagement of a send with its {@code top} most clicked URLs, from the cache unless {@code refresh} is set or
     * the cached copy has expired.
     *
     * @throws SendNotFoundException if SFMC has no such send in that business unit
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails and no copy young enough to serve stale exists
     */
    public Engagement engagement(int jobId, Integer clientId, boolean refresh, int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be 1.." + MAX_TOP);
        }
        CacheAside.Lookup<Engagement> lookup = new CacheAside.Lookup<>(cacheKey(jobId, clientId),
                EngagementService::fromCache, () -> new SendNotFoundException(jobId, clientId),
                fetchedAt -> load(jobId, clientId, fetchedAt));
        CacheAside.Served<Engagement> served = cache.get(lookup, refresh, refreshMinInterval);
        return served.value().withCache(CacheInfo.of(served)).withTopUrls(top);
    }

    // The snapshot is as of the start of the computation (fetchedAt): events keep arriving while the streams are read,
    // and a computation that starts later must win the conditional write.
    private CacheAside.Loaded load(int jobId, Integer clientId, Instant fetchedAt) {
        SendRecord send = sends.fetch(jobId, clientId).orElseThrow(() -> new SendNotFoundException(jobId, clientId));
        Engagement engagement = compute(jobId, clientId);
        return new CacheAside.Loaded(KIND_ENGAGEMENT, write(engagement),
                fetchedAt.plus(ttlPolicy.ttlFor(send, fetchedAt)));
    }

    private Engagement compute(int jobId, Integer clientId) {
        Invocation.current().engagementComputation();
        Deadline deadline = Deadline.current();
        EngagementAggregator aggregator = new EngagementAggregator();
        long read = 0;
        for (TrackingEventType type : TrackingEventType.values()) {
            if (deadline.hasPassed()) {
                throw new EngagementTimeoutException(jobId, read);
            }
            try (Stream<TrackingEvent> stream = events.events(new EventQuery(type, jobId, clientId, null, null, false, false))) {
                for (var iterator = stream.iterator(); iterator.hasNext(); ) {
                    aggregator.add(iterator.next());
                    // Checked once per 1,000 events: a page of 2,500 arrives at once, so this is per page or finer.
                    if (++read % 1_000 == 0 && deadline.hasPassed()) {
                        throw new EngagementTimeoutException(jobId, read);
                    }
                }
            } catch (com.sendsummary.sfmc.DeadlineExceededException e) {
                // An event page cut short by the deadline is the engagement running out of time, not SFMC being down.
                throw new EngagementTimeoutException(jobId, read);
            }
        }
        return aggregator.result(jobId, clientId, MAX_TOP);
    }

    /** The cached engagement; empty (treated as absent) if the item cannot be read, e.g. from an incompatible version. */
    private static Optional<Engagement> fromCache(CacheEntry entry) {
        if (!KIND_ENGAGEMENT.equals(entry.kind()) || entry.payload() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(entry.payload(), Engagement.class));
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
