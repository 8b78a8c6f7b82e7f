package com.sendsummary.local;

import static com.sendsummary.local.CfnTemplate.get;
import static com.sendsummary.local.CfnTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the local runner runs is what {@code template.yaml} deploys: each function's handler, runtime, memory and
 * timeout, its environment (the template's plus exactly the local-only variables) and the API's routes. The
 * expectations are read here from the template as written ({@link CfnTemplate}), not through {@link SamTemplate}.
 */
class LocalEnvironmentTest {

    private static final URI AWS_ENDPOINT = URI.create("http://127.0.0.1:5000");
    private static final String SECRET_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:sfmc/send-summary-AbCdEf";
    private static final String CURSOR_KEY_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:send-summary/cursor-key-GhIjKl";
    private static final String QUEUE_URL = "http://127.0.0.1:5000/123456789012/sfmc-send-summary-EngagementQueue";
    /** What the environment passes for the queues and buckets it created in moto. */
    private static final Map<String, String> CREATED = Map.of(
            "EngagementQueue", QUEUE_URL,
            "EngagementStateBucket", AwsResources.bucketName("EngagementStateBucket"));
    private static final Map<String, String> LOCAL_ONLY = Map.of(
            "AWS_ENDPOINT_URL", AWS_ENDPOINT.toString(),
            "SFMC_LOCAL_ENDPOINTS_ALLOWED", "true");
    /**
     * The variables the template builds from its resources (and from SfmcSecretArn, which has no Default), and what
     * each is locally: the names and ARNs of what the environment creates in moto. A new one fails
     * {@link #function_environment_isTheTemplatesPlusExactlyTheLocalOnlyVariables} until it is listed here.
     */
    private static final Map<String, String> FROM_REFERENCES = Map.of(
            "SUMMARY_TABLE", AwsResources.DEFAULT_TABLE,
            "SFMC_SECRET_ID", SECRET_ARN,
            "CURSOR_KEY_SECRET_ID", CURSOR_KEY_ARN,
            "REFRESH_SCHEDULE_GROUP", AwsResources.DEFAULT_SCHEDULE_GROUP,
            "REFRESH_SCHEDULER_ROLE_ARN", AwsResources.SCHEDULER_ROLE_ARN,
            "REFRESH_EVENT_BUS_ARN", AwsResources.EVENT_BUS_ARN,
            "ENGAGEMENT_QUEUE_URL", QUEUE_URL,
            "ENGAGEMENT_STATE_BUCKET", "sfmc-send-summary-engagementstatebucket");

    private static CfnTemplate written;
    private static String templateText;
    private static SamTemplate template;

    @BeforeAll
    static void load() throws IOException {
        written = CfnTemplate.load();
        templateText = Files.readString(ProjectLayout.detect().template());
        template = SamTemplate.load(ProjectLayout.detect().template());
    }

    static Stream<Arguments> functions() {
        return LocalEnvironment.TEMPLATE_FUNCTIONS.entrySet().stream()
                .map(function -> Arguments.of(function.getKey(), function.getValue()));
    }

    @Test
    void templateFunctions_areExactlyTheTemplatesFunctions() {
        assertThat(written.resources().entrySet().stream()
                .filter(resource -> "AWS::Serverless::Function".equals(map(resource.getValue(), "").get("Type")))
                .map(Map.Entry::getKey))
                .containsExactlyElementsOf(LocalEnvironment.TEMPLATE_FUNCTIONS.values());
    }

    @ParameterizedTest
    @MethodSource("functions")
    void function_runsTheTemplatesRuntimeHandlerMemoryAndTimeout(String name, String logicalId) {
        LambdaFunction function = runnerFunctions(LocalEnvironment.builder(), template).get(name);

        assertThat(setting(logicalId, "Runtime")).isEqualTo(LambdaJavaRuntime.RUNTIME);
        assertThat(function.handler()).isEqualTo(setting(logicalId, "Handler"));
        assertThat(function.memoryMb()).isEqualTo(setting(logicalId, "MemorySize"));
        assertThat(function.timeoutSeconds()).isEqualTo(setting(logicalId, "Timeout"));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void function_environment_isTheTemplatesPlusExactlyTheLocalOnlyVariables(String name, String logicalId) {
        Map<String, String> environment = runnerFunctions(LocalEnvironment.builder(), template).get(name).environment();
        Map<String, Object> declared = new LinkedHashMap<>(variables(written.globalFunction()));
        declared.putAll(variables(written.properties(logicalId)));
        Map<String, Object> logging = map(written.globalFunction().get("LoggingConfig"), "LoggingConfig");

        Set<String> expectedNames = new HashSet<>(declared.keySet());
        expectedNames.addAll(List.of("AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL"));
        expectedNames.addAll(LOCAL_ONLY.keySet());
        assertThat(environment.keySet()).containsExactlyInAnyOrderElementsOf(expectedNames);
        declared.forEach((variable, value) -> assertThat(environment.get(variable)).as("%s: %s", variable, value)
                .isEqualTo(expected(variable, value)));
        assertThat(environment.get("AWS_LAMBDA_LOG_FORMAT"))
                .isEqualTo(((String) logging.get("LogFormat")).toUpperCase(Locale.ROOT));
        assertThat(environment.get("AWS_LAMBDA_LOG_LEVEL"))
                .isEqualTo(expected("ApplicationLogLevel", logging.get("ApplicationLogLevel")));
        assertThat(environment).containsAllEntriesOf(LOCAL_ONLY);
        assertThat(LocalEnvironment.localOnlyVariables(AWS_ENDPOINT)).isEqualTo(LOCAL_ONLY);
    }

    @Test
    void routes_areTheTemplatesHttpApiEvents() {
        List<String> declared = LocalEnvironment.TEMPLATE_FUNCTIONS.entrySet().stream()
                .flatMap(function -> events(function.getValue()).stream()
                        .map(event -> event.get("Method") + " " + event.get("Path") + " -> " + function.getKey()))
                .toList();

        assertThat(LocalEnvironment.routes()).extracting(route -> route.routeKey() + " -> " + route.function())
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void workerQueue_isCreatedAsTheTemplateSaysForTheWorkersTimeout() {
        Map<String, Object> queue = written.properties("EngagementQueue");
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"), "RedrivePolicy");
        Map<String, Object> rows = map(written.section("Mappings").get("EngagementWorkerTimeouts"), "mapping");

        for (String timeout : rows.keySet()) {
            SamTemplate.Queue created = template.queue("EngagementQueue",
                    Map.of("EngagementWorkerTimeoutSeconds", timeout), Map.of());

            assertThat(created.visibilityTimeoutSeconds()).as("visibility with a %s s worker", timeout)
                    .isEqualTo(map(rows.get(timeout), timeout).get("QueueVisibilityTimeout"));
            assertThat(created.messageRetentionSeconds()).isEqualTo(queue.get("MessageRetentionPeriod"));
            assertThat(created.redrive()).contains(new SamTemplate.Redrive("EngagementDeadLetterQueue",
                    (Integer) redrive.get("maxReceiveCount")));
        }
        assertThat(template.queue("EngagementDeadLetterQueue", Map.of(), Map.of()).messageRetentionSeconds())
                .isEqualTo(written.properties("EngagementDeadLetterQueue").get("MessageRetentionPeriod"));
    }

    @Test
    void workerSqsEvent_isReadFromTheTemplate() {
        Map<String, Object> event = map(get(written.properties("EngagementWorkerFunction"), "Events", "EngagementQueue",
                "Properties"), "event");
        Object concurrencyDefault = written.parameter("EngagementWorkerConcurrency").get("Default");

        assertThat(template.sqsEvents("EngagementWorkerFunction", Map.of(), Map.of())).singleElement()
                .isEqualTo(new SamTemplate.SqsTrigger("EngagementQueue", "EngagementQueue",
                        (Integer) event.get("BatchSize"), (Integer) concurrencyDefault, 0,
                        List.of("ReportBatchItemFailures").equals(event.get("FunctionResponseTypes"))));
        assertThat(template.sqsEvents("EngagementWorkerFunction",
                Map.of("EngagementWorkerConcurrency", "7"), Map.of()).getFirst().maximumConcurrency()).isEqualTo(7);
        assertThat(template.sqsEvents("SendSummaryFunction", Map.of(), Map.of())).isEmpty();
    }

    @Test
    void builder_testOnlyVisibilityTimeout_refusesWhatSqsRefuses() {
        assertThatThrownBy(() -> LocalEnvironment.builder().testOnlyVisibilityTimeoutSeconds(43_201))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routes_mostSpecificFirst() {
        List<ApiRoute> routes = LocalEnvironment.routes();

        assertThat(routes).isSortedAccordingTo(ApiRoute.MOST_SPECIFIC_FIRST);
    }

    @Test
    void builder_layersItsOverridesOnTopOfTheTemplate() {
        Map<String, LambdaFunction> functions = runnerFunctions(LocalEnvironment.builder()
                .handler(LocalEnvironment.HTTP, "com.example.Echo::handleRequest")
                .memoryMb(512)
                .timeoutSeconds(LocalEnvironment.HTTP, 8)
                .parameter("ApplicationLogLevel", "DEBUG")
                .functionEnv(Map.of("EXTRA", "all"))
                .functionEnv(LocalEnvironment.HTTP, Map.of("SUMMARY_TTL_RECENT_SECONDS", "2", "EXTRA", "http")),
                template);
        LambdaFunction http = functions.get(LocalEnvironment.HTTP);
        LambdaFunction refresh = functions.get(LocalEnvironment.REFRESH);

        assertThat(http.handler()).isEqualTo("com.example.Echo::handleRequest");
        assertThat(refresh.handler()).isEqualTo(setting("SendRefreshFunction", "Handler"));
        assertThat(List.of(http.memoryMb(), refresh.memoryMb())).containsOnly(512);
        assertThat(http.timeoutSeconds()).isEqualTo(8);
        assertThat(refresh.timeoutSeconds()).isEqualTo(setting("SendRefreshFunction", "Timeout"));
        assertThat(http.environment()).containsEntry("SUMMARY_TTL_RECENT_SECONDS", "2").containsEntry("EXTRA", "http")
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
        assertThat(refresh.environment()).containsEntry("SUMMARY_TTL_RECENT_SECONDS", "300")
                .containsEntry("EXTRA", "all").containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
    }

    @ParameterizedTest
    @CsvSource({"ApplicationLogLevel, LOUD, is not one of", "NoSuchParameter, x, has no parameter NoSuchParameter"})
    void builder_whenParameterIsRefusedByTheTemplate_failsNamingIt(String parameter, String value, String problem) {
        LocalEnvironment.Builder builder = LocalEnvironment.builder().parameter(parameter, value);

        assertThatThrownBy(() -> runnerFunctions(builder, template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parameter).hasMessageContaining(problem);
    }

    @Test
    void builder_whenParameterIsTheSecretTheEnvironmentCreates_refusesIt() {
        assertThatThrownBy(() -> LocalEnvironment.builder().parameter("SfmcSecretArn", SECRET_ARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secretName");
    }

    /** A variable added to Globals whose reference the runner has no stand-in for stops it, naming the variable. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "!GetAtt SummaryTable.Arn    | !GetAtt SummaryTable.Arn has no local stand-in",
            "!Ref RefreshDeadLetterQueue | !Ref RefreshDeadLetterQueue has no local stand-in",
            "!ImportValue shared-table   | Fn::ImportValue is not supported"})
    void functions_whenTheTemplateGainsAVariableTheRunnerCannotResolve_failNamingIt(String value, String problem) {
        SamTemplate changed = changedTemplate("        SUMMARY_TABLE: !Ref SummaryTable\n",
                "        SUMMARY_TABLE: !Ref SummaryTable\n        NEW_VARIABLE: " + value + "\n");

        assertThatThrownBy(() -> runnerFunctions(LocalEnvironment.builder(), changed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Globals.Function.Environment.Variables.NEW_VARIABLE")
                .hasMessageContaining(problem);
    }

    @Test
    void functionsAndRoutes_whenTheTemplateGainsAFunction_failNamingIt() {
        SamTemplate changed = changedTemplate("  SendRefreshFunction:\n", """
                  ThirdFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.sendsummary.handler.Third::handleRequest
                  SendRefreshFunction:
                """);

        assertThatThrownBy(() -> LocalEnvironment.routes(changed)).hasMessageContaining("ThirdFunction");
        assertThatThrownBy(() -> runnerFunctions(LocalEnvironment.builder(), changed))
                .hasMessageContaining("ThirdFunction");
    }

    @Test
    void functions_whenTheTemplateNamesAnotherRuntime_fail() {
        SamTemplate changed = changedTemplate("    Runtime: java25\n", "    Runtime: java21\n");

        assertThatThrownBy(() -> runnerFunctions(LocalEnvironment.builder(), changed))
                .hasMessageContaining("java21").hasMessageContaining("emulates java25 only");
    }

    private static Map<String, LambdaFunction> runnerFunctions(LocalEnvironment.Builder builder, SamTemplate from) {
        return builder.functions(from, AWS_ENDPOINT, SECRET_ARN, CURSOR_KEY_ARN, CREATED).stream()
                .collect(Collectors.toMap(LambdaFunction::name, Function.identity()));
    }

    /** template.yaml with {@code original} (which must occur exactly once) replaced. */
    private static SamTemplate changedTemplate(String original, String replacement) {
        assertThat(templateText.split(Pattern.quote(original), -1)).as("occurrences + 1 of %s", original)
                .hasSize(2);
        return SamTemplate.parse(templateText.replace(original, replacement), "template.yaml (changed)");
    }

    /** A setting of the function, else of Globals.Function: a literal, or the Default of the parameter it refs. */
    private static Object setting(String logicalId, String key) {
        Object value = written.properties(logicalId).getOrDefault(key, written.globalFunction().get(key));
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String parameter) {
            return written.parameter(parameter).get("Default");
        }
        return value;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        return environment == null ? Map.of() : map(get(environment, "Variables"), "Variables");
    }

    /** What a variable written as {@code value} must be locally. */
    private static String expected(String variable, Object value) {
        if (value instanceof String || value instanceof Number) {
            return value.toString();
        }
        Map<String, Object> intrinsic = map(value, variable);
        if (intrinsic.get("Ref") instanceof String name && written.section("Parameters").containsKey(name)
                && written.parameter(name).containsKey("Default")) {
            return written.parameter(name).get("Default").toString();
        }
        assertThat(FROM_REFERENCES).as("what %s (%s) is locally", variable, value).containsKey(variable);
        return FROM_REFERENCES.get(variable);
    }

    private static List<Map<String, Object>> events(String logicalId) {
        return map(written.properties(logicalId).get("Events"), "Events").values().stream()
                .map(event -> map(event, "event"))
                .filter(event -> "HttpApi".equals(event.get("Type")))
                .map(event -> map(event.get("Properties"), "Properties"))
                .toList();
    }
}
