package com.sendsummary.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.summary.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTest {
    private final List<String> written = new ArrayList<>();
    private final List<LogLevel> levels = new ArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            throw new AssertionError("lines go out as bytes with a level, never as a String");
        }

        @Override
        public void log(byte[] message) {
            throw new AssertionError("lines go out with a level");
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            written.add(new String(message, StandardCharsets.UTF_8));
            levels.add(level);
        }
    };

    @Test
    void write_putsTheFieldsAtTheTopLevelOfOneJsonLine() throws Exception {
        Invocation.start("lambda-request-1");

        Log.write(logger, LogLevel.WARN, "request failed", Log.fields().put("status", 503).put("error", "sfmc_busy"));

        assertThat(levels).containsExactly(LogLevel.WARN);
        assertThat(written).hasSize(1);
        assertThat(written.getFirst()).endsWith("\n").doesNotContain("\n{");
        JsonNode line = Json.MAPPER.readTree(written.getFirst());
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).isEqualTo("request failed");
        assertThat(line.path("requestId").asText()).isEqualTo("lambda-request-1");
        assertThat(line.path("status").asInt()).isEqualTo(503);
        assertThat(line.path("error").asText()).isEqualTo("sfmc_busy");
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
}
