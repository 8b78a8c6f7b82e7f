package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** A validated {@code GET /sends/{jobId}/summary?clientId=&refresh=} request. */
record SummaryRequest(int jobId, Integer clientId, boolean refresh) {

    static SummaryRequest from(APIGatewayV2HTTPEvent event) {
        RequestParameters parameters = RequestParameters.of(event);
        return new SummaryRequest(parameters.jobId("/sends/910001/summary"), parameters.clientId(),
                parameters.flag("refresh"));
    }
}
