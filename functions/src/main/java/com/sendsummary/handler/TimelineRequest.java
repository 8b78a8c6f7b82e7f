package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.engagement.EngagementTimeline;
import java.util.Map;

/** A validated {@code GET /sends/{jobId}/engagement/timeline?clientId=&interval=hour|day} request (default hour). */
record TimelineRequest(int jobId, Integer clientId, EngagementTimeline.Interval interval) {
    private static final Map<String, EngagementTimeline.Interval> INTERVALS =
            Map.of("hour", EngagementTimeline.Interval.HOUR, "day", EngagementTimeline.Interval.DAY);

    static TimelineRequest from(APIGatewayV2HTTPEvent event) {
        RequestParameters parameters = RequestParameters.of(event);
        String interval = parameters.text("interval").orElse("hour");
        if (!INTERVALS.containsKey(interval)) {
            throw new InvalidRequestException("invalid_interval", "interval must be hour or day");
        }
        return new TimelineRequest(parameters.jobId("/sends/910001/engagement/timeline"), parameters.clientId(),
                INTERVALS.get(interval));
    }
}
