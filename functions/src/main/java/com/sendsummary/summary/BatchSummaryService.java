package com.sendsummary.summary;

import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.DeadlineExceededException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Summaries of several sends at once, with the cache-aside rules of {@link SummaryService}: the cached ones come from
 * one DynamoDB BatchGetItem, the misses (absent, expired or unreadable) are fetched from SFMC a few at a time and
 * cached each with the conditional put. A cached "not found" is a hit that reports the JobID unknown.
 */
public final class BatchSummaryService {
    /** BatchGetItem reads at most 100 keys per call: one call serves the whole batch. */
    public static final int MAX_JOB_IDS = 100;

    private final SummaryService summaries;
    private final BoundedFanOut fanOut;

    /**
     * @param maxSfmcCallsInFlight how many misses are fetched from SFMC at the same time; a miss that cannot start
     *                             before the request's deadline fails with {@link DeadlineExceededException} (or is served
     *                             stale), so the batch answers in time however slow SFMC is
     */
    public BatchSummaryService(SummaryService summaries, int maxSfmcCallsInFlight) {
        this.summaries = summaries;
        this.fanOut = new BoundedFanOut(maxSfmcCallsInFlight);
    }

    /**
     * One result per JobID, in the order given: the summary, or the reason there is none, each JobID on its own
     * ({@link SendNotFoundException} or an {@link SfmcException}).
     *
     * @param jobIds   1 to {@value #MAX_JOB_IDS} distinct JobIDs
     * @param clientId MID of the business unit owning the sends; null = the credentials' own
     * @throws IllegalArgumentException if {@code jobIds} is empty, too long or has duplicates
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails (the whole batch fails)
     */
    public List<SummaryResult> summaries(List<Integer> jobIds, Integer clientId) {
        if (jobIds.isEmpty() || jobIds.size() > MAX_JOB_IDS || new HashSet<>(jobIds).size() != jobIds.size()) {
            throw new IllegalArgumentException("jobIds must hold 1 to " + MAX_JOB_IDS + " distinct JobIDs");
        }
        Map<Integer, SummaryResult> results = new HashMap<>(summaries.cached(jobIds, clientId));
        List<Integer> misses = jobIds.stream().filter(jobId -> !results.containsKey(jobId)).toList();
        fanOut.map(misses, jobId -> fetch(jobId, clientId), BatchSummaryService::notStarted)
                .forEach(result -> results.put(result.jobId(), result));
        return jobIds.stream().map(results::get).toList();
    }

    private SummaryResult fetch(int jobId, Integer clientId) {
        try {
            return new SummaryResult.Found(jobId, summaries.fetch(jobId, clientId));
        } catch (SendNotFoundException | SfmcException e) {
            // About this JobID only; anything else (DynamoDB, configuration) fails the whole batch.
            return new SummaryResult.Failed(jobId, e);
        }
    }

    private static SummaryResult notStarted(int jobId) {
        return new SummaryResult.Failed(jobId, new DeadlineExceededException(
                "JobID " + jobId + " was not fetched: the request's deadline passed first"));
    }
}
