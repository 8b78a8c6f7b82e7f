package com.sendsummary.summary;

import com.sendsummary.sfmc.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one blocking task per input on virtual threads, at most {@code maxInFlight} at a time, and returns once every
 * started task has finished: the bounded concurrency of the SFMC and DynamoDB calls made for one request. The
 * permits are per call, which bounds the container too, since a Lambda container serves one request at a time. Each
 * task runs under the caller's {@link Deadline}.
 */
final class BoundedFanOut {
    private final int maxInFlight;

    BoundedFanOut(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * The task's results in input order; the first exception a task threw is rethrown after all have finished. An
     * input whose task cannot start before the caller's deadline gets {@code notStarted.apply(input)} instead; tasks
     * already running are bounded by the deadline themselves.
     */
    <T, R> List<R> map(List<T> inputs, Function<T, R> task, Function<T, R> notStarted) {
        Deadline deadline = Deadline.current();
        if (inputs.size() == 1) {
            // One task gains nothing from another thread.
            List<R> single = new ArrayList<>(1);
            single.add(deadline.hasPassed() ? notStarted.apply(inputs.getFirst()) : task.apply(inputs.getFirst()));
            return single;
        }
        Semaphore permits = new Semaphore(maxInFlight);
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T input : inputs) {
                if (!acquire(permits, deadline)) {
                    futures.add(CompletableFuture.completedFuture(notStarted.apply(input)));
                    continue;
                }
                futures.add(executor.submit(deadline.bind(() -> {
                    try {
                        return task.apply(input);
                    } finally {
                        permits.release();
                    }
                })));
            }
        } // close() waits for every submitted task
        List<R> results = new ArrayList<>(futures.size());
        for (Future<R> future : futures) {
            if (future.state() == Future.State.FAILED) {
                throw rethrowable(future.exceptionNow());
            }
            results.add(future.resultNow());
        }
        return results;
    }

    /** Like {@link #map(List, Function, Function)} for tasks that need no deadline fallback. */
    <T, R> List<R> map(List<T> inputs, Function<T, R> task) {
        return map(inputs, task, input -> task.apply(input));
    }

    private static boolean acquire(Semaphore permits, Deadline deadline) {
        try {
            if (deadline.isNone()) {
                permits.acquire();
                return true;
            }
            long remaining = deadline.remaining().toNanos();
            return remaining > 0 && permits.tryAcquire(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to start a task", e);
        }
    }

    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }
}
