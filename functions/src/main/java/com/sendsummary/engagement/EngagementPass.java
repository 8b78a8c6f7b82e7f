package com.sendsummary.engagement;

import com.sendsummary.engagement.Computation.Position;
import com.sendsummary.events.EventSource;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.sfmc.DeadlineExceededException;
import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.SfmcException;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads a computation's remaining EventDate windows into its {@link Checkpoint} while the current {@link Deadline}
 * leaves time for one more window and the checkpoint's save ({@code reserve}).
 *
 * <p>A window is read to its last SFMC page into a state of its own and merged only then, so the checkpoint never
 * holds part of a window: a window cut short (the deadline, an SFMC failure) is read again whole by the next
 * invocation, and nothing is counted twice. Window lengths adapt to the send's density: the next window is sized
 * for {@value #TARGET_WINDOW} events (about ten pages) from the density of the last one, at most four times longer or
 * shorter, between a second and 30 days; a window found to hold more than {@value #ABANDON_WINDOW} is given up at once
 * and read again shorter. Each window ends with a partly filled page, so ten pages per window keep that overhead near
 * 10% of the Retrieves, while a lost window costs at most 30 pages. SFMC's order inside a window does not matter.
 */
final class EngagementPass {
    static final Duration MIN_SPAN = Duration.ofSeconds(1);
    static final Duration MAX_SPAN = Duration.ofDays(30);
    /** The events a window is sized for. */
    static final int TARGET_WINDOW = 25_000;
    /** A window found to hold more than this is given up at once and read again shorter. */
    static final int ABANDON_WINDOW = 3 * TARGET_WINDOW;
    /** Before the send: one window from {@link Computation#EPOCH} to this long before it, expected empty. */
    static final Duration BEFORE_SEND = Duration.ofHours(1);
    /** What a window is assumed to take before one has been timed. */
    private static final Duration FIRST_ESTIMATE = Duration.ofSeconds(2);

    /**
     * How a run ended.
     *
     * @param positions the positions after the windows read (to save with the checkpoint)
     * @param complete  every type has been read up to {@code asOf}
     * @param failure   the SFMC failure that stopped it, if any (the windows before it are kept)
     */
    record Outcome(Map<String, Position> positions, boolean complete, SfmcException failure, int windows,
                   long events) {
    }

    private final EventSource events;
    private final Duration overlap;
    private final Duration reserve;

    /**
     * @param overlap how far before {@code asOf} events are remembered by identity for the next pass
     * @param reserve time kept free after the last window (saving the checkpoint, answering)
     */
    EngagementPass(EventSource events, Duration overlap, Duration reserve) {
        this.events = events;
        this.overlap = overlap;
        this.reserve = reserve;
    }

    /**
     * Reads windows of {@code computation} into {@code checkpoint}. Between windows, once {@code saveEvery} has passed
     * since the start or the last save, {@code save} hears the positions reached (the checkpoint holds exactly those
     * windows), so that progress is visible and a crash loses little even in a long step.
     */
    Outcome run(int jobId, Integer clientId, Computation computation, Checkpoint checkpoint, Duration saveEvery,
                Consumer<Map<String, Position>> save) {
        Map<String, Position> positions = new LinkedHashMap<>(computation.positions());
        Instant asOf = computation.asOf();
        Instant remembered = asOf.minus(overlap);
        Duration estimate = FIRST_ESTIMATE;
        long lastSave = System.nanoTime();
        int windows = 0;
        long read = 0;
        for (TrackingEventType type : TrackingEventType.values()) {
            Position position = positions.get(type.name());
            while (position.readUpTo().isBefore(asOf)) {
                Deadline deadline = Deadline.current();
                if (deadline.remaining().compareTo(reserve.plus(estimate.multipliedBy(3).dividedBy(2))) < 0) {
                    return new Outcome(positions, false, null, windows, read);
                }
                Duration span = Duration.ofMillis(position.spanMillis());
                Instant end = min(position.readUpTo().plus(span), asOf);
                boolean whole = span.compareTo(MAX_SPAN) > 0;
                boolean beforeSend = !whole && position.readUpTo().equals(Computation.EPOCH) && computation.sentAt() != null
                        && computation.sentAt().minus(BEFORE_SEND).isAfter(Computation.EPOCH);
                if (beforeSend) {
                    // Nothing precedes the send: one query for all of that time, then windows from the send on.
                    end = min(computation.sentAt().minus(BEFORE_SEND), asOf);
                }
                long started = System.nanoTime();
                Window window;
                try {
                    window = read(new EventQuery(type, jobId, clientId, position.readUpTo(), end.minusMillis(1),
                            false, false), checkpoint, remembered, beforeSend || whole ? MIN_SPAN : span);
                } catch (WindowTooLarge tooLarge) {
                    position = new Position(position.readUpTo(), scaled(span, TARGET_WINDOW, ABANDON_WINDOW).toMillis(),
                            position.read());
                    positions.put(type.name(), position);
                    continue;
                } catch (DeadlineExceededException cut) {
                    // The window did not fit in the time left: the next invocation tries one half as long.
                    Duration shorter = whole ? Computation.FIRST_SPAN : halve(span);
                    positions.put(type.name(), new Position(position.readUpTo(), shorter.toMillis(),
                            position.read()));
                    return new Outcome(positions, false, null, windows, read);
                } catch (SfmcException failure) {
                    return new Outcome(positions, false, failure, windows, read);
                }
                window.commit(checkpoint);
                estimate = Duration.ofNanos(System.nanoTime() - started);
                windows++;
                read += window.countedEvents;
                Duration nextSpan = beforeSend || whole ? Computation.FIRST_SPAN : next(span, window.seen);
                position = new Position(end, nextSpan.toMillis(), position.read() + window.countedEvents);
                positions.put(type.name(), position);
                if (System.nanoTime() - lastSave >= saveEvery.toNanos()) {
                    save.accept(Map.copyOf(positions));
                    lastSave = System.nanoTime();
                }
            }
        }
        return new Outcome(positions, true, null, windows, read);
    }

    private Window read(EventQuery query, Checkpoint checkpoint, Instant remembered, Duration span) {
        Window window = new Window(checkpoint, span);
        try (Stream<TrackingEvent> stream = events.events(query)) {
            stream.forEach(event -> window.add(event, remembered));
        } catch (RuntimeException failure) {
            window.rollBack();
            throw failure;
        }
        return window;
    }

    /** One window's events, kept apart until it has been read whole. */
    private static final class Window {
        private final Checkpoint checkpoint;
        private final EngagementState counted;
        private final EventLedger remembered = new EventLedger();
        private final EventLedger met = new EventLedger();
        private long seen;
        private long countedEvents;
        private final Duration span;

        Window(Checkpoint checkpoint, Duration span) {
            this.checkpoint = checkpoint;
            this.span = span;
            this.counted = EngagementState.empty(checkpoint.state.timelineStart());
        }

        void add(TrackingEvent event, Instant rememberFrom) {
            if (++seen > ABANDON_WINDOW && span.compareTo(MIN_SPAN) > 0) {
                throw new WindowTooLarge();
            }
            long identity = EventLedger.identity(event);
            if (event.eventDate() != null && !event.eventDate().isBefore(rememberFrom)) {
                remembered.record(identity);
            }
            // Met again from the previous pass's overlap: counted then, so not now. Taken out of `previous` at once
            // (a second event with the same identity is a new one) and put back if the window is abandoned.
            if (checkpoint.previous.consume(identity)) {
                met.record(identity);
                return;
            }
            counted.add(event);
            countedEvents++;
        }

        void commit(Checkpoint target) {
            target.state.merge(counted);
            target.next.merge(remembered);
        }

        void rollBack() {
            checkpoint.previous.merge(met);
        }
    }

    /** A window with more events than a step should risk: read again in halves. */
    private static final class WindowTooLarge extends RuntimeException {
        WindowTooLarge() {
            super(null, null, false, false);
        }
    }

    /** The next window's length: sized for {@link #TARGET_WINDOW} events at the last window's density. */
    private static Duration next(Duration span, long seen) {
        return scaled(span, TARGET_WINDOW, Math.max(seen, 1));
    }

    /** {@code span} times {@code target / seen}, that factor kept within [1/4, 4], the result within the bounds. */
    private static Duration scaled(Duration span, long target, long seen) {
        double factor = Math.clamp((double) target / seen, 0.25, 4.0);
        long millis = (long) (span.toMillis() * factor);
        return Duration.ofMillis(Math.clamp(millis, MIN_SPAN.toMillis(), MAX_SPAN.toMillis()));
    }

    private static Duration halve(Duration span) {
        Duration half = span.dividedBy(2);
        return half.compareTo(MIN_SPAN) < 0 ? MIN_SPAN : half;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
