package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.local.testhandler.EchoHandlerJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the plumbing with a test handler in place of the real ones: moto, table + TTL, secret, the
 * emulator running a handler through aws-lambda-rie and the runtime interface client, and the local HTTP API.
 */
class LocalEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SfmcSecret FAKE_SFMC = new SfmcSecret("it-client", "it-secret",
            URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9/Service.asmx"), Optional.of(100001L));

    private static final ByteArrayOutputStream PROGRESS = new ByteArrayOutputStream();

    private static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = EchoHandlerJar.environment("it", FAKE_SFMC)
                .memoryMb(512)
                .functionEnv(LocalEnvironment.HTTP, Map.of("SUMMARY_TTL_RECENT_SECONDS", "2", "ECHO_EXTRA", "x"))
                .withApi(0)
                .progressTo(new PrintStream(PROGRESS, true, StandardCharsets.UTF_8))
                .start();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void start_saysWhenEachChildProcessStartsAndIsReady() {
        assertThat(PROGRESS.toString(StandardCharsets.UTF_8).lines().toList())
                .contains("[local] moto: starting...", "[local] emulator (http function): starting...",
                        "[local] emulator (refresh function): starting...")
                .anyMatch(line -> line.matches("\\[local] moto: ready in \\d+\\.\\d s"))
                .anyMatch(line -> line.matches("\\[local] emulator \\(http function\\): ready in \\d+\\.\\d s"))
                .anyMatch(line -> line.matches("\\[local] emulator \\(refresh function\\): ready in \\d+\\.\\d s"));
    }

    @Test
    void table_existsWithTtlOnExpiresAt() {
        assertThat(env.dynamoDb().describeTable(d -> d.tableName("send-summaries")).table().keySchema())
                .singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("pk"));
        assertThat(env.table().timeToLive().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(env.table().timeToLive().attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void table_readsBackWhatIsWritten() {
        env.dynamoDb().putItem(put -> put.tableName(env.table().name()).item(Map.of(
                "pk", AttributeValue.fromS("it#1"), "expiresAt", AttributeValue.fromN("1700000000"))));

        assertThat(env.table().item("it#1")).isPresent();
        assertThat(env.table().itemsAsJson()).anySatisfy(item ->
                assertThat(item.path("expiresAt").asLong()).isEqualTo(1_700_000_000L));

        env.table().delete("it#1");
        assertThat(env.table().item("it#1")).isEmpty();
    }

    @Test
    void secret_holdsTheSfmcCredentialsJson() throws Exception {
        String secret = env.secretsManager().getSecretValue(get -> get.secretId(env.secretArn())).secretString();

        JsonNode json = JSON.readTree(secret);
        assertThat(json.path("clientId").asText()).isEqualTo("it-client");
        assertThat(json.path("clientSecret").asText()).isEqualTo("it-secret");
        assertThat(json.path("authBaseUri").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(json.path("soapBaseUri").asText()).isEqualTo("http://127.0.0.1:9/Service.asmx");
        assertThat(json.path("accountId").asLong()).isEqualTo(100001L);
        assertThat(env.secretArn()).startsWith("arn:aws:secretsmanager:us-east-1:")
                .contains(":secret:sfmc/send-summary-");
    }

    @Test
    void cursorKeySecret_holds64LettersAndDigits() {
        String key = env.secretsManager().getSecretValue(get -> get.secretId(env.cursorKeySecretArn())).secretString();

        assertThat(key).hasSize(64).matches("[A-Za-z0-9]+");
        assertThat(env.cursorKeySecretArn()).startsWith("arn:aws:secretsmanager:us-east-1:")
                .contains(":secret:send-summary/cursor-key-");
    }

    @Test
    void eventBus_isTheStacksBusWhoseArnTheRefreshFunctionGets() {
        assertThat(env.eventBridge().describeEventBus(d -> d.name(AwsResources.DEFAULT_EVENT_BUS)).arn())
                .isEqualTo(AwsResources.EVENT_BUS_ARN);
    }

    @Test
    void moto_servesSqs() {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(env.awsEndpoint())
                .region(AwsResources.REGION).credentialsProvider(AwsResources.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            String queue = sqs.createQueue(create -> create.queueName("it-dlq")).queueUrl();
            assertThat(sqs.listQueues().queueUrls()).contains(queue);
        }
    }

    @Test
    void invoke_runsTheHandlerInTheRuntimeClientWithLambdaEnvironment() throws Exception {
        Invocation invocation = env.http().invoke("{\"hello\":\"world\"}");

        assertThat(invocation.statusCode()).isEqualTo(200);
        assertThat(invocation.functionError()).isFalse();
        JsonNode body = JSON.readTree(invocation.json().path("body").asText());
        assertThat(body.path("event").path("hello").asText()).isEqualTo("world");
        assertThat(body.path("classLoader").asText()).endsWith("CustomerClassLoader");
        assertThat(body.path("functionName").asText()).isEqualTo("http");
        assertThat(body.path("memoryLimitInMB").asInt()).isEqualTo(512);
        assertThat(body.path("jvmArguments").toString())
                .contains("-XX:MaxHeapSize=445645k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        JsonNode lambdaEnv = body.path("env");
        assertThat(lambdaEnv.path("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(lambdaEnv.path("AWS_ENDPOINT_URL").asText()).isEqualTo(env.awsEndpoint().toString());
        assertThat(lambdaEnv.path("AWS_LAMBDA_FUNCTION_TIMEOUT").asText()).isEqualTo("30");
        assertThat(lambdaEnv.path("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java25");
        assertThat(lambdaEnv.path("SUMMARY_TABLE").asText()).isEqualTo("send-summaries");
        assertThat(lambdaEnv.path("SFMC_SECRET_ID").asText()).isEqualTo(env.secretArn());
        assertThat(lambdaEnv.path("CURSOR_KEY_SECRET_ID").asText()).isEqualTo(env.cursorKeySecretArn());
        assertThat(lambdaEnv.has("REFRESH_EVENT_BUS_ARN")).isFalse();
        assertThat(lambdaEnv.path("SUMMARY_TTL_RECENT_SECONDS").asText()).isEqualTo("2");
        assertThat(lambdaEnv.path("ECHO_EXTRA").asText()).isEqualTo("x");
        assertThat(lambdaEnv.path("TZ").asText()).isEqualTo(":UTC");
        assertThat(body.path("userDir").asText()).isEqualTo(lambdaEnv.path("LAMBDA_TASK_ROOT").asText());
    }

    @Test
    void invoke_whenOverriddenOnlyForOneFunction_otherKeepsTemplateValue() throws Exception {
        JsonNode body = JSON.readTree(env.refresh().invoke("{}").json().path("body").asText());

        assertThat(body.path("env").path("SUMMARY_TTL_RECENT_SECONDS").asText()).isEqualTo("300");
        assertThat(body.path("env").path("AWS_LAMBDA_FUNCTION_TIMEOUT").asText()).isEqualTo("60");
        assertThat(body.path("env").has("ECHO_EXTRA")).isFalse();
        assertThat(body.path("env").has("CURSOR_KEY_SECRET_ID")).isFalse();
        assertThat(body.path("env").path("REFRESH_EVENT_BUS_ARN").asText()).isEqualTo(AwsResources.EVENT_BUS_ARN);
    }

    @Test
    void invoke_whenHandlerThrows_reportsFunctionError() {
        Invocation invocation = env.refresh().invoke("{\"fail\":true}");

        assertThat(invocation.functionError()).isTrue();
        assertThat(invocation.json().path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(invocation.json().path("errorMessage").asText()).isEqualTo("echo handler asked to fail");
    }

    @Test
    void restart_makesTheNextInvokeAColdStartInANewJvm() {
        LambdaEmulator emulator = env.refresh();
        emulator.invoke("{}");
        long firstPid = emulator.runtimeProcess().orElseThrow().pid();
        assertThat(emulator.runtimePeakRssKb().orElseThrow()).isPositive();

        emulator.restart();
        assertThat(emulator.runtimeProcess()).isEmpty();
        Invocation cold = emulator.invoke("{}");
        Invocation warm = emulator.invoke("{}");

        assertThat(cold.coldStart()).isTrue();
        assertThat(warm.coldStart()).isFalse();
        assertThat(emulator.runtimeProcess().orElseThrow().pid()).isNotEqualTo(firstPid);
        assertThat(ProcessHandle.of(firstPid)).isEmpty();
    }

    @Test
    void api_turnsTheRequestIntoAPayload2Event() throws Exception {
        ApiResponse response = env.api().request("GET", "/sends/910002/summary?clientId=100002&x=1&x=2", "",
                Map.of("Cookie", "a=1; b=2", "X-Custom", "yes"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-echo")).contains("yes");
        assertThat(response.headers().get("set-cookie")).containsExactly("echo=1; Path=/");
        JsonNode event = JSON.readTree(response.body()).path("event");
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /sends/{jobId}/summary");
        assertThat(event.path("rawPath").asText()).isEqualTo("/sends/910002/summary");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("clientId=100002&x=1&x=2");
        assertThat(event.path("queryStringParameters").path("clientId").asText()).isEqualTo("100002");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("pathParameters").path("jobId").asText()).isEqualTo("910002");
        assertThat(event.path("cookies").toString()).isEqualTo("[\"a=1\",\"b=2\"]");
        assertThat(event.path("headers").path("x-custom").asText()).isEqualTo("yes");
        assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("GET");
        assertThat(event.path("requestContext").path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("$default");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void api_whenNoRouteMatches_answers404LikeApiGateway() {
        ApiResponse response = env.api().get("/nope");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void api_servesTheContractAtOpenapiYaml() throws Exception {
        ApiResponse response = env.api().get(LocalApi.OPENAPI_PATH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("application/yaml");
        assertThat(response.body()).isEqualTo(java.nio.file.Files.readString(env.layout().openApiDocument()));
    }
}
