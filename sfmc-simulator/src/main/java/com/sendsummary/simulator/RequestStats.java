package com.sendsummary.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts requests and keeps the last {@value #LOG_SIZE} summaries. Thread-safe. */
public final class RequestStats {

    public static final int LOG_SIZE = 500;
    public static final String UNKNOWN = "unknown";

    private final Map<String, Map<String, Integer>> soap = new TreeMap<>();
    private final Deque<RequestSummary> log = new ArrayDeque<>();
    private int token;

    public synchronized void record(RequestSummary summary) {
        if (summary.operation().equals("token")) {
            token++;
        } else {
            String objectType = summary.objectType() == null ? UNKNOWN : summary.objectType();
            soap.computeIfAbsent(summary.operation(), key -> new TreeMap<>()).merge(objectType, 1, Integer::sum);
        }
        if (log.size() == LOG_SIZE) {
            log.removeFirst();
        }
        log.addLast(summary);
    }

    public synchronized RequestCounts counts() {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        soap.forEach(copy::put);
        copy.putIfAbsent("Retrieve", Map.of());
        int total = token + soap.values().stream()
                .flatMap(types -> types.values().stream()).mapToInt(Integer::intValue).sum();
        return new RequestCounts(token, copy, total);
    }

    public synchronized List<RequestSummary> log() {
        return List.copyOf(log);
    }

    public synchronized void reset() {
        soap.clear();
        log.clear();
        token = 0;
    }
}
