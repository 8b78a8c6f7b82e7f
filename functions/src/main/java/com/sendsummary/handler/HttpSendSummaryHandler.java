package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sendsummary.config.Config;
import com.sendsummary.summary.SummaryService;

/**
 * {@code GET /sends/{jobId}/summary} behind an API Gateway HTTP API (payload 2.0).
 *
 * <p>Query: {@code clientId} (MID of a child business unit, optional), {@code refresh=true} (bypass the cache).
 * Responses: 200 with the summary JSON; 400 {@code invalid_job_id|invalid_client_id|invalid_refresh}; 404
 * {@code send_not_found}; 502/503/504 when SFMC fails; 500 on misconfiguration. Environment: see {@link Config}.
 */
public final class HttpSendSummaryHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SummaryService summaries;

    public HttpSendSummaryHandler() {
        this(Wiring.summaryService(Config.fromEnvironment(System.getenv())));
    }

    HttpSendSummaryHandler(SummaryService summaries) {
        this.summaries = summaries;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            SummaryRequest request = SummaryRequest.from(event);
            return HttpResponses.ok(summaries.summary(request.jobId(), request.clientId(), request.refresh()));
        } catch (RuntimeException e) {
            return HttpResponses.error(e, context.getLogger());
        }
    }
}
