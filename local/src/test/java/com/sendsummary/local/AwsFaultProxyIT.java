package com.sendsummary.local;

import com.sendsummary.local.AwsFaultProxy.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault proxy in front of moto: forwards everything, and fails the DynamoDB reads, writes or Secrets Manager. */
class AwsFaultProxyIT {

    private static final String TABLE = "fault-proxy-it";
    private static final String GET_ITEM = "DynamoDB_20120810.GetItem";
    private static final String PUT_ITEM = "DynamoDB_20120810.PutItem";

    private static MotoServer moto;
    private static AwsFaultProxy proxy;
    private static AwsResources setup;
    private static DynamoDbClient dynamoDb;
    private static SecretsManagerClient secretsManager;
    private static String secretArn;

    @BeforeAll
    static void start() {
        ProjectLayout layout = ProjectLayout.detect();
        moto = MotoServer.start(layout, Logs.toFiles(layout.logDirectory()));
        proxy = AwsFaultProxy.start(moto.endpoint());
        // Created through the proxy: CreateTable, DescribeTable, UpdateTimeToLive, CreateSecret are forwarded too.
        setup = new AwsResources(proxy.endpoint());
        setup.createSummaryTable(TABLE);
        secretArn = setup.createSfmcSecret("fault-proxy-it", new SfmcSecret("it-client", "it-secret",
                URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9/Service.asmx"), Optional.empty()));
        ClientOverrideConfiguration noRetries = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(10))
                .build();
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5));
        dynamoDb = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(AwsResources.REGION)
                .credentialsProvider(AwsResources.credentials()).httpClientBuilder(http)
                .overrideConfiguration(noRetries).build();
        secretsManager = SecretsManagerClient.builder().endpointOverride(proxy.endpoint()).region(AwsResources.REGION)
                .credentialsProvider(AwsResources.credentials()).httpClientBuilder(http)
                .overrideConfiguration(noRetries).build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {dynamoDb, secretsManager, setup, proxy, moto}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Best effort.
                }
            }
        }
    }

    @BeforeEach
    void resetCounts() {
        proxy.resetCounts();
    }

    @AfterEach
    void heal() {
        proxy.healAll();
    }

    @Test
    void forwards_putThenGet_readsTheItemBackAndCountsBothOperations() {
        put("forward#1", "hello");

        assertThat(get("forward#1")).containsEntry("value", AttributeValue.fromS("hello"));
        assertThat(proxy.counts()).containsEntry(PUT_ITEM, 1L).containsEntry(GET_ITEM, 1L);
        assertThat(proxy.failed()).isZero();
        // It went to moto: moto's own client sees it too.
        try (DynamoDbClient direct = AwsResources.dynamoDb(moto.endpoint())) {
            assertThat(direct.getItem(g -> g.tableName(TABLE).key(key("forward#1"))).item()).isNotEmpty();
        }
    }

    @Test
    void forwards_serviceErrorsUnchanged() {
        assertThatThrownBy(() -> dynamoDb.getItem(g -> g.tableName("no-such-table").key(key("x"))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                });
        assertThat(proxy.failed()).isZero();
    }

    @Test
    void forwards_concurrentLargeItemsOverKeptAliveConnections() throws Exception {
        String large = "x".repeat(300_000);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, AttributeValue>>> results = IntStream.range(0, 20)
                    .mapToObj(i -> threads.submit(() -> {
                        put("large#" + i, large + i);
                        return get("large#" + i);
                    }))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().get("value").s()).hasSize(300_000 + Integer.toString(i).length())
                        .endsWith(large.substring(0, 10) + i);
            }
        }
        assertThat(proxy.counts()).containsEntry(PUT_ITEM, 20L).containsEntry(GET_ITEM, 20L);
    }

    @Test
    void dynamoDbReadsFailed_getFailsAsIoErrorWhilePutWorks_untilHealed() {
        put("reads#1", "before");
        proxy.fail(Target.DYNAMODB_READS);

        assertThatThrownBy(() -> get("reads#1")).isInstanceOf(SdkClientException.class);
        put("reads#1", "during");
        assertThat(proxy.failed()).isPositive();
        assertThat(proxy.count(GET_ITEM)).isPositive();

        proxy.heal(Target.DYNAMODB_READS);
        assertThat(get("reads#1")).containsEntry("value", AttributeValue.fromS("during"));
    }

    @Test
    void dynamoDbWritesFailed_putFailsAsIoErrorWhileGetWorks_untilHealed() {
        put("writes#1", "before");
        proxy.fail(Target.DYNAMODB_WRITES);

        assertThatThrownBy(() -> put("writes#1", "during")).isInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> dynamoDb.deleteItem(d -> d.tableName(TABLE).key(key("writes#1"))))
                .isInstanceOf(SdkClientException.class);
        assertThat(get("writes#1")).containsEntry("value", AttributeValue.fromS("before"));

        proxy.heal(Target.DYNAMODB_WRITES);
        put("writes#1", "after");
        assertThat(get("writes#1")).containsEntry("value", AttributeValue.fromS("after"));
    }

    @Test
    void secretsManagerFailed_getSecretValueFailsWhileDynamoDbWorks_untilHealed() {
        proxy.fail(Target.SECRETS_MANAGER);

        assertThatThrownBy(() -> secretsManager.getSecretValue(g -> g.secretId(secretArn)))
                .isInstanceOf(SdkClientException.class);
        put("secrets#1", "unaffected");
        assertThat(proxy.count("secretsmanager.GetSecretValue")).isPositive();

        proxy.heal(Target.SECRETS_MANAGER);
        assertThat(secretsManager.getSecretValue(g -> g.secretId(secretArn)).secretString()).contains("it-client");
    }

    @Test
    void failWithStatus_answersTheServicesInternalError() {
        proxy.failWithStatus(Target.DYNAMODB_READS, 503);
        proxy.failWithStatus(Target.SECRETS_MANAGER, 500);

        assertThatThrownBy(() -> get("status#1")).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("injected");
        });
        assertThatThrownBy(() -> secretsManager.getSecretValue(g -> g.secretId(secretArn)))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServiceError");
                });
        assertThat(proxy.failed()).isEqualTo(2);
    }

    @Test
    void failed_closesTheConnectionWithoutAnyResponse() throws Exception {
        proxy.fail(Target.DYNAMODB_READS);
        byte[] body = "{\"TableName\":\"fault-proxy-it\",\"Key\":{\"pk\":{\"S\":\"raw\"}}}"
                .getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket(proxy.endpoint().getHost(), proxy.endpoint().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + GET_ITEM
                    + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();

            // End of stream (or a reset), not a status line and not a timeout.
            int first;
            try {
                first = in.read();
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            assertThat(first).isEqualTo(-1);
        }
        assertThat(proxy.counts()).containsEntry(GET_ITEM, 1L);
        assertThat(proxy.failed()).isEqualTo(1);
    }

    @Test
    void classify_byXAmzTarget() {
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.GetItem")).contains(Target.DYNAMODB_READS);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.Query")).contains(Target.DYNAMODB_READS);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.BatchGetItem")).contains(Target.DYNAMODB_READS);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.Scan")).contains(Target.DYNAMODB_READS);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.UpdateItem")).contains(Target.DYNAMODB_WRITES);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.TransactWriteItems")).contains(Target.DYNAMODB_WRITES);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.BatchWriteItem")).contains(Target.DYNAMODB_WRITES);
        assertThat(AwsFaultProxy.classify("secretsmanager.GetSecretValue")).contains(Target.SECRETS_MANAGER);
        assertThat(AwsFaultProxy.classify("DynamoDB_20120810.DescribeTable")).isEmpty();
        assertThat(AwsFaultProxy.classify(null)).isEmpty();
    }

    private static void put(String pk, String value) {
        dynamoDb.putItem(p -> p.tableName(TABLE).item(Map.of(
                AwsResources.PARTITION_KEY, AttributeValue.fromS(pk), "value", AttributeValue.fromS(value))));
    }

    private static Map<String, AttributeValue> get(String pk) {
        return dynamoDb.getItem(g -> g.tableName(TABLE).key(key(pk)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(AwsResources.PARTITION_KEY, AttributeValue.fromS(pk));
    }
}
