package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sendsummary.config.BusinessUnits;
import com.sendsummary.config.Config;
import com.sendsummary.engagement.EngagementService;
import com.sendsummary.events.EventPageRequest;
import com.sendsummary.events.EventsService;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.summary.BatchSummaryService;
import com.sendsummary.summary.SendListingService;
import com.sendsummary.summary.SummaryService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API function (API Gateway HTTP API, payload 2.0); dispatches on the event's {@code routeKey}.
 *
 * <p>{@code GET /sends/{jobId}/summary}: query {@code clientId} (MID of a child business unit, optional),
 * {@code refresh=true} (bypass the cache). Responses: 200 with the summary JSON; 400
 * {@code invalid_job_id|invalid_client_id|invalid_refresh}; 404 {@code send_not_found}; 502/503/504 when SFMC
 * fails; 500 on misconfiguration. Every error body is {@code {"error":"<code>","message":"..."}}.
 *
 * <p>{@code GET /sends?from=&to=&clientId=&limit=&cursor=}: the sends whose SendDate lies in [from, to] (at most 93
 * days), {@code limit} (1 to 200, default 50) per page, each with its summary counters; {@code nextCursor} continues.
 * 400 {@code missing_parameter|invalid_window|invalid_client_id|invalid_limit|invalid_cursor} (see
 * {@link SendListingRequest}); 409 {@code cursor_stale} when the window changed between pages.
 *
 * <p>{@code POST /sends/summaries} with {@code {"jobIds":[...],"clientId":...}}: up to 100 summaries, with one
 * error per JobID that has none; 400 {@code invalid_body|invalid_job_ids|too_many_job_ids|invalid_client_id} (see
 * {@link BatchSummariesRequest}).
 *
 * <p>{@code GET /sends/{jobId}/events?type=&from=&to=&limit=&cursor=&clientId=}: one page of the send's tracking
 * events of one type, {@code nextCursor} continues (see {@link com.sendsummary.events.EventsService}); 400
 * {@code invalid_job_id|invalid_client_id|invalid_event_type|invalid_window|invalid_limit|invalid_cursor}; 404
 * {@code send_not_found} (first page only); 502 {@code sfmc_unordered_events} when a page resumed by date finds SFMC's
 * order is not by date.
 *
 * <p>{@code GET /sends/{jobId}/engagement?clientId=&refresh=&top=}: opens, clicks, bounces, top URLs and per-type
 * counts computed from the events, cached like the summary; 400
 * {@code invalid_job_id|invalid_client_id|invalid_refresh|invalid_top}; 404 {@code send_not_found}.
 *
 * <p>Summary and engagement answers carry {@code ETag}, {@code Last-Modified} and {@code Cache-Control: private,
 * max-age=...} and honour {@code If-None-Match} (304); the others and every error are {@code no-store} (see
 * {@link HttpResponses}). The contract of every route is docs/openapi.yaml. Environment: see {@link Config}.
 */
public final class HttpSendSummaryHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String SUMMARY_ROUTE = "GET /sends/{jobId}/summary";
    static final String LIST_ROUTE = "GET /sends";
    static final String BATCH_ROUTE = "POST /sends/summaries";
    static final String EVENTS_ROUTE = "GET /sends/{jobId}/events";
    static final String ENGAGEMENT_ROUTE = "GET /sends/{jobId}/engagement";
    /**
     * Every route key this function serves: template.yaml's events, its DefinitionBody, the local runner and
     * docs/openapi.yaml name the same set (checked by {@code RouteTableTest} in local/).
     */
    public static final List<String> ROUTE_KEYS =
            List.of(SUMMARY_ROUTE, LIST_ROUTE, BATCH_ROUTE, EVENTS_ROUTE, ENGAGEMENT_ROUTE);

    /** API Gateway HTTP APIs give an integration at most 30 s, counted from the request's arrival. */
    static final Duration API_GATEWAY_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, HttpRoute> routes;
    private final Duration deadlineMargin;

    public HttpSendSummaryHandler() {
        this(Wiring.fromEnvironment());
    }

    private HttpSendSummaryHandler(Wiring wiring) {
        this(routes(wiring), wiring.config().deadlineMargin());
    }

    HttpSendSummaryHandler(Map<String, HttpRoute> routes, Duration deadlineMargin) {
        this.routes = routes;
        this.deadlineMargin = deadlineMargin;
    }

    static Map<String, HttpRoute> routes(Wiring wiring) {
        SummaryService summaries = wiring.summaryService();
        SendListingService listing = wiring.sendListingService();
        BatchSummaryService batch = wiring.batchSummaryService();
        EventsService events = wiring.eventsService();
        EngagementService engagements = wiring.engagementService();
        // Every route checks the business unit it is asked for against ALLOWED_CLIENT_IDS before anything is read.
        BusinessUnits units = wiring.config().businessUnits();
        return Map.of(
                SUMMARY_ROUTE, event -> {
                    SummaryRequest request = SummaryRequest.from(event);
                    units.check(request.clientId());
                    return summaries.summary(request.jobId(), request.clientId(), request.refresh());
                },
                LIST_ROUTE, event -> {
                    SendListingRequest request = SendListingRequest.from(event);
                    units.check(request.window().clientId());
                    return SendListingResponse.of(request,
                            listing.page(request.window(), request.limit(), request.after()));
                },
                BATCH_ROUTE, event -> {
                    BatchSummariesRequest request = BatchSummariesRequest.from(event);
                    units.check(request.clientId());
                    return BatchSummariesResponse.of(batch.summaries(request.jobIds(), request.clientId()),
                            LambdaRuntime.getLogger());
                },
                EVENTS_ROUTE, event -> {
                    EventPageRequest request = EventsRequest.from(event, wiring.clock().instant());
                    units.check(request.selection().clientId());
                    return events.page(request);
                },
                ENGAGEMENT_ROUTE, event -> {
                    EngagementRequest request = EngagementRequest.from(event);
                    units.check(request.clientId());
                    return engagements.engagement(request.jobId(), request.clientId(), request.refresh(),
                            request.top());
                });
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HttpRoute route = event.getRouteKey() == null ? null : routes.get(event.getRouteKey());
        if (route == null) {
            return HttpResponses.error(404, "route_not_found", "No such route");
        }
        String requestId = context.getAwsRequestId() == null ? "" : context.getAwsRequestId();
        return ScopedValue.where(HttpResponses.REQUEST_ID, requestId).call(() -> {
            try {
                return HttpResponses.ok(deadline(event, context).run(() -> route.handle(event)), event);
            } catch (RuntimeException e) {
                return HttpResponses.error(e, context.getLogger());
            }
        });
    }

    /**
     * The request's deadline: the earlier of the function's remaining time and API Gateway's 30 s from the request's
     * arrival ({@code requestContext.timeEpoch}, which also counts a cold start), less the margin kept for answering.
     */
    Deadline deadline(APIGatewayV2HTTPEvent event, Context context) {
        long now = System.currentTimeMillis();
        long remaining = context.getRemainingTimeInMillis();
        long arrived = event.getRequestContext() == null ? 0 : event.getRequestContext().getTimeEpoch();
        if (arrived > now - API_GATEWAY_TIMEOUT.toMillis() && arrived <= now + 1_000) {
            remaining = Math.min(remaining, arrived + API_GATEWAY_TIMEOUT.toMillis() - now);
        }
        return Deadline.in(Duration.ofMillis(remaining).minus(deadlineMargin));
    }
}
