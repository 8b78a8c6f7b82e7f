package com.sendsummary.engagement;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /sends/{jobId}/engagement/timeline}: the stored timeline of the last complete pass. */
@JsonPropertyOrder({"jobId", "clientId", "status", "asOf", "interval", "start", "buckets", "beforeStart", "later"})
public record TimelineAnswer(int jobId, Integer clientId, String status, Instant asOf, String interval,
                             Instant start, List<EngagementTimeline.Bucket> buckets, long beforeStart, long later) {

    static TimelineAnswer of(int jobId, Integer clientId, String status, Instant asOf, EngagementTimeline timeline) {
        return new TimelineAnswer(jobId, clientId, status, asOf,
                timeline.interval().name().toLowerCase(java.util.Locale.ROOT), timeline.start(), timeline.buckets(),
                timeline.beforeStart(), timeline.later());
    }
}
