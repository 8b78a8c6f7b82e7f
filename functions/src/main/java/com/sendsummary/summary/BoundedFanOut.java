package com.sendsummary.summary;

import java.time.Duration;
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
 * permits are per call, which bounds the container too, since a Lambda container serves one request at a time.
 */
final class BoundedFanOut {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final int maxInFlight;

    BoundedFanOut(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    /** The task's results in input order; the first exception a task threw is rethrown after all have finished. */
    <T, R> List<R> map(List<T> inputs, Function<T, R> task) {
        return run(inputs, task, NO_DEADLINE, input -> {
            throw new IllegalStateException("unreachable: no deadline");
        });
    }

    /**
     * Like {@link #map(List, Function)}, but an input whose task cannot start within {@code startBudget} (measured
     * from now) gets {@code notStarted.apply(input)} instead; tasks already running are never cut short.
     */
    <T, R> List<R> map(List<T> inputs, Function<T, R> task, Duration startBudget, Function<T, R> notStarted) {
        return run(inputs, task, System.nanoTime() + startBudget.toNanos(), notStarted);
    }

    private <T, R> List<R> run(List<T> inputs, Function<T, R> task, long deadline, Function<T, R> notStarted) {
        if (inputs.size() == 1) {
            // One task gains nothing from another thread.
            List<R> single = new ArrayList<>(1);
            single.add(task.apply(inputs.getFirst()));
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
                futures.add(executor.submit(() -> {
                    try {
                        return task.apply(input);
                    } finally {
                        permits.release();
                    }
                }));
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

    private static boolean acquire(Semaphore permits, long deadline) {
        try {
            if (deadline == NO_DEADLINE) {
                permits.acquire();
                return true;
            }
            long remaining = deadline - System.nanoTime();
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
