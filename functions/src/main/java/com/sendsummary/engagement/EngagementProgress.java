package com.sendsummary.engagement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.events.EventTypeNames;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Accepted;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code 202} answer while a send's first engagement is computed: how far it has come. {@code types} has one
 * entry per event type, {@code total} being what the Send's counters promise (null for opens and clicks, which SFMC
 * counts only as unique).
 */
@JsonPropertyOrder({"jobId", "clientId", "status", "progress"})
public record EngagementProgress(int jobId, Integer clientId, String status, Progress progress,
                                 @JsonIgnore int retryAfterSeconds) implements Accepted {
    public static final String COMPUTING = "computing";

    @JsonPropertyOrder({"eventsRead", "startedAt", "updatedAt", "types"})
    public record Progress(long eventsRead, Instant startedAt, Instant updatedAt, Map<String, TypeProgress> types) {
    }

    @JsonPropertyOrder({"read", "total"})
    public record TypeProgress(long read, Long total) {
    }

    static EngagementProgress of(int jobId, Integer clientId, Computation computation, int retryAfterSeconds) {
        Map<String, TypeProgress> types = new LinkedHashMap<>();
        for (TrackingEventType type : TrackingEventType.values()) {
            String name = EventTypeNames.name(type);
            Computation.Position position = computation.position(type);
            types.put(name, new TypeProgress(position == null ? 0 : position.read(), computation.totals().get(name)));
        }
        return new EngagementProgress(jobId, clientId, COMPUTING, new Progress(computation.eventsRead(),
                computation.startedAt(), computation.updatedAt(), types), retryAfterSeconds);
    }
}
