package com.sendsummary.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one invocation did, counted while it runs: SFMC calls and their time, AWS calls and their time, token
 * requests, cache outcomes, engagement computations, SFMC failures by code. A Lambda container runs one invocation at
 * a time, so the current one is a plain static, reachable from every thread of the request (fan-out, the virtual
 * thread of an SFMC call) without passing it around; the counters are thread-safe. Outside an invocation (tests of
 * single classes, init) counts go to a throw-away instance.
 */
public final class Invocation {
    private static final AtomicBoolean COLD = new AtomicBoolean(true);
    private static volatile Invocation current = new Invocation(null, false);

    private final String requestId;
    private final boolean coldStart;
    private final ConcurrentMap<String, Object> fields = new ConcurrentHashMap<>();
    private final long startedNanos = System.nanoTime();
    private final LongAdder sfmcCalls = new LongAdder();
    private final LongAdder sfmcNanos = new LongAdder();
    private final LongAdder tokenRequests = new LongAdder();
    private final LongAdder engagementComputations = new LongAdder();
    private final ConcurrentMap<String, LongAdder> awsCalls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> awsNanos = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> sfmcFailures = new ConcurrentHashMap<>();

    private Invocation(String requestId, boolean coldStart) {
        this.requestId = requestId;
        this.coldStart = coldStart;
    }

    /** Starts counting a new invocation (the Lambda request id); the first of the container is its cold start. */
    public static Invocation start(String requestId) {
        Invocation invocation = new Invocation(requestId, COLD.getAndSet(false));
        current = invocation;
        return invocation;
    }

    /**
     * Forgets the invocations so far: the next one is the container's cold start again. After priming (its
     * invocations were not the container's) and after a SnapStart restore (the caller of the first invocation waited
     * for the restore).
     */
    public static void resetColdStart() {
        current = new Invocation(null, false);
        COLD.set(true);
    }

    public static Invocation current() {
        return current;
    }

    /** A field of the invocation's log line, e.g. the JobID once the request is parsed; null values are dropped. */
    public void field(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /** The fields set so far, in name order. */
    public Map<String, Object> fields() {
        return new TreeMap<>(fields);
    }

    /** The Lambda request id, null outside an invocation. */
    public String requestId() {
        return requestId;
    }

    public void sfmcCall(long nanos) {
        sfmcCalls.increment();
        sfmcNanos.add(nanos);
    }

    public void sfmcFailure(String code) {
        sfmcFailures.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void tokenRequest() {
        tokenRequests.increment();
    }

    public void engagementComputation() {
        engagementComputations.increment();
    }

    /** One call of an AWS service ({@code DynamoDB}, {@code Secrets Manager}...). */
    public void awsCall(String service, long nanos) {
        awsCalls.computeIfAbsent(service, s -> new LongAdder()).increment();
        awsNanos.computeIfAbsent(service, s -> new LongAdder()).add(nanos);
    }

    /** One answer's cache status ({@code hit}, {@code miss}, {@code stale}, {@code refreshed}). */
    public void cache(String status) {
        cache.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    public boolean coldStart() {
        return coldStart;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public long sfmcCalls() {
        return sfmcCalls.sum();
    }

    public long sfmcMillis() {
        return sfmcNanos.sum() / 1_000_000;
    }

    public long tokenRequests() {
        return tokenRequests.sum();
    }

    public long engagementComputations() {
        return engagementComputations.sum();
    }

    public long awsCalls(String service) {
        LongAdder calls = awsCalls.get(service);
        return calls == null ? 0 : calls.sum();
    }

    public long awsMillis(String service) {
        LongAdder nanos = awsNanos.get(service);
        return nanos == null ? 0 : nanos.sum() / 1_000_000;
    }

    /** Cache outcomes seen, by status. */
    public Map<String, Long> cacheCounts() {
        Map<String, Long> counts = new TreeMap<>();
        cache.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    /** SFMC failures seen (including those answered with a stale copy or retried), by code. */
    public Map<String, Long> sfmcFailures() {
        Map<String, Long> counts = new TreeMap<>();
        sfmcFailures.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }
}
