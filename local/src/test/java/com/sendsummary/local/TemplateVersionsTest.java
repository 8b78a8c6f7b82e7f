package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published versions, SnapStart and the alias {@code live}, proven with the SAM translator of the project's virtualenv
 * (the transform CloudFormation runs): {@code versions_follow_configuration.py} transforms {@code template.yaml} with a
 * baseline parameter set and, for every parameter, with a set that differs in that parameter alone, the
 * {@code ConfigurationRevision} computed as {@code scripts/deploy.sh} computes it. A version that did not change with a
 * parameter would leave the alias, and so every caller, on the old configuration.
 */
class TemplateVersionsTest {

    private static final List<String> FUNCTIONS = List.of("SendSummaryFunction", "SendRefreshFunction",
            "EngagementWorkerFunction");
    /** Lambda's limit on a function's Description, to which SAM appends " " and the revision. */
    private static final int DESCRIPTION_LIMIT = 256;

    private static JsonNode report;

    @BeforeAll
    static void transform() throws IOException, InterruptedException {
        Path root = ProjectLayout.detect().root();
        Path python = root.resolve(".venv/bin/python");
        assertThat(python).as("the project's virtualenv (scripts/bootstrap.sh installs it)").isExecutable();
        ProcessBuilder builder = new ProcessBuilder(python.toString(),
                root.resolve("local/src/test/resources/template/versions_follow_configuration.py").toString())
                .directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // The transform needs a region for its pseudo parameters; it reaches nothing.
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        report = new ObjectMapper().readTree(out);
    }

    static Stream<String> parameters() {
        List<String> names = new ArrayList<>();
        report.path("variants").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @Test
    void everyParameterButTheRevisionIsVaried() throws IOException {
        Map<String, Object> declared = CfnTemplate.load().section("Parameters");
        List<String> varied = parameters().toList();

        assertThat(varied).containsExactlyInAnyOrderElementsOf(
                declared.keySet().stream().filter(name -> !name.equals("ConfigurationRevision")).toList());
    }

    @ParameterizedTest
    @MethodSource("parameters")
    void version_changesWithEveryParameter(String parameter) {
        JsonNode variant = report.path("variants").path(parameter).path("withRevision");
        for (String function : FUNCTIONS) {
            String before = onlyVersion(report.path("baseline"), function);
            String after = onlyVersion(variant, function);

            assertThat(after).as("%s's version when only %s changes", function, parameter).isNotEqualTo(before);
            assertThat(variant.path(function).path("aliases").path(function + "Aliaslive").path("Fn::GetAtt").path(0)
                    .asText()).as("the alias follows the new version").isEqualTo(after);
        }
    }

    /**
     * Why the revision exists: SAM hashes the text of the function's properties, so {@code !Ref
     * SummaryTtlRecentSeconds} is the same whatever its value (SAM issue #3820). Should a SAM release see parameter
     * values itself, this fails, and the revision could go.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SummaryTtlRecentSeconds", "RefreshFollowUps", "ApplicationLogLevel"})
    void version_withoutTheRevision_doesNotSeeAParameterOnlyChange(String parameter) {
        JsonNode variant = report.path("variants").path(parameter).path("sameRevision");
        for (String function : FUNCTIONS) {
            assertThat(onlyVersion(variant, function)).isEqualTo(onlyVersion(report.path("baseline"), function));
        }
    }

    @Test
    void functions_haveSnapStartOnPublishedVersionsAndTheAliasLive() {
        for (String function : FUNCTIONS) {
            JsonNode facts = report.path("baseline").path(function);

            assertThat(facts.path("snapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(facts.path("aliases").path(function + "Aliaslive").path("Fn::GetAtt").path(0).asText())
                    .isEqualTo(onlyVersion(report.path("baseline"), function));
        }
    }

    @Test
    void httpRoutes_invokeTheAlias() {
        JsonNode facts = report.path("baseline").path("SendSummaryFunction");

        assertThat(facts.path("apiIntegrationsOfAlias").asInt()).isEqualTo(6);
        assertThat(facts.path("apiIntegrationsOfFunction").asInt()).isZero();
        assertThat(facts.path("invokedThrough")).hasSize(6).allSatisfy(permission ->
                assertThat(permission.path("target").path("Ref").asText()).isEqualTo("SendSummaryFunctionAliaslive"));
    }

    @Test
    void refreshRule_andItsRetriesAndDeadLetters_invokeTheAlias() {
        JsonNode invoked = report.path("baseline").path("SendRefreshFunction").path("invokedThrough");

        assertThat(invoked.findValues("rule")).hasSize(1);
        assertThat(invoked.findValues("target")).allSatisfy(target ->
                assertThat(target.toString()).contains("\"Ref\":\"SendRefreshFunctionAliaslive\""));
        assertThat(invoked.findValues("qualifier")).singleElement()
                .satisfies(qualifier -> assertThat(qualifier.asText()).isEqualTo("live"));
    }

    @Test
    void workerQueue_invokesTheAlias() {
        JsonNode invoked = report.path("baseline").path("EngagementWorkerFunction").path("invokedThrough");

        assertThat(invoked).singleElement().satisfies(mapping -> {
            assertThat(mapping.path("eventSourceMapping").asText()).isNotEmpty();
            assertThat(mapping.path("target").path("Ref").asText()).isEqualTo("EngagementWorkerFunctionAliaslive");
            assertThat(mapping.path("source").path("Fn::GetAtt").path(0).asText()).isEqualTo("EngagementQueue");
            assertThat(mapping.path("batchSize").asInt()).isEqualTo(1);
            assertThat(mapping.path("functionResponseTypes").toString()).isEqualTo("[\"ReportBatchItemFailures\"]");
            assertThat(mapping.path("scalingConfig").path("MaximumConcurrency").path("Ref").asText())
                    .isEqualTo("EngagementWorkerConcurrency");
        });
    }

    /**
     * For an SQS event SAM would attach AWSLambdaSQSQueueExecutionRole (every queue of the account) to a role it makes:
     * the worker brings its own, so the transform makes none.
     */
    @Test
    void worker_runsWithItsOwnRole_notOneSamMakes() {
        JsonNode worker = report.path("baseline").path("EngagementWorkerFunction");

        assertThat(worker.path("role").path("Fn::GetAtt").path(0).asText()).isEqualTo("EngagementWorkerRole");
        assertThat(worker.path("generatedRoleManagedPolicies").isNull()).isTrue();
        assertThat(report.path("baseline").path("SendSummaryFunction").path("generatedRoleManagedPolicies").toString())
                .doesNotContain("SQS");
    }

    @Test
    void descriptions_withTheRevisionAppended_fitLambdasLimit() {
        for (String function : FUNCTIONS) {
            String description = report.path("baseline").path(function).path("description").asText();

            assertThat(description).endsWith(" " + report.path("baselineRevision").asText());
            assertThat(description.length()).as(description).isLessThanOrEqualTo(DESCRIPTION_LIMIT);
        }
    }

    @Test
    void template_hasNoDefaultRevision() throws IOException {
        // A default would let a deploy that bypasses scripts/deploy.sh publish under a revision that hashes nothing.
        assertThat(CfnTemplate.load().parameter("ConfigurationRevision")).doesNotContainKey("Default")
                .containsEntry("AllowedPattern", "^[0-9a-f]{16}$");
        assertThat(Files.readString(ProjectLayout.detect().root().resolve("scripts/deploy.sh")))
                .contains("scripts/configuration_revision.py");
    }

    private static String onlyVersion(JsonNode facts, String function) {
        JsonNode versions = facts.path(function).path("versions");
        assertThat(versions).as("%s's AWS::Lambda::Version resources", function).hasSize(1);
        return versions.get(0).asText();
    }
}
