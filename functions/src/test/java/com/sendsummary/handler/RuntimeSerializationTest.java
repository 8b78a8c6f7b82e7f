package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The priming finds the runtime's serializers (aws-lambda-java-serialization, on the test class path as on Lambda). */
class RuntimeSerializationTest {

    @Test
    void invoke_passesTheEventThroughTheRuntimesJsonBothWays() {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        HttpRoute route = event -> {
            seen.set(event);
            return Map.of("ok", true);
        };
        HttpSendSummaryHandler handler = new HttpSendSummaryHandler(
                Map.of(HttpSendSummaryHandler.SUMMARY_ROUTE, route), Duration.ofSeconds(1));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey(HttpSendSummaryHandler.SUMMARY_ROUTE)
                .withRawPath("/sends/7/summary")
                .withPathParameters(Map.of("jobId", "7"))
                .build();

        RuntimeSerialization runtime = RuntimeSerialization.find();
        assertThat(runtime.found()).as("the runtime's serializers").isTrue();
        APIGatewayV2HTTPResponse response = runtime.invoke(handler, event, Priming.context("test"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(seen.get()).isNotSameAs(event);
        assertThat(seen.get().getPathParameters()).containsEntry("jobId", "7");
        assertThat(seen.get().getRawPath()).isEqualTo("/sends/7/summary");
    }
}
