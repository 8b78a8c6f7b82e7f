package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSendSummaryHandlerTest {
    private static final Context CONTEXT = new Context() {
        @Override public String getAwsRequestId() { return "test"; }
        @Override public String getLogGroupName() { return "test"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "test"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:test"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { }
                @Override public void log(byte[] message) { }
            };
        }
    };

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
    void routes_serveExactlyTheRouteKeys() {
        com.sendsummary.config.Config config = com.sendsummary.config.Config.fromEnvironment(
                Map.of("AWS_REGION", "us-east-1", "SUMMARY_TABLE", "t", "SFMC_SECRET_ID", "s"));
        Wiring wiring = new Wiring(config, null, null, null, null, null, java.time.Clock.systemUTC());

        assertThat(HttpSendSummaryHandler.routes(wiring).keySet())
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
