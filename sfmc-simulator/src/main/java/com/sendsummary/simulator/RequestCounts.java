package com.sendsummary.simulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many requests the simulator received: token requests, SOAP requests per operation and object type
 * (continuations count under their object type), and the total of both.
 */
public record RequestCounts(int token, Map<String, Map<String, Integer>> soap, int total) {

    public RequestCounts {
        Map<String, Map<String, Integer>> sorted = new TreeMap<>();
        soap.forEach((operation, types) -> sorted.put(operation, Collections.unmodifiableMap(new TreeMap<>(types))));
        soap = Collections.unmodifiableMap(sorted);
    }

    /** Retrieve requests per ObjectType. */
    public Map<String, Integer> retrieve() {
        return soap.getOrDefault("Retrieve", Map.of());
    }

    /** Retrieve requests for one ObjectType (0 if none). */
    public int retrieve(String objectType) {
        return retrieve().getOrDefault(objectType, 0);
    }

    /** Retrieve requests of every ObjectType. */
    public int retrieveTotal() {
        return retrieve().values().stream().mapToInt(Integer::intValue).sum();
    }
}
