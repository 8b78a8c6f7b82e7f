package com.sendsummary.sfmc;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * When the work of one request must be finished: taken from the Lambda context's remaining time (and API Gateway's
 * 30 s, counted from the request's arrival) minus a margin, so that every answer, a stale copy or our own 504, leaves
 * the function before Lambda or API Gateway gives up.
 *
 * <p>The deadline of the running request is bound to the thread with a {@link ScopedValue} by the handler
 * ({@link #run}); the steps that may block (secret read, token request, each Retrieve page, DynamoDB calls, waits
 * for a lease) read it with {@link #current()}, check it before they start and bound their own time by it. A thread
 * without a bound deadline gets {@link #NONE}. Tasks handed to other threads must be re-bound ({@link #bind}).
 */
public final class Deadline {
    /** No deadline: the work is bounded only by the steps' own timeouts. */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE);
    private static final ScopedValue<Deadline> CURRENT = ScopedValue.newInstance();

    private final long nanoTime;

    private Deadline(long nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A deadline {@code remaining} from now (zero or negative: already passed). */
    public static Deadline in(Duration remaining) {
        return new Deadline(System.nanoTime() + remaining.toNanos());
    }

    /** The deadline bound to this thread, or {@link #NONE}. */
    public static Deadline current() {
        return CURRENT.orElse(NONE);
    }

    /** Runs {@code work} with this deadline bound as {@link #current()}. */
    public <T> T run(Callable<T> work) {
        try {
            return ScopedValue.where(CURRENT, this).call(work::call);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code work} wrapped to run with this deadline bound, for handing to another thread. */
    public <T> Callable<T> bind(Callable<T> work) {
        return () -> run(work);
    }

    /**
     * For clean-up after the work (ending a lease): the time left, but at least {@code grace}, taken from the margin
     * kept for answering, so the clean-up neither blocks past the deadline for long nor is skipped when it is near.
     */
    public Deadline withGrace(Duration grace) {
        return isNone() || remaining().compareTo(grace) >= 0 ? this : in(grace);
    }

    public boolean isNone() {
        return nanoTime == Long.MAX_VALUE;
    }

    /** Time left; zero once passed; a very long duration for {@link #NONE}. */
    public Duration remaining() {
        if (isNone()) {
            return Duration.ofDays(365);
        }
        long left = nanoTime - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean hasPassed() {
        return !isNone() && nanoTime - System.nanoTime() <= 0;
    }

    /** {@code timeout}, shortened to the time left (at least 1 ms, so it stays a valid timeout). */
    public Duration cap(Duration timeout) {
        Duration left = remaining();
        Duration capped = left.compareTo(timeout) < 0 ? left : timeout;
        return capped.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : capped;
    }

    /**
     * Throws {@link DeadlineExceededException} (answered {@code 504 sfmc_timeout}, or a stale copy) if fewer than
     * {@code atLeast} remain: a step that cannot finish in time is not started.
     */
    public void check(String step, Duration atLeast) {
        if (!isNone() && remaining().compareTo(atLeast) < 0) {
            throw new DeadlineExceededException("The request's deadline left no time for " + step);
        }
    }

    public void check(String step) {
        check(step, Duration.ofMillis(1));
    }

    @Override
    public String toString() {
        return isNone() ? "Deadline[none]" : "Deadline[in " + remaining().toMillis() + " ms]";
    }
}
