package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** A validated {@code GET /sends/{jobId}/summary?clientId=&refresh=} request. */
record SummaryRequest(int jobId, Integer clientId, boolean refresh) {

    static SummaryRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = Identifiers.query(event);
        return new SummaryRequest(Identifiers.jobId(event, "/sends/910001/summary"), Identifiers.clientId(query),
                Identifiers.refresh(query.get("refresh")));
    }
}
