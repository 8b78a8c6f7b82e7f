package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.config.BusinessUnits;
import com.sendsummary.config.Config;
import com.sendsummary.events.EventPageRequest;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.summary.Cached;
import com.sendsummary.summary.Json;
import com.sendsummary.telemetry.Invocation;
import com.sendsummary.telemetry.Log;
import com.sendsummary.telemetry.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * counts computed from the events (in the background for large sends: 202 {@code computing} with progress until the
 * first result; see {@link com.sendsummary.engagement.EngagementService}); 400
 * {@code invalid_job_id|invalid_client_id|invalid_refresh|invalid_top}; 404 {@code send_not_found}.
 * {@code GET /sends/{jobId}/engagement/timeline?clientId=&interval=hour|day}: opens, clicks, bounces and
 * unsubscribes per hour for 7 days after the send, then per day (or per day throughout); 400 also
 * {@code invalid_interval}.
 *
 * <p>Summary and engagement answers carry {@code ETag}, {@code Last-Modified} and {@code Cache-Control: private,
 * max-age=...} and honour {@code If-None-Match} (304); the others and every error are {@code no-store} (see
 * {@link HttpResponses}). The contract of every route is docs/openapi.yaml. Environment: see {@link Config}.
 */
public final class HttpSendSummaryHandler implements RequestStreamHandler {
    static final String SUMMARY_ROUTE = "GET /sends/{jobId}/summary";
    static final String LIST_ROUTE = "GET /sends";
    static final String BATCH_ROUTE = "POST /sends/summaries";
    static final String EVENTS_ROUTE = "GET /sends/{jobId}/events";
    static final String ENGAGEMENT_ROUTE = "GET /sends/{jobId}/engagement";
    static final String TIMELINE_ROUTE = "GET /sends/{jobId}/engagement/timeline";
    /**
     * Every route key this function serves: template.yaml's events, its DefinitionBody, the local runner and
     * docs/openapi.yaml name the same set (checked by {@code RouteTableTest} in local/).
     */
    public static final List<String> ROUTE_KEYS =
            List.of(SUMMARY_ROUTE, LIST_ROUTE, BATCH_ROUTE, EVENTS_ROUTE, ENGAGEMENT_ROUTE, TIMELINE_ROUTE);

    /** API Gateway HTTP APIs give an integration at most 30 s, counted from the request's arrival. */
    static final Duration API_GATEWAY_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, HttpRoute> routes;
    private final Duration deadlineMargin;

    public HttpSendSummaryHandler() {
        // The hit's own work (JSON, answer, log line) runs on a second thread while this one builds the container's
        // clients (arguments are evaluated in order).
        this(Priming.startAtInit("http", System.getenv(), Priming::httpJson), Wiring.fromEnvironment());
    }

    private HttpSendSummaryHandler(Priming.InitPath hitPath, Wiring wiring) {
        this(routes(wiring.httpServices()), wiring.config().deadlineMargin());
        Priming.register("http", wiring.config(), () -> Priming.http(wiring.config()));
        hitPath.await();
    }

    HttpSendSummaryHandler(Map<String, HttpRoute> routes, Duration deadlineMargin) {
        this.routes = routes;
        this.deadlineMargin = deadlineMargin;
    }

    static Map<String, HttpRoute> routes(HttpServices services) {
        // Every route checks the business unit it is asked for against ALLOWED_CLIENT_IDS before anything is read.
        BusinessUnits units = services.units();
        return Map.of(
                SUMMARY_ROUTE, event -> {
                    SummaryRequest request = SummaryRequest.from(event);
                    subject(request.jobId(), request.clientId());
                    units.check(request.clientId());
                    return services.summaries().summary(request.jobId(), request.clientId(), request.refresh());
                },
                LIST_ROUTE, event -> {
                    SendListingRequest request = SendListingRequest.from(event, services.cursors());
                    subject(null, request.window().clientId());
                    units.check(request.window().clientId());
                    return SendListingResponse.of(request,
                            services.listing().page(request.window(), request.limit(), request.after()),
                            services.cursors());
                },
                BATCH_ROUTE, event -> {
                    BatchSummariesRequest request = BatchSummariesRequest.from(event);
                    subject(null, request.clientId());
                    Invocation.current().field("jobIds", request.jobIds().size());
                    units.check(request.clientId());
                    return BatchSummariesResponse.of(services.batch().summaries(request.jobIds(), request.clientId()),
                            LambdaRuntime.getLogger());
                },
                EVENTS_ROUTE, event -> {
                    EventPageRequest request = EventsRequest.from(event, services.clock().instant(),
                            services.cursors());
                    subject(request.selection().jobId(), request.selection().clientId());
                    units.check(request.selection().clientId());
                    return services.events().page(request);
                },
                ENGAGEMENT_ROUTE, event -> {
                    EngagementRequest request = EngagementRequest.from(event);
                    subject(request.jobId(), request.clientId());
                    units.check(request.clientId());
                    return services.engagements().engagement(request.jobId(), request.clientId(), request.refresh(),
                            request.top());
                },
                TIMELINE_ROUTE, event -> {
                    TimelineRequest request = TimelineRequest.from(event);
                    subject(request.jobId(), request.clientId());
                    units.check(request.clientId());
                    return services.engagements().timeline(request.jobId(), request.clientId(), request.interval());
                });
    }

    /** The JobID and business unit of the request, for its log line. */
    private static void subject(Integer jobId, Integer clientId) {
        Invocation.current().field("jobId", jobId);
        Invocation.current().field("clientId", clientId);
    }

    /**
     * The entry point Lambda calls: the event is read and the answer written with the functions' own Jackson
     * ({@link HttpEventJson}), so the runtime never loads a serializer of its own. An event that is not JSON has no
     * route: {@code 404 route_not_found}, like an event of another payload version.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        APIGatewayV2HTTPEvent event;
        try {
            event = HttpEventJson.read(input);
        } catch (IOException notAnEvent) {
            event = new APIGatewayV2HTTPEvent();
        }
        HttpEventJson.write(handleRequest(event, context), output);
    }

    /** The answer to one API Gateway (payload 2.0) event. */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Invocation invocation = Invocation.start(context.getAwsRequestId());
        HttpRoute route = event.getRouteKey() == null ? null : routes.get(event.getRouteKey());
        APIGatewayV2HTTPResponse response;
        if (route == null) {
            invocation.field("error", "route_not_found");
            response = HttpResponses.error(404, "route_not_found", "No such route");
        } else {
            try {
                Object body = deadline(event, context).run(() -> route.handle(event));
                countCacheOutcomes(invocation, body);
                response = HttpResponses.ok(body, event);
            } catch (RuntimeException e) {
                response = HttpResponses.error(e, context.getLogger());
            }
        }
        requestLine(event, response, invocation, context.getLogger());
        return response;
    }

    /** Each answer served through the cache, for the metrics: one for a summary, one per summary of a batch. */
    private static void countCacheOutcomes(Invocation invocation, Object body) {
        if (body instanceof Cached cached && cached.cache() != null) {
            invocation.cache(cached.cache().status());
            invocation.field("cache", cached.cache().status());
        } else if (body instanceof BatchSummariesResponse batch) {
            batch.summaries().stream().filter(summary -> summary.cache() != null)
                    .forEach(summary -> invocation.cache(summary.cache().status()));
        }
    }

    /** The request's one INFO line (route, subject, outcome, time spent on SFMC and DynamoDB) and its metrics. */
    private static void requestLine(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response,
                                    Invocation invocation, LambdaLogger logger) {
        ObjectNode line = Log.figures(Log.fields()
                .put("route", event.getRouteKey())
                .put("status", response.getStatusCode()), invocation)
                .put("apiRequestId", event.getRequestContext() == null ? null
                        : event.getRequestContext().getRequestId());
        invocation.fields().forEach((name, value) -> line.set(name, Json.MAPPER.valueToTree(value)));
        Log.write(logger, LogLevel.INFO, "request", line);
        Metrics.emit(invocation, line.path("error").isTextual() ? line.path("error").asText() : null, logger);
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
