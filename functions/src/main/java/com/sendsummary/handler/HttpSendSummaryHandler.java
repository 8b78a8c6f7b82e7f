package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sendsummary.config.Config;
import com.sendsummary.summary.SummaryService;
import java.util.Map;

/**
 * The HTTP API function (API Gateway HTTP API, payload 2.0); dispatches on the event's {@code routeKey}.
 *
 * <p>{@code GET /sends/{jobId}/summary}: query {@code clientId} (MID of a child business unit, optional),
 * {@code refresh=true} (bypass the cache). Responses: 200 with the summary JSON; 400
 * {@code invalid_job_id|invalid_client_id|invalid_refresh}; 404 {@code send_not_found}; 502/503/504 when SFMC
 * fails; 500 on misconfiguration. Every error body is {@code {"error":"<code>","message":"..."}}.
 * Environment: see {@link Config}.
 */
public final class HttpSendSummaryHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String SUMMARY_ROUTE = "GET /sends/{jobId}/summary";

    private final Map<String, HttpRoute> routes;

    public HttpSendSummaryHandler() {
        this(routes(Wiring.fromEnvironment()));
    }

    HttpSendSummaryHandler(Map<String, HttpRoute> routes) {
        this.routes = routes;
    }

    static Map<String, HttpRoute> routes(Wiring wiring) {
        SummaryService summaries = wiring.summaryService();
        return Map.of(
                SUMMARY_ROUTE, event -> {
                    SummaryRequest request = SummaryRequest.from(event);
                    return summaries.summary(request.jobId(), request.clientId(), request.refresh());
                });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRoute route = routes.get(event.getRouteKey());
        if (route == null) {
            return HttpResponses.error(404, "route_not_found", "No such route");
        }
        try {
            return HttpResponses.ok(route.handle(event));
        } catch (RuntimeException e) {
            return HttpResponses.error(e, context.getLogger());
        }
    }
}
