package com.sendsummary.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * One page of {@code GET /sends/{jobId}/events}. {@code from}/{@code to} are the window actually read ({@code from}
 * null = no lower bound, from the beginning of the send); {@code nextCursor} is null on the last page.
 */
@JsonPropertyOrder({"jobId", "clientId", "type", "from", "to", "events", "nextCursor"})
public record EventsPage(int jobId, Integer clientId, String type, Instant from, Instant to, List<EventItem> events,
                         String nextCursor) {
}
