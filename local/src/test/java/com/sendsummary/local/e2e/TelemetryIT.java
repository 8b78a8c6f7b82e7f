package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.local.Invocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees, read from the functions' own output in an end-to-end run: one JSON request line per
 * invocation with its fields at the top level, CloudWatch Embedded Metric Format lines with the documented names,
 * units and dimensions, and no line of the function that is not JSON (the emulator's own lines aside).
 */
class TelemetryIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines the emulator writes itself (Lambda's platform lines are JSON there, with LogFormat JSON). */
    private static final Pattern EMULATOR_LINE = Pattern.compile(
            "^(\\d\\d [A-Z][a-z]{2} \\d{4} |(START|END|REPORT) RequestId: |=== ).*");
    private static final Set<String> MAIN_METRICS = Set.of("Requests", "ColdStarts", "CacheHits", "CacheMisses",
            "StaleAnswers", "CacheRefreshes", "SfmcCalls", "SfmcThrottles", "TokenRequests", "EngagementComputations");

    @Test
    void summaryMissHitAndNotFound_eachWriteOneRequestLineAndItsMetrics() throws Exception {
        long from = Files.size(env.http().logFile());
        env.api().get("/sends/910001/summary");
        env.api().get("/sends/910001/summary");
        env.api().get("/sends/999999/summary");

        List<JsonNode> lines = functionLines(env.http().logFile(), from, 3);
        List<JsonNode> requests = lines.stream().filter(message("request")).toList();
        assertThat(requests).hasSize(3).allSatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("route").asText()).isEqualTo("GET /sends/{jobId}/summary");
            assertThat(line.path("requestId").asText()).isNotBlank();
            assertThat(line.path("apiRequestId").asText()).isNotBlank();
            assertThat(line.path("coldStart").isBoolean()).isTrue();
            assertThat(line.path("durationMs").isIntegralNumber()).isTrue();
            assertThat(line.path("dynamoDbCalls").asLong()).isPositive();
        });
        JsonNode miss = requests.get(0);
        assertThat(miss.path("jobId").asInt()).isEqualTo(910001);
        assertThat(miss.path("status").asInt()).isEqualTo(200);
        assertThat(miss.path("cache").asText()).isEqualTo("miss");
        assertThat(miss.path("sfmcCalls").asLong()).isPositive();
        JsonNode hit = requests.get(1);
        assertThat(hit.path("cache").asText()).isEqualTo("hit");
        assertThat(hit.path("sfmcCalls").asLong()).isZero();
        assertThat(hit.path("coldStart").asBoolean()).isFalse();
        JsonNode notFound = requests.get(2);
        assertThat(notFound.path("status").asInt()).isEqualTo(404);
        assertThat(notFound.path("error").asText()).isEqualTo("send_not_found");

        List<JsonNode> metrics = lines.stream().filter(line -> line.has("_aws")).toList();
        assertThat(metrics).hasSize(3).allSatisfy(TelemetryIT::assertEmf);
        assertThat(metrics).allSatisfy(line -> assertThat(metricNames(line)).containsAll(MAIN_METRICS));
        assertThat(metrics.get(0).path("CacheMisses").asInt()).isEqualTo(1);
        assertThat(metrics.get(0).path("SfmcCalls").asInt()).isPositive();
        assertThat(metrics.get(0).path("SfmcLatency").isNumber()).isTrue();
        assertThat(metrics.get(1).path("CacheHits").asInt()).isEqualTo(1);
        assertThat(metrics.get(1).has("SfmcLatency")).isFalse();
        assertThat(metrics.get(2).path("ErrorCode").asText()).isEqualTo("send_not_found");
        assertThat(metrics.get(2).path("Errors").asInt()).isEqualTo(1);
    }

    @Test
    void sfmcThrottling_isCountedByCodeAndLoggedAsAWarning() throws Exception {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));
        long from = Files.size(env.http().logFile());

        assertThat(env.api().get("/sends/910002/summary?clientId=100002").status()).isEqualTo(503);

        List<JsonNode> lines = functionLines(env.http().logFile(), from, 1);
        assertThat(lines).filteredOn(message("request failed")).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("WARN");
            assertThat(line.path("exception").asText()).endsWith("SfmcThrottledException");
        });
        assertThat(lines).filteredOn(message("request")).singleElement()
                .satisfies(line -> assertThat(line.path("error").asText()).isEqualTo("sfmc_throttled"));
        List<JsonNode> metrics = lines.stream().filter(line -> line.has("_aws")).toList();
        assertThat(metrics).allSatisfy(TelemetryIT::assertEmf);
        assertThat(metrics).filteredOn(line -> line.has("Requests")).singleElement().satisfies(line -> {
            assertThat(line.path("SfmcThrottles").asInt()).isPositive();
            assertThat(line.path("ErrorCode").asText()).isEqualTo("sfmc_throttled");
        });
        assertThat(metrics).filteredOn(line -> line.has("SfmcErrors")).singleElement().satisfies(line -> {
            assertThat(line.path("ErrorCode").asText()).isEqualTo("sfmc_throttled");
            assertThat(line.path("SfmcErrors").asInt()).isPositive();
        });
    }

    @Test
    void refreshEvent_writesOneRefreshLineAndItsMetrics() throws Exception {
        long from = Files.size(env.refresh().logFile());

        Invocation refresh = env.refresh().invoke(env.layout().root().resolve("events/eventbridge-send-completed.json"));

        assertThat(refresh.body()).contains("refreshed");
        List<JsonNode> lines = functionLines(env.refresh().logFile(), from, 1);
        assertThat(lines).filteredOn(message("refresh")).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("status").asText()).isEqualTo("refreshed");
            assertThat(line.path("sfmcCalls").asLong()).isPositive();
            assertThat(line.path("requestId").asText()).isNotBlank();
        });
        assertThat(lines).filteredOn(line -> line.has("_aws")).singleElement().satisfies(line -> {
            assertEmf(line);
            assertThat(line.path("CacheRefreshes").asInt()).isEqualTo(1);
        });
    }

    private static Predicate<JsonNode> message(String message) {
        return line -> message.equals(line.path("message").asText());
    }

    /** A well-formed EMF line: timestamp, namespace, every dimension and metric present at the top level. */
    private static void assertEmf(JsonNode line) {
        JsonNode aws = line.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.path("CloudWatchMetrics")).isNotEmpty();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            assertThat(directive.path("Namespace").asText()).isEqualTo("SfmcSendSummary");
            assertThat(directive.path("Dimensions")).hasSize(1);
            Set<String> dimensions = new HashSet<>();
            directive.path("Dimensions").path(0).forEach(d -> dimensions.add(d.asText()));
            assertThat(dimensions).contains("FunctionName").isSubsetOf("FunctionName", "ErrorCode");
            dimensions.forEach(d -> assertThat(line.path(d).asText()).as("dimension %s", d).isNotBlank());
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                assertThat(line.path(name).isNumber()).as("value of %s", name).isTrue();
                assertThat(metric.path("Unit").asText()).as("unit of %s", name)
                        .isEqualTo(name.endsWith("Latency") ? "Milliseconds" : "Count");
            }
        }
    }

    private static Set<String> metricNames(JsonNode line) {
        Set<String> names = new HashSet<>();
        line.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics")
                .forEach(m -> names.add(m.path("Name").asText())));
        return names;
    }

    /**
     * The function's lines written after byte {@code from} of its log, once {@code requests} request lines are there;
     * every one of them must be a JSON object.
     */
    private static List<JsonNode> functionLines(Path log, long from, int requests) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : read(log, from).split("\n")) {
                if (line.isBlank() || EMULATOR_LINE.matcher(line).matches()) {
                    continue;
                }
                JsonNode json;
                try {
                    json = JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("a line of the function is not JSON: " + line);
                }
                assertThat(json.isObject()).as("a line of the function is a JSON object: %s", line).isTrue();
                lines.add(json);
            }
            long done = lines.stream().filter(l -> l.path("message").asText().matches("request|refresh")).count();
            if (done >= requests || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(100);
        }
    }

    private static String read(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
    }
}
