package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.config.BusinessUnits;
import com.sendsummary.summary.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HttpSendSummaryHandlerTest {
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Context CONTEXT = TestContext.of("test", new LambdaLogger() {
        @Override public void log(String message) { LOGGED.add(message); }
        @Override public void log(byte[] message) { LOGGED.add(new String(message, StandardCharsets.UTF_8)); }
    });

    private final HttpSendSummaryHandler handler = new HttpSendSummaryHandler(Map.of(
            "GET /ok", event -> Map.of("jobId", 1),
            "GET /bad", event -> {
                throw new InvalidRequestException("invalid_job_id", "jobId must be a positive 32-bit integer");
            }), java.time.Duration.ofSeconds(1));

    private APIGatewayV2HTTPResponse call(String routeKey) {
        return handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).build(), CONTEXT);
    }

    @Test
    void handleRequest_whenRouteKnown_answers200WithJsonBody() {
        APIGatewayV2HTTPResponse response = call("GET /ok");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"jobId\":1}");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                .containsEntry("Cache-Control", "no-store");
    }

    @Test
    void handleRequest_whenRouteThrows_answersMappedError() {
        APIGatewayV2HTTPResponse response = call("GET /bad");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"error\":\"invalid_job_id\"");
    }

    @Test
    void handleRequest_writesOneRequestLineAndItsMetrics() throws Exception {
        LOGGED.clear();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("GET /bad")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("api-1").build())
                .build();

        handler.handleRequest(event, CONTEXT);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : LOGGED) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).filteredOn(line -> "request".equals(line.path("message").asText())).singleElement()
                .satisfies(line -> {
                    assertThat(line.path("level").asText()).isEqualTo("INFO");
                    assertThat(line.path("route").asText()).isEqualTo("GET /bad");
                    assertThat(line.path("status").asInt()).isEqualTo(400);
                    assertThat(line.path("error").asText()).isEqualTo("invalid_job_id");
                    assertThat(line.path("requestId").asText()).isEqualTo("test");
                    assertThat(line.path("apiRequestId").asText()).isEqualTo("api-1");
                    assertThat(line.has("coldStart")).isTrue();
                    assertThat(line.path("sfmcCalls").asLong()).isZero();
                });
        assertThat(lines).filteredOn(line -> line.has("_aws")).singleElement()
                .satisfies(line -> {
                    assertThat(line.path("Requests").asInt()).isEqualTo(1);
                    assertThat(line.path("ErrorCode").asText()).isEqualTo("invalid_job_id");
                });
    }

    @Test
    void routes_serveExactlyTheRouteKeys() {
        HttpServices services = new HttpServices(null, null, null, null, null, BusinessUnits.any(), null,
                java.time.Clock.systemUTC());

        assertThat(HttpSendSummaryHandler.routes(services).keySet())
                .containsExactlyInAnyOrderElementsOf(HttpSendSummaryHandler.ROUTE_KEYS);
    }

    @Test
    void handleRequest_whenRouteUnknown_answers404RouteNotFound() {
        APIGatewayV2HTTPResponse response = call("DELETE /sends/{jobId}/summary");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).isEqualTo("{\"error\":\"route_not_found\",\"message\":\"No such route\"}");
    }

    @Test
    void handleRequest_whenRouteKeyMissing_answers404RouteNotFound() {
        APIGatewayV2HTTPResponse response = call(null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("route_not_found");
    }
}
