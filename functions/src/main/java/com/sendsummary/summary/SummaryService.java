package com.sendsummary.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.DynamoDbSummaryCache;
import com.sendsummary.sfmc.SendRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        String key = cacheKey(jobId, clientId);
        if (!refresh) {
            Optional<SendSummary> cached = cache.get(key, clock.instant()).flatMap(e -> fromCache(e, jobId, clientId));
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

    private SendSummary fetchAndCache(int jobId, Integer clientId, String status) {
        String key = cacheKey(jobId, clientId);
        Optional<SendRecord> send = source.fetch(jobId, clientId);
        // Instants are stored to the millisecond (fetchedAt) and second (expiresAt): truncate so a served miss and a
        // later hit report the same values.
        Instant fetchedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (send.isEmpty()) {
            cache.put(new CacheEntry(key, KIND_NOT_FOUND, null, fetchedAt,
                    fetchedAt.plus(notFoundTtl).truncatedTo(ChronoUnit.SECONDS)));
            throw new SendNotFoundException(jobId, clientId);
        }
        SendSummary summary = SendSummary.from(send.get(), clientId);
        Instant expiresAt = fetchedAt.plus(ttlPolicy.ttlFor(send.get(), fetchedAt)).truncatedTo(ChronoUnit.SECONDS);
        cache.put(new CacheEntry(key, KIND_SUMMARY, write(summary), fetchedAt, expiresAt));
        return summary.withCache(new CacheInfo(status, fetchedAt, expiresAt));
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
