package com.sendsummary.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.DynamoDbSummaryCache;
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
 * Cache-aside summaries: serve a valid cached summary, otherwise fetch the send from SFMC, cache it with a TTL that
 * follows the send's age, and serve it. Unknown JobIDs are cached briefly as "not found"; errors are never cached.
 */
public final class SummaryService {
    static final String KIND_SUMMARY = "summary";
    static final String KIND_NOT_FOUND = "notFound";

    private final SendSource source;
    private final DynamoDbSummaryCache cache;
    private final TtlPolicy ttlPolicy;
    private final Duration notFoundTtl;
    private final Clock clock;

    public SummaryService(SendSource source, DynamoDbSummaryCache cache, TtlPolicy ttlPolicy, Duration notFoundTtl,
                          Clock clock) {
        this.source = source;
        this.cache = cache;
        this.ttlPolicy = ttlPolicy;
        this.notFoundTtl = notFoundTtl;
        this.clock = clock;
    }

    /**
     * The summary of a send, from the cache unless {@code refresh} is set or the cached copy has expired.
     *
     * @throws SendNotFoundException if SFMC has no such send in that business unit
     * @throws com.sendsummary.sfmc.SfmcException if SFMC fails (nothing is cached then)
     */
    public SendSummary summary(int jobId, Integer clientId, boolean refresh) {
        if (!refresh) {
            Optional<SendSummary> cached = cached(jobId, clientId, Instant.MIN);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        return fetchAndCache(jobId, clientId, refresh ? CacheInfo.REFRESHED : CacheInfo.MISS);
    }

    /** Refetches the send from SFMC and overwrites the cached copy (unless a newer one is already there). */
    public SendSummary refresh(int jobId, Integer clientId) {
        return fetchAndCache(jobId, clientId, CacheInfo.REFRESHED);
    }

    /**
     * Like {@link #refresh}, unless the cached copy was fetched less than {@code minAge} ago: then that copy is
     * returned with cache status {@code hit} and SFMC is not called, so duplicate or closely repeated refresh
     * triggers cost one SFMC call. A zero {@code minAge} always refreshes.
     *
     * @throws SendNotFoundException if SFMC has no such send, or said so less than {@code minAge} ago
     */
    public SendSummary refreshIfOlderThan(int jobId, Integer clientId, Duration minAge) {
        if (minAge.isPositive()) {
            Optional<SendSummary> recent = cached(jobId, clientId, clock.instant().minus(minAge));
            if (recent.isPresent()) {
                return recent.get();
            }
        }
        return refresh(jobId, clientId);
    }

    /** The valid cached summary if it was fetched after {@code fetchedAfter}; a cached "not found" is thrown. */
    private Optional<SendSummary> cached(int jobId, Integer clientId, Instant fetchedAfter) {
        return cache.get(cacheKey(jobId, clientId), clock.instant())
                .filter(entry -> entry.fetchedAt().isAfter(fetchedAfter))
                .flatMap(entry -> fromCache(entry, jobId, clientId));
    }

    /**
     * The valid cached summaries of several sends of one business unit, read with one batch; a JobID left out of the
     * result is a miss. A cached "not found" is a hit that fails with {@link SendNotFoundException}.
     */
    Map<Integer, SummaryResult> cached(List<Integer> jobIds, Integer clientId) {
        Map<String, Integer> jobIdsByKey = new LinkedHashMap<>();
        jobIds.forEach(jobId -> jobIdsByKey.put(cacheKey(jobId, clientId), jobId));
        Map<Integer, SummaryResult> results = new HashMap<>();
        cache.getAll(List.copyOf(jobIdsByKey.keySet()), clock.instant()).forEach((key, entry) -> {
            int jobId = jobIdsByKey.get(key);
            try {
                fromCache(entry, jobId, clientId)
                        .ifPresent(summary -> results.put(jobId, new SummaryResult.Found(jobId, summary)));
            } catch (SendNotFoundException notFound) {
                results.put(jobId, new SummaryResult.Failed(jobId, notFound));
            }
        });
        return results;
    }

    /** Fetches the send from SFMC and caches it, as on a cache miss. */
    SendSummary fetch(int jobId, Integer clientId) {
        return fetchAndCache(jobId, clientId, CacheInfo.MISS);
    }

    /**
     * Caches a send already read from SFMC (by a listing) exactly as a miss would, and returns its summary without
     * the cache block.
     */
    SendSummary remember(SendRecord send, Integer clientId) {
        SendSummary summary = SendSummary.from(send, clientId);
        store(send, summary, clientId, now());
        return summary;
    }

    private SendSummary fetchAndCache(int jobId, Integer clientId, String status) {
        // Stamped before the call: of two overlapping fetches, the one that started later holds the newer data and
        // must win the conditional write, however slowly the other one returns.
        Instant fetchedAt = now();
        Optional<SendRecord> send = source.fetch(jobId, clientId);
        if (send.isEmpty()) {
            cache.put(new CacheEntry(cacheKey(jobId, clientId), KIND_NOT_FOUND, null, fetchedAt,
                    fetchedAt.plus(notFoundTtl).truncatedTo(ChronoUnit.SECONDS)));
            throw new SendNotFoundException(jobId, clientId);
        }
        SendSummary summary = SendSummary.from(send.get(), clientId);
        Instant expiresAt = store(send.get(), summary, clientId, fetchedAt);
        return summary.withCache(new CacheInfo(status, fetchedAt, expiresAt));
    }

    /** Conditional put of the summary with the TTL the send's age calls for; returns its expiry. */
    private Instant store(SendRecord send, SendSummary summary, Integer clientId, Instant fetchedAt) {
        Instant expiresAt = fetchedAt.plus(ttlPolicy.ttlFor(send, fetchedAt)).truncatedTo(ChronoUnit.SECONDS);
        cache.put(new CacheEntry(cacheKey(send.jobId(), clientId), KIND_SUMMARY, write(summary), fetchedAt,
                expiresAt));
        return expiresAt;
    }

    // Instants are stored to the millisecond (fetchedAt) and second (expiresAt): truncate so a served miss and a
    // later hit report the same values.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The cached summary; empty (a miss) if the item cannot be read, e.g. written by an incompatible version. */
    private static Optional<SendSummary> fromCache(CacheEntry entry, int jobId, Integer clientId) {
        if (KIND_NOT_FOUND.equals(entry.kind())) {
            throw new SendNotFoundException(jobId, clientId);
        }
        if (!KIND_SUMMARY.equals(entry.kind()) || entry.payload() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(entry.payload(), SendSummary.class)
                    .withCache(new CacheInfo(CacheInfo.HIT, entry.fetchedAt(), entry.expiresAt())));
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
