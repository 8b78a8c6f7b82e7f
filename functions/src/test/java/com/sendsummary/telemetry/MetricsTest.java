package com.sendsummary.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** Every metric of a directive is a number at the top level of its line, with a CloudWatch unit. */
    private static void assertWellFormed(ObjectNode line) {
        JsonNode aws = line.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.path("CloudWatchMetrics")).isNotEmpty();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            assertThat(directive.path("Namespace").asText()).isEqualTo(Metrics.NAMESPACE);
            for (JsonNode dimension : directive.path("Dimensions").path(0)) {
                assertThat(line.path(dimension.asText()).isTextual()).as("dimension %s", dimension).isTrue();
            }
            for (JsonNode metric : directive.path("Metrics")) {
                assertThat(line.path(metric.path("Name").asText()).isNumber()).as("metric %s", metric).isTrue();
                assertThat(metric.path("Unit").asText()).isIn("Count", "Milliseconds");
            }
        }
    }

    private static List<String> names(ObjectNode line) {
        List<String> names = new ArrayList<>();
        line.path("_aws").path("CloudWatchMetrics").forEach(d -> d.path("Metrics")
                .forEach(m -> names.add(m.path("Name").asText())));
        return names;
    }

    @Test
    void lines_whenAHitWithoutSfmc_countsTheRequestAndTheHitUnderTheFunctionName() {
        Invocation invocation = Invocation.start("r-1");
        invocation.cache("hit");
        invocation.awsCall(AwsCallTimer.DYNAMODB, 3_000_000);

        List<ObjectNode> lines = Metrics.lines(invocation, null, "stack-SendSummaryFunction-abc");

        assertThat(lines).hasSize(1);
        ObjectNode line = lines.getFirst();
        assertWellFormed(line);
        assertThat(line.path("FunctionName").asText()).isEqualTo("stack-SendSummaryFunction-abc");
        assertThat(line.path("Requests").asLong()).isEqualTo(1);
        assertThat(line.path("CacheHits").asLong()).isEqualTo(1);
        assertThat(line.path("CacheMisses").asLong()).isZero();
        assertThat(line.path("DynamoDbLatency").asLong()).isEqualTo(3);
        assertThat(names(line)).doesNotContain("SfmcLatency", "Errors")
                .contains("Requests", "ColdStarts", "CacheHits", "CacheMisses", "StaleAnswers", "CacheRefreshes",
                        "SfmcCalls", "SfmcThrottles", "TokenRequests", "EngagementComputations", "DynamoDbLatency");
    }

    @Test
    void lines_whenSfmcFailedAndTheAnswerIsAnError_addsErrorsAndOneSfmcErrorsLinePerCode() {
        Invocation invocation = Invocation.start("r-2");
        invocation.sfmcCall(120_000_000);
        invocation.sfmcFailure("sfmc_throttled");
        invocation.sfmcCall(80_000_000);
        invocation.sfmcFailure("sfmc_throttled");
        invocation.sfmcFailure("sfmc_timeout");
        invocation.tokenRequest();

        List<ObjectNode> lines = Metrics.lines(invocation, "sfmc_throttled", "fn");

        assertThat(lines).hasSize(3).allSatisfy(MetricsTest::assertWellFormed);
        ObjectNode main = lines.getFirst();
        assertThat(main.path("SfmcCalls").asLong()).isEqualTo(2);
        assertThat(main.path("SfmcLatency").asLong()).isEqualTo(200);
        assertThat(main.path("SfmcThrottles").asLong()).isEqualTo(2);
        assertThat(main.path("TokenRequests").asLong()).isEqualTo(1);
        assertThat(main.path("ErrorCode").asText()).isEqualTo("sfmc_throttled");
        assertThat(main.path("Errors").asLong()).isEqualTo(1);
        assertThat(lines.subList(1, 3)).extracting(line -> line.path("ErrorCode").asText() + "="
                + line.path("SfmcErrors").asLong()).containsExactly("sfmc_throttled=2", "sfmc_timeout=1");
        assertThat(Set.copyOf(names(lines.get(1)))).containsExactly("SfmcErrors");
    }

    @Test
    void start_marksOnlyTheContainersFirstInvocationAsColdStart() {
        // Other tests of this JVM may have started invocations already: the flag is the container's.
        Invocation.start("a");
        Invocation second = Invocation.start("b");

        assertThat(second.coldStart()).isFalse();
        assertThat(Metrics.lines(second, null, "fn").getFirst().path("ColdStarts").asLong()).isZero();
        assertThat(Invocation.current()).isSameAs(second);
    }
}
