package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcBusyException;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.summary.CacheInfo;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SendSource;
import com.sendsummary.telemetry.Invocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /sends/{jobId}/engagement} and its timeline, from the send's engagement item
 * ({@link EngagementComputations}).
 *
 * <ul>
 *   <li>A complete result, fresh (the summary's TTL rules): served ({@code status: complete}, or {@code refreshing}
 *       when a computation is under way).</li>
 *   <li>A complete result no longer fresh, or {@code refresh=true} (at most once per minimum interval): a new pass
 *       starts (incremental from the result's state) and the result is served with {@code status: refreshing}.</li>
 *   <li>No result yet: {@code 202 computing} with the progress of the computation, started now if there was none.</li>
 * </ul>
 * A send small enough by its Send counters ({@link EngagementSettings#inlineMaxEvents()}) is computed inside the
 * request instead, by the same pass, for at most {@link #INLINE_BUDGET}; what it could not finish continues in the
 * worker. Only then is SFMC read here (the Send, then its events): an SFMC failure answers the error, or the previous
 * result marked stale. Nothing here waits on another computation, and no answer is a timeout for a send's size.
 */
public final class EngagementService {
    public static final int MAX_TOP = EngagementComputations.MAX_TOP;
    /** The longest an inline computation reads before leaving the rest to the worker. */
    static final Duration INLINE_BUDGET = Duration.ofSeconds(15);
    /** Retry-After of a 202: about one worker step's progress. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final EngagementComputations computations;
    private final SendSource sends;
    private final Duration refreshMinInterval;
    private final Clock clock;

    public EngagementService(EngagementComputations computations, SendSource sends, Duration refreshMinInterval,
                             Clock clock) {
        this.computations = computations;
        this.sends = sends;
        this.refreshMinInterval = refreshMinInterval;
        this.clock = clock;
    }

    /**
     * The engagement with its {@code top} most clicked URLs ({@link Engagement}, 200) or the progress of its first
     * computation ({@link EngagementProgress}, 202).
     *
     * @throws SendNotFoundException if SFMC has no such send in that business unit (checked before a computation)
     */
    public Object engagement(int jobId, Integer clientId, boolean refresh, int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top must be 1.." + MAX_TOP);
        }
        Answer answer = answer(jobId, clientId, refresh);
        if (answer.progress() != null) {
            return answer.progress();
        }
        return answer.engagement().withTopUrls(top);
    }

    /** The engagement timeline ({@link TimelineAnswer}, 200) or the progress of the first computation (202). */
    public Object timeline(int jobId, Integer clientId, EngagementTimeline.Interval interval) {
        Answer answer = answer(jobId, clientId, false);
        if (answer.progress() != null) {
            return answer.progress();
        }
        String json = interval == EngagementTimeline.Interval.HOUR ? answer.item().timelineHour()
                : answer.item().timelineDay();
        return TimelineAnswer.of(jobId, clientId, answer.engagement().status(), answer.engagement().asOf(),
                read(json, EngagementTimeline.class));
    }

    /** Either a result to serve (with the item it came from) or progress. */
    private record Answer(EngagementItem item, Engagement engagement, EngagementProgress progress) {
    }

    private Answer answer(int jobId, Integer clientId, boolean refresh) {
        String key = EngagementComputations.key(jobId, clientId);
        EngagementStore store = computations.store();
        EngagementItem item = store.read(key, false).orElse(EngagementItem.empty(key));
        Instant now = clock.instant();
        if (item.hasResult()) {
            boolean fresh = item.freshUntil() != null && now.isBefore(item.freshUntil());
            boolean recent = item.fetchedAt() != null && item.fetchedAt().plus(refreshMinInterval).isAfter(now);
            Optional<Computation> running = item.running()
                    .filter(c -> !c.stalled(now, EngagementComputations.STALL_AFTER));
            if (refresh ? recent : fresh) {
                return served(item, CacheInfo.HIT, null, refresh, running.isPresent());
            }
            if (running.isPresent()) {
                return served(item, CacheInfo.HIT, null, false, true);
            }
            SendRecord send;
            try {
                send = send(jobId, clientId);
            } catch (SfmcException failure) {
                return served(item, CacheInfo.STALE, failure.code(), false, false);
            }
            if (!computations.small(send)) {
                EngagementItem started = computations.start(item, send, null);
                return served(item, CacheInfo.HIT, null, false, started.running().isPresent());
            }
            try {
                return inline(item, send, jobId, clientId, refresh ? CacheInfo.REFRESHED : CacheInfo.MISS);
            } catch (SfmcException failure) {
                return served(item, CacheInfo.STALE, failure.code(), false, false);
            }
        }
        Optional<Computation> running = item.running().filter(c -> !c.stalled(now, EngagementComputations.STALL_AFTER));
        if (running.isPresent()) {
            return progress(jobId, clientId, running.get());
        }
        SendRecord send = send(jobId, clientId);
        if (!computations.small(send)) {
            return progress(jobId, clientId, computations.start(item, send, null).computation());
        }
        return inline(item, send, jobId, clientId, CacheInfo.MISS);
    }

    /**
     * Computes inside the request: leases a new computation to this request and advances it for at most
     * {@link #INLINE_BUDGET}. Completed: the new result. Otherwise the worker goes on, and the previous result (or
     * progress) is answered.
     *
     * @throws SfmcException when SFMC failed (the worker retries in the background)
     */
    private Answer inline(EngagementItem item, SendRecord send, int jobId, Integer clientId, String status) {
        String requestId = Invocation.current().requestId();
        String owner = requestId != null ? requestId : "inline-" + java.util.UUID.randomUUID();
        EngagementItem leased = computations.start(item, send, owner);
        Computation computation = leased.computation();
        if (computation == null || !owner.equals(computation.leaseOwner())) {
            return item.hasResult() ? served(item, CacheInfo.HIT, null, false, true)
                    : progress(jobId, clientId, computation);
        }
        Deadline request = Deadline.current();
        Duration budget = request.isNone() || request.remaining().compareTo(INLINE_BUDGET) > 0
                ? INLINE_BUDGET : request.remaining();
        EngagementComputations.StepResult step = Deadline.in(budget)
                .run(() -> computations.advance(leased, jobId, clientId));
        if (step.failure() != null) {
            throw step.failure();
        }
        EngagementItem after = computations.store().read(item.key(), true).orElse(leased);
        if (step.step() == EngagementComputations.Step.COMPLETED && after.hasResult()) {
            return served(after, status, null, false, after.running().isPresent());
        }
        return item.hasResult() ? served(item, CacheInfo.HIT, null, false, true)
                : progress(jobId, clientId, after.computation() != null ? after.computation() : computation);
    }

    private SendRecord send(int jobId, Integer clientId) {
        return sends.fetch(jobId, clientId).orElseThrow(() -> new SendNotFoundException(jobId, clientId));
    }

    private static Answer progress(int jobId, Integer clientId, Computation computation) {
        if (computation == null) {
            // Three writes in a row lost to other writers: say so rather than guess (503, Retry-After).
            throw new SfmcBusyException("the engagement item of JobID " + jobId + " kept changing");
        }
        return new Answer(null, null, EngagementProgress.of(jobId, clientId, computation, RETRY_AFTER_SECONDS));
    }

    private static Answer served(EngagementItem item, String cacheStatus, String staleReason, boolean refreshSkipped,
                                 boolean refreshing) {
        Engagement stored = read(item.result(), Engagement.class);
        CacheInfo cache = new CacheInfo(cacheStatus, item.fetchedAt(), item.freshUntil(), staleReason, refreshSkipped,
                false, true);
        return new Answer(item, stored.served(refreshing ? Engagement.REFRESHING : Engagement.COMPLETE, cache), null);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored engagement could not be read", e);
        }
    }
}
