package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.engagement.ComputationQueue.Message;
import com.sendsummary.events.EventSource;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.SendRecord;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.TtlPolicy;
import com.sendsummary.telemetry.Invocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts, continues and completes the computations of sends' engagement; the HTTP function, the refresh function and
 * the worker share it.
 *
 * <p>A computation is started (or joined, when one is under way) by a conditional write of the send's item and one
 * queue message. Each worker step leases the computation (a conditional write: one reader per send, whatever the
 * queue delivers twice), reads windows with {@link EngagementPass} until its time is short, saves the checkpoint (a
 * blob, then a conditional write with the next sequence number) and sends the next message, or, once every type has
 * been read, writes the result. A step that loses a write stops without saving: the item then belongs to someone who
 * read a later version, and nothing it counted is kept. A computation nobody has advanced for {@link #STALL_AFTER}
 * (its message lost, or given up after SFMC failures) is sent again by the next caller that finds it.
 */
public final class EngagementComputations {
    /** How long a step keeps free at the end of its time for the checkpoint and the next message. */
    static final Duration STEP_RESERVE = Duration.ofSeconds(3);
    /** How often a long step saves a checkpoint between windows (progress, and less to lose on a crash). */
    static final Duration SAVE_EVERY = Duration.ofSeconds(20);
    /** How long an untouched computation is left alone before a caller sends it again. */
    static final Duration STALL_AFTER = Duration.ofMinutes(20);
    /** SFMC failures in a row after which the steps stop until a caller starts the computation again. */
    static final int MAX_FAILURES = 6;
    public static final int MAX_TOP = 100;
    /** The error of a step that could not read one window in its time. */
    static final String NO_PROGRESS = "no_progress";

    /** What a worker step did, for its log line. */
    public enum Step { COMPLETED, CONTINUED, RETRYING, GAVE_UP, BUSY, STALE, LOST_RACE }

    /**
     * @param step       what happened
     * @param events     events counted by this step
     * @param eventsRead events counted by the computation so far
     * @param failure    the SFMC failure it stopped on, if any (its windows before it are kept)
     */
    public record StepResult(Step step, long events, long eventsRead, int windows, SfmcException failure) {
        /** The failure's code, for the log line. */
        public String error() {
            if (failure != null) {
                return failure.code();
            }
            return step == Step.RETRYING || step == Step.GAVE_UP ? NO_PROGRESS : null;
        }
    }

    private final EngagementStore store;
    private final ComputationQueue queue;
    private final EventSource events;
    private final EngagementSettings settings;
    private final TtlPolicy ttlPolicy;
    private final Clock clock;
    private final Duration saveEvery;

    public EngagementComputations(EngagementStore store, ComputationQueue queue, EventSource events,
                                  EngagementSettings settings, TtlPolicy ttlPolicy, Clock clock) {
        this(store, queue, events, settings, ttlPolicy, clock, SAVE_EVERY);
    }

    /** @param saveEvery how often a step saves a checkpoint between windows ({@link #SAVE_EVERY}) */
    EngagementComputations(EngagementStore store, ComputationQueue queue, EventSource events,
                           EngagementSettings settings, TtlPolicy ttlPolicy, Clock clock, Duration saveEvery) {
        this.saveEvery = saveEvery;
        this.store = store;
        this.queue = queue;
        this.events = events;
        this.settings = settings;
        this.ttlPolicy = ttlPolicy;
        this.clock = clock;
    }

    public EngagementStore store() {
        return store;
    }

    public EngagementSettings settings() {
        return settings;
    }

    /** Partition key: the business unit (or {@code default} for the credentials' own) and the JobID. */
    public static String key(int jobId, Integer clientId) {
        return "ENGAGEMENT#" + (clientId == null ? "default" : clientId.toString()) + "#" + jobId;
    }

    /** Events the Send's counters promise (opens and clicks counted three per unique): the inline rule's measure. */
    public static long expectedEvents(SendRecord send) {
        return orZero(send.numberSent()) + orZero(send.numberErrored()) + 3 * orZero(send.uniqueOpens())
                + 3 * orZero(send.uniqueClicks()) + orZero(send.hardBounces()) + orZero(send.softBounces())
                + orZero(send.otherBounces()) + orZero(send.unsubscribes()) + orZero(send.forwardedEmails());
    }

    boolean small(SendRecord send) {
        return expectedEvents(send) <= settings.inlineMaxEvents();
    }

    /**
     * The computation under way for the send, started now if there is none (full when there is no base yet or the
     * send has reached the full-recompute age since the last full pass, otherwise incremental), its message sent.
     * A stalled one is sent again.
     *
     * @param owner when not null, the new computation is leased to this caller (an inline run) and no message is sent
     * @return the item as written (or as found, when joined)
     */
    EngagementItem start(EngagementItem found, SendRecord send, String owner) {
        EngagementItem item = found;
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            Optional<Computation> running = item.running();
            if (running.isPresent()) {
                if (running.get().stalled(now, STALL_AFTER)) {
                    Computation revived = running.get().checkpointed(running.get().positions(),
                            running.get().checkpoint(), now, 0, null);
                    Optional<EngagementItem> written = store.write(item.withComputation(revived));
                    if (written.isPresent()) {
                        send(send.jobId(), send.clientId(), revived, Duration.ZERO);
                        return written.get();
                    }
                    item = reread(item.key());
                    continue;
                }
                return item;
            }
            Instant sentAt = send.sentDate() != null ? send.sentDate() : send.sendDate();
            boolean full = item.doneState() == null || item.computation() == null || dueForFull(item, sentAt, now);
            Instant from = full ? Computation.EPOCH : max(Computation.EPOCH,
                    item.computation().asOf().minus(settings.overlap()));
            // SFMC's dates have millisecond precision at best.
            Instant asOf = now.truncatedTo(ChronoUnit.MILLIS);
            // A send small enough for one request is read in one window per type wherever it runs: the fewest
            // Retrieves (a whole window cut short goes on in windows).
            Computation computation = Computation.start(UUID.randomUUID().toString(), full, asOf, sentAt, now, from,
                    totals(send), owner != null || small(send));
            if (owner != null) {
                computation = computation.leased(owner, Deadline.current().isNone() ? now.plus(STALL_AFTER)
                        : now.plus(Deadline.current().remaining()), now);
            }
            Optional<EngagementItem> written = store.write(item.withComputation(computation));
            if (written.isPresent()) {
                if (owner == null) {
                    send(send.jobId(), send.clientId(), computation, Duration.ZERO);
                }
                return written.get();
            }
            item = reread(item.key());
        }
        return item;
    }

    /**
     * The refresh function's part: starts a new pass for the send (or joins the one under way), unless its result
     * was completed less than {@code minInterval} ago.
     *
     * @return {@code started}, {@code joined} or {@code skipped_recent}, for the log line
     */
    public String refresh(SendRecord send, Duration minInterval) {
        String key = key(send.jobId(), send.clientId());
        EngagementItem item = store.read(key, true).orElse(EngagementItem.empty(key));
        Instant now = clock.instant();
        if (item.fetchedAt() != null && item.fetchedAt().plus(minInterval).isAfter(now)
                && item.running().isEmpty()) {
            return "skipped_recent";
        }
        boolean joined = item.running().isPresent() && !item.running().get().stalled(now, STALL_AFTER);
        start(item, send, null);
        return joined ? "joined" : "started";
    }

    /** Whether the send is old enough for a full pass and none has run since it reached that age. */
    private boolean dueForFull(EngagementItem item, Instant sentAt, Instant now) {
        if (sentAt == null) {
            return false;
        }
        Instant due = sentAt.plus(settings.fullRecomputeAfter());
        return !now.isBefore(due) && (item.fullAsOf() == null || item.fullAsOf().isBefore(due));
    }

    /**
     * One step of the computation named by {@code message}: the worker's work. {@code owner} is the invocation's
     * request id; the step reads until the current {@link Deadline} is {@link #STEP_RESERVE} away.
     */
    public StepResult step(Message message, String owner) {
        String key = key(message.jobId(), message.clientId());
        Optional<EngagementItem> found = store.read(key, true);
        Instant now = clock.instant();
        if (found.isEmpty() || found.get().computation() == null
                || !found.get().computation().id().equals(message.computationId())
                || found.get().computation().complete()) {
            return new StepResult(Step.STALE, 0, 0, 0, null);
        }
        EngagementItem item = found.get();
        Computation computation = item.computation();
        if (computation.leasedByOther(owner, now)) {
            return new StepResult(Step.BUSY, 0, computation.eventsRead(), 0, null);
        }
        Instant leaseUntil = now.plus(Deadline.current().remaining()).plusSeconds(5);
        Optional<EngagementItem> leased = store.write(item.withComputation(computation.leased(owner, leaseUntil, now)));
        if (leased.isEmpty()) {
            return new StepResult(Step.LOST_RACE, 0, computation.eventsRead(), 0, null);
        }
        return advance(leased.get(), message.jobId(), message.clientId());
    }

    /**
     * Reads the leased computation of {@code item} as far as time allows, then saves it: completed, or checkpointed
     * and continued by a message (sent after a back-off when SFMC failed), so the worker goes on with what an HTTP
     * request could not finish.
     */
    StepResult advance(EngagementItem leasedItem, int jobId, Integer clientId) {
        Checkpoint checkpoint = checkpoint(leasedItem, leasedItem.computation());
        Invocation.current().engagementComputation();
        Saved saved = new Saved(leasedItem);
        EngagementPass.Outcome outcome;
        try {
            outcome = new EngagementPass(events, settings.overlap(), STEP_RESERVE).run(jobId, clientId,
                    leasedItem.computation(), checkpoint, saveEvery, positions -> saved.progress(positions,
                            checkpoint));
        } catch (LostLease lost) {
            return new StepResult(Step.LOST_RACE, 0, lost.eventsRead, 0, null);
        }
        EngagementItem item = saved.item;
        Computation computation = item.computation();
        Instant now = clock.instant();
        long eventsRead = outcome.positions().values().stream().mapToLong(Computation.Position::read).sum();
        boolean changed = !outcome.positions().equals(computation.positions()) || computation.checkpoint() == null;
        String savedState = changed ? store.putBlob(blobName(item, computation), checkpoint.toBytes())
                : computation.checkpoint();
        if (outcome.complete()) {
            Computation done = computation.checkpointed(outcome.positions(), savedState, now, 0, null);
            Engagement engagement = checkpoint.state.result(jobId, clientId, MAX_TOP).withAsOf(computation.asOf());
            Instant freshUntil = now.plus(ttlPolicy.ttlFor(computation.sentAt(), now));
            Optional<EngagementItem> written = store.write(item.completed(json(engagement),
                    json(checkpoint.state.timeline(EngagementTimeline.Interval.HOUR)),
                    json(checkpoint.state.timeline(EngagementTimeline.Interval.DAY)), now, freshUntil, savedState, done));
            return new StepResult(written.isPresent() ? Step.COMPLETED : Step.LOST_RACE, outcome.events(), eventsRead,
                    outcome.windows(), null);
        }
        SfmcException failure = outcome.failure();
        // A step that read no window at all (one window longer than a whole step: a page that slow, or more events in
        // one second than a step can read) counts as a failure too, so that it backs off and ends instead of looping.
        boolean stuck = failure == null && outcome.windows() == 0
                && outcome.positions().equals(computation.positions());
        int failures = failure == null && !stuck ? 0 : computation.failures() + 1;
        Computation next = computation.checkpointed(outcome.positions(), savedState, now, failures,
                failure != null ? failure.code() : stuck ? NO_PROGRESS : null);
        Optional<EngagementItem> written = store.write(item.withComputation(next));
        if (written.isEmpty()) {
            return new StepResult(Step.LOST_RACE, outcome.events(), eventsRead, outcome.windows(), null);
        }
        if (failures >= MAX_FAILURES) {
            return new StepResult(Step.GAVE_UP, outcome.events(), eventsRead, outcome.windows(), failure);
        }
        send(jobId, clientId, next, backOff(failures));
        return new StepResult(failures == 0 ? Step.CONTINUED : Step.RETRYING, outcome.events(), eventsRead,
                outcome.windows(), failure);
    }

    /** A checkpoint's blob name: the item, the computation and the sequence number it is saved under. */
    private static String blobName(EngagementItem item, Computation computation) {
        return item.key().replace('#', '/') + "/" + computation.id() + "-" + (computation.seq() + 1);
    }

    /** The item as last written by the step (it changes with each checkpoint saved during the step). */
    private final class Saved {
        private EngagementItem item;

        Saved(EngagementItem item) {
            this.item = item;
        }

        /** Saves the checkpoint of {@code positions} keeping the lease; a lost write ends the step. */
        void progress(Map<String, Computation.Position> positions, Checkpoint checkpoint) {
            Computation computation = item.computation();
            String reference = store.putBlob(blobName(item, computation), checkpoint.toBytes());
            Optional<EngagementItem> written = store.write(item.withComputation(
                    computation.progressed(positions, reference, clock.instant())));
            if (written.isEmpty()) {
                throw new LostLease(positions.values().stream().mapToLong(Computation.Position::read).sum());
            }
            item = written.get();
        }
    }

    /** Another writer replaced the item during the step: nothing more of it may be saved. */
    private static final class LostLease extends RuntimeException {
        private final long eventsRead;

        LostLease(long eventsRead) {
            super(null, null, false, false);
            this.eventsRead = eventsRead;
        }
    }

    /** 0 after a success; 30 s doubling per failure in a row, at most SQS's 15 minutes. */
    static Duration backOff(int failures) {
        if (failures == 0) {
            return Duration.ZERO;
        }
        long seconds = 30L << Math.min(failures - 1, 5);
        return Duration.ofSeconds(Math.min(seconds, SqsComputationQueue.MAX_DELAY.toSeconds()));
    }

    private Checkpoint checkpoint(EngagementItem item, Computation computation) {
        if (computation.checkpoint() != null) {
            return Checkpoint.fromBytes(store.getBlob(computation.checkpoint()));
        }
        if (computation.full() || item.doneState() == null) {
            return Checkpoint.empty(computation.sentAt());
        }
        return Checkpoint.after(Checkpoint.fromBytes(store.getBlob(item.doneState())));
    }

    private void send(int jobId, Integer clientId, Computation computation, Duration delay) {
        queue.send(new Message(jobId, clientId, computation.id()), delay);
    }

    private EngagementItem reread(String key) {
        return store.read(key, true).orElse(EngagementItem.empty(key));
    }

    /** What the Send's counters say each type will hold; opens and clicks have no total (unique counts only). */
    static Map<String, Long> totals(SendRecord send) {
        Map<String, Long> totals = new LinkedHashMap<>();
        put(totals, TrackingEventType.SENT, send.numberSent());
        if (send.hardBounces() != null || send.softBounces() != null || send.otherBounces() != null) {
            totals.put(EventTypeNames.name(TrackingEventType.BOUNCE),
                    orZero(send.hardBounces()) + orZero(send.softBounces()) + orZero(send.otherBounces()));
        }
        put(totals, TrackingEventType.UNSUB, send.unsubscribes());
        put(totals, TrackingEventType.FORWARD, send.forwardedEmails());
        return totals;
    }

    private static void put(Map<String, Long> totals, TrackingEventType type, Integer value) {
        if (value != null) {
            totals.put(EventTypeNames.name(type), value.longValue());
        }
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An engagement could not be written as JSON", e);
        }
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
