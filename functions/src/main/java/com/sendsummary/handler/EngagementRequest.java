package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.engagement.EngagementService;
import java.util.Map;

/** A validated {@code GET /sends/{jobId}/engagement?clientId=&refresh=&top=} request. */
record EngagementRequest(int jobId, Integer clientId, boolean refresh, int top) {
    static final int DEFAULT_TOP = 10;

    static EngagementRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();

        Integer jobId = Identifiers.positiveInt(path.get("jobId"));
        if (jobId == null) {
            throw new InvalidRequestException("invalid_job_id",
                    "jobId must be a positive 32-bit integer (an SFMC JobID), e.g. /sends/910001/engagement");
        }
        Integer clientId = null;
        if (query.containsKey("clientId")) {
            clientId = Identifiers.positiveInt(query.get("clientId"));
            if (clientId == null) {
                throw new InvalidRequestException("invalid_client_id",
                        "clientId must be a positive 32-bit integer (the MID of a business unit)");
            }
        }
        return new EngagementRequest(jobId, clientId, refresh(query.get("refresh")), top(query.get("top")));
    }

    private static boolean refresh(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("invalid_refresh", "refresh must be true or false");
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
