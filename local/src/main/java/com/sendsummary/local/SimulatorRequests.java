package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's request counts: {@code {"token":N,"Retrieve":{"Send":N,"OpenEvent":N,...},"total":N}}.
 *
 * @param token    token requests ({@code POST /v2/token})
 * @param retrieve Retrieve calls by ObjectType (absent types count 0, see {@link #retrieve(String)})
 * @param total    every request received
 * @param raw      the document as received, for anything added later
 */
public record SimulatorRequests(int token, Map<String, Integer> retrieve, int total, JsonNode raw) {

    public SimulatorRequests {
        retrieve = Map.copyOf(retrieve);
    }

    static SimulatorRequests from(JsonNode json) {
        Map<String, Integer> retrieve = new TreeMap<>();
        json.path("Retrieve").properties().forEach(entry -> retrieve.put(entry.getKey(), entry.getValue().asInt()));
        return new SimulatorRequests(json.path("token").asInt(), retrieve, json.path("total").asInt(), json);
    }

    /** Retrieve calls for one ObjectType, e.g. {@code "Send"} or {@code "OpenEvent"}; 0 when none. */
    public int retrieve(String objectType) {
        return retrieve.getOrDefault(objectType, 0);
    }

    /** All Retrieve calls, whatever the ObjectType. */
    public int retrieveTotal() {
        return retrieve.values().stream().mapToInt(Integer::intValue).sum();
    }
}
