package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.engagement.EngagementService;
import java.util.Map;

/** A validated {@code GET /sends/{jobId}/engagement?clientId=&refresh=&top=} request. */
record EngagementRequest(int jobId, Integer clientId, boolean refresh, int top) {
    static final int DEFAULT_TOP = 10;

    static EngagementRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = Identifiers.query(event);
        return new EngagementRequest(Identifiers.jobId(event, "/sends/910001/engagement"), Identifiers.clientId(query),
                Identifiers.refresh(query.get("refresh")), top(query.get("top")));
    }

    private static int top(String value) {
        if (value == null) {
            return DEFAULT_TOP;
        }
        Integer top = Identifiers.positiveInt(value);
        if (top == null || top > EngagementService.MAX_TOP) {
            throw new InvalidRequestException("invalid_top",
                    "top must be a whole number from 1 to " + EngagementService.MAX_TOP);
        }
        return top;
    }
}
