package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.engagement.EngagementTimeline;

/** A validated {@code GET /sends/{jobId}/engagement/timeline?clientId=&interval=hour|day} request (default hour). */
record TimelineRequest(int jobId, Integer clientId, EngagementTimeline.Interval interval) {

    static TimelineRequest from(APIGatewayV2HTTPEvent event) {
        RequestParameters parameters = RequestParameters.of(event);
        return new TimelineRequest(parameters.jobId("/sends/910001/engagement/timeline"), parameters.clientId(),
                switch (parameters.text("interval").orElse("hour")) {
                    case "hour" -> EngagementTimeline.Interval.HOUR;
                    case "day" -> EngagementTimeline.Interval.DAY;
                    default -> throw new InvalidRequestException("invalid_interval", "interval must be hour or day");
                });
    }
}
