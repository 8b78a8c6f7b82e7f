package com.sendsummary.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.sfmc.SendRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cached summaries through {@link CacheAside}: serve a fresh cached summary, otherwise fetch the send from SFMC (one
 * fetch per JobID across containers), cache it with a TTL that follows the send's age, and serve it; serve the
 * stale copy when SFMC fails with a retryable error. Unknown JobIDs are cached briefly as "not found"; errors are
 * never cached.
 */
public final class SummaryService {
    static final String KIND_SUMMARY = "summary";

    private final SendSource source;
    private final CacheAside cache;
    private final TtlPolicy ttlPolicy;
    private final Duration notFoundTtl;
    private final Duration refreshMinInterval;
    private final Clock clock;

    /**
     * @param refreshMinInterval {@code refresh=true} within this long of the cached copy's fetchedAt serves that copy
     *                           instead of calling SFMC (zero: always refresh)
     */
    public SummaryService(SendSource source, CacheAside cache, TtlPolicy ttlPolicy, Duration notFoundTtl,
                          Duration refreshMinInterval, Clock clock) {
        this.source = source;
        this.cache = cache;
        this.ttlPolicy = ttlPolicy;
        this.notFoundTtl = notFoundTtl;
        this.refreshMinInterval = refreshMinInterval;
        this.clock = clock;
    }

    /**
     * The summary of a send, from the cache unless {@code refresh} is set (and the copy is older than the minimum
     * refresh interval) or the cached copy has expired.
     *
     * @throws SendNotFoundException if SFMC has no such send in that business unit
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails and no copy young enough to serve stale exists
     */
    public SendSummary summary(int jobId, Integer clientId, boolean refresh) {
        return served(cache.get(lookup(jobId, clientId), refresh, refreshMinInterval));
    }

    /**
     * Refetches the send from SFMC and overwrites the cached copy, unless the copy was fetched less than
     * {@code minAge} ago: then that copy is returned with cache status {@code hit} and SFMC is not called, so
     * duplicate or closely repeated refresh triggers cost one SFMC call. A zero {@code minAge} always refreshes.
     *
     * @throws SendNotFoundException if SFMC has no such send, or said so less than {@code minAge} ago
     */
    public SendSummary refreshIfOlderThan(int jobId, Integer clientId, Duration minAge) {
        return served(cache.get(lookup(jobId, clientId), true, minAge));
    }

    /**
     * The fresh cached summaries of several sends of one business unit, read with one batch; a JobID left out of the
     * result is a miss (absent, expired or unreadable). A cached "not found" is a hit that fails with
     * {@link SendNotFoundException}.
     */
    Map<Integer, SummaryResult> cached(List<Integer> jobIds, Integer clientId) {
        Map<String, Integer> jobIdsByKey = new LinkedHashMap<>();
        jobIds.forEach(jobId -> jobIdsByKey.put(cacheKey(jobId, clientId), jobId));
        Map<Integer, SummaryResult> results = new HashMap<>();
        cache.store().readAll(List.copyOf(jobIdsByKey.keySet())).forEach((key, entry) -> {
            int jobId = jobIdsByKey.get(key);
            try {
                cache.fresh(lookup(jobId, clientId), entry)
                        .ifPresent(served -> results.put(jobId, new SummaryResult.Found(jobId, served(served))));
            } catch (SendNotFoundException notFound) {
                results.put(jobId, new SummaryResult.Failed(jobId, notFound));
            }
        });
        return results;
    }

    /** The summary as on a cache miss: looked up again, fetched under the lease, stale on a retryable failure. */
    SendSummary fetch(int jobId, Integer clientId) {
        return summary(jobId, clientId, false);
    }

    /**
     * Caches a send already read from SFMC (by a listing) exactly as a miss would (conditional write, no lease: the
     * data is already read), and returns its summary without the cache block.
     */
    SendSummary remember(SendRecord send, Integer clientId) {
        SendSummary summary = SendSummary.from(send, clientId);
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        cache.remember(cacheKey(send.jobId(), clientId), loaded(send, summary, fetchedAt), fetchedAt);
        return summary;
    }

    private CacheAside.Lookup<SendSummary> lookup(int jobId, Integer clientId) {
        return new CacheAside.Lookup<>(cacheKey(jobId, clientId), SummaryService::fromCache,
                () -> new SendNotFoundException(jobId, clientId),
                fetchedAt -> source.fetch(jobId, clientId)
                        .map(send -> loaded(send, SendSummary.from(send, clientId), fetchedAt))
                        .orElseGet(() -> CacheAside.Loaded.notFound(fetchedAt.plus(notFoundTtl))));
    }

    private CacheAside.Loaded loaded(SendRecord send, SendSummary summary, Instant fetchedAt) {
        return new CacheAside.Loaded(KIND_SUMMARY, write(summary), fetchedAt.plus(ttlPolicy.ttlFor(send, fetchedAt)));
    }

    private static SendSummary served(CacheAside.Served<SendSummary> served) {
        return served.value().withCache(CacheInfo.of(served));
    }

    /** The cached summary; empty (treated as absent) if the item cannot be read, e.g. from an incompatible version. */
    private static Optional<SendSummary> fromCache(CacheEntry entry) {
        if (!KIND_SUMMARY.equals(entry.kind()) || entry.payload() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(entry.payload(), SendSummary.class));
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        }
    }

    /** Partition key: the business unit (or {@code default} for the credentials' own) and the JobID. */
    static String cacheKey(int jobId, Integer clientId) {
        return "SUMMARY#" + (clientId == null ? "default" : clientId.toString()) + "#" + jobId;
    }

    private static String write(SendSummary summary) {
        try {
            return Json.MAPPER.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Summary of JobID " + summary.jobId() + " cannot be written", e);
        }
    }
}
