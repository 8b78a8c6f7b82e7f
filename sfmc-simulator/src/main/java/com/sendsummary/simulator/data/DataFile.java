package com.sendsummary.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.simulator.faults.FaultRule;
import java.util.List;

/**
 * The JSON data file as written. {@code events} holds explicit rows and generators (an entry with {@code count} is a
 * generator); {@code eventGenerators} may hold more generators.
 */
public record DataFile(List<BusinessUnit> businessUnits, List<ApiClient> clients, List<ApiUser> users,
                       List<SendRow> sends, List<JsonNode> events, List<EventGenerator> eventGenerators,
                       List<FaultRule> faults) {

    public DataFile {
        businessUnits = businessUnits == null ? List.of() : List.copyOf(businessUnits);
        clients = clients == null ? List.of() : List.copyOf(clients);
        users = users == null ? List.of() : List.copyOf(users);
        sends = sends == null ? List.of() : List.copyOf(sends);
        events = events == null ? List.of() : List.copyOf(events);
        eventGenerators = eventGenerators == null ? List.of() : List.copyOf(eventGenerators);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** This file followed by another, as if both were written in one (a later send with the same ID wins). */
    public DataFile plus(DataFile other) {
        return new DataFile(concat(businessUnits, other.businessUnits), concat(clients, other.clients),
                concat(users, other.users), concat(sends, other.sends), concat(events, other.events),
                concat(eventGenerators, other.eventGenerators), concat(faults, other.faults));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
