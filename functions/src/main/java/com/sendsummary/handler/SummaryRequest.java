package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** A validated {@code GET /sends/{jobId}/summary?clientId=&refresh=} request. */
record SummaryRequest(int jobId, Integer clientId, boolean refresh) {

    static SummaryRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();

        Integer jobId = Identifiers.positiveInt(path.get("jobId"));
        if (jobId == null) {
            throw new InvalidRequestException("invalid_job_id",
                    "jobId must be a positive 32-bit integer (an SFMC JobID), e.g. /sends/910001/summary");
        }
        Integer clientId = null;
        if (query.containsKey("clientId")) {
            clientId = Identifiers.positiveInt(query.get("clientId"));
            if (clientId == null) {
                throw new InvalidRequestException("invalid_client_id",
                        "clientId must be a positive 32-bit integer (the MID of a business unit)");
            }
        }
        return new SummaryRequest(jobId, clientId, parseRefresh(query.get("refresh")));
    }

    private static boolean parseRefresh(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("invalid_refresh", "refresh must be true or false");
    }
}
