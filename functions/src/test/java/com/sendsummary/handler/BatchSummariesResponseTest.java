package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.sfmc.SfmcThrottledException;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SummaryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSummariesResponseTest {
    private final List<String> logged = new ArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            logged.add(message);
        }

        @Override
        public void log(byte[] message) {
            logged.add(new String(message));
        }
    };

    private static final APIGatewayV2HTTPEvent BATCH =
            APIGatewayV2HTTPEvent.builder().withRouteKey(HttpSendSummaryHandler.BATCH_ROUTE).build();

    @Test
    void of_whenJobIdsFailed_reportsEachWithTheSingleRouteCodeAndMessage() throws Exception {
        BatchSummariesResponse response = BatchSummariesResponse.of(List.of(
                new SummaryResult.Failed(999999, new SendNotFoundException(999999, null)),
                new SummaryResult.Failed(910003, new SfmcThrottledException(500, null))), logger);

        JsonNode body = Json.MAPPER.readTree(HttpResponses.ok(response, BATCH).getBody());

        assertThat(body.path("summaries").isArray()).isTrue();
        assertThat(body.path("summaries")).isEmpty();
        assertThat(body.path("errors").get(0).toString()).isEqualTo(
                "{\"jobId\":999999,\"error\":\"send_not_found\",\"message\":\"No send with JobID 999999\"}");
        assertThat(body.path("errors").get(1).path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(body.path("errors").get(1).path("message").asText()).isNotBlank();
        assertThat(logged).hasSize(1).allSatisfy(line -> assertThat(line).contains("SfmcThrottledException"));
    }

    @Test
    void of_whenNothingFailed_writesAnEmptyErrorsArray() throws Exception {
        JsonNode body = Json.MAPPER.readTree(HttpResponses.ok(BatchSummariesResponse.of(List.of(), logger), BATCH).getBody());

        assertThat(body.fieldNames()).toIterable().containsExactly("summaries", "errors");
        assertThat(body.path("errors").isArray()).isTrue();
        assertThat(logged).isEmpty();
    }
}
