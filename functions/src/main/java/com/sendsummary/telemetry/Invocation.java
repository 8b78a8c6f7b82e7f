package com.sendsummary.telemetry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong sfmcCalls = new AtomicLong();
    private final AtomicLong sfmcNanos = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong engagementComputations = new AtomicLong();
    private final ConcurrentMap<String, AtomicLong> awsCalls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> awsNanos = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> sfmcFailures = new ConcurrentHashMap<>();

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
        sfmcCalls.incrementAndGet();
        sfmcNanos.addAndGet(nanos);
    }

    public void sfmcFailure(String code) {
        sfmcFailures.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    public void tokenRequest() {
        tokenRequests.incrementAndGet();
    }

    public void engagementComputation() {
        engagementComputations.incrementAndGet();
    }

    /** One call of an AWS service ({@code DynamoDB}, {@code Secrets Manager}...). */
    public void awsCall(String service, long nanos) {
        awsCalls.computeIfAbsent(service, s -> new AtomicLong()).incrementAndGet();
        awsNanos.computeIfAbsent(service, s -> new AtomicLong()).addAndGet(nanos);
    }

    /** One answer's cache status ({@code hit}, {@code miss}, {@code stale}, {@code refreshed}). */
    public void cache(String status) {
        cache.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    public boolean coldStart() {
        return coldStart;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public long sfmcCalls() {
        return sfmcCalls.get();
    }

    public long sfmcMillis() {
        return sfmcNanos.get() / 1_000_000;
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    public long engagementComputations() {
        return engagementComputations.get();
    }

    public long awsCalls(String service) {
        AtomicLong calls = awsCalls.get(service);
        return calls == null ? 0 : calls.get();
    }

    public long awsMillis(String service) {
        AtomicLong nanos = awsNanos.get(service);
        return nanos == null ? 0 : nanos.get() / 1_000_000;
    }

    /** Cache outcomes seen, by status. */
    public Map<String, Long> cacheCounts() {
        Map<String, Long> counts = new TreeMap<>();
        cache.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /** SFMC failures seen (including those answered with a stale copy or retried), by code. */
    public Map<String, Long> sfmcFailures() {
        Map<String, Long> counts = new TreeMap<>();
        sfmcFailures.forEach((code, count) -> counts.put(code, count.get()));
        return counts;
    }
}
