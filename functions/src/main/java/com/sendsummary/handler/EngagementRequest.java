package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.engagement.EngagementService;

/** A validated {@code GET /sends/{jobId}/engagement?clientId=&refresh=&top=} request. */
record EngagementRequest(int jobId, Integer clientId, boolean refresh, int top) {
    static final int DEFAULT_TOP = 10;

    static EngagementRequest from(APIGatewayV2HTTPEvent event) {
        RequestParameters parameters = RequestParameters.of(event);
        return new EngagementRequest(parameters.jobId("/sends/910001/engagement"), parameters.clientId(),
                parameters.flag("refresh"), parameters.count("top", DEFAULT_TOP, EngagementService.MAX_TOP));
    }
}
