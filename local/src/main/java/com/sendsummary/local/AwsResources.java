package com.sendsummary.local;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Creates what the SAM template would create, in moto (or any endpoint speaking the AWS APIs, e.g. LocalStack):
 * the summary table, the SFMC secret, the cursor key secret, the event bus, the follow-up schedule group, and the
 * queues and buckets of the template ({@link #createQueue}, {@link #createBucket}). Clients use region
 * {@code us-east-1} and credentials {@code test/test}.
 */
public final class AwsResources implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    public static final String DEFAULT_TABLE = "send-summaries";
    public static final String DEFAULT_SECRET = "sfmc/send-summary";
    /** The template's CursorKeySecret, which CloudFormation names itself; the HTTP function's CURSOR_KEY_SECRET_ID. */
    public static final String DEFAULT_CURSOR_KEY_SECRET = "send-summary/cursor-key";
    /** Partition key of the summary table (String), its only key. */
    public static final String PARTITION_KEY = "pk";
    /** Epoch-seconds attribute DynamoDB TTL deletes items by. */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** EventBridge Scheduler group of the follow-up refreshes ({@code REFRESH_SCHEDULE_GROUP}). */
    public static final String DEFAULT_SCHEDULE_GROUP = "send-refresh";
    /** samconfig.toml's stack_name, which the template derives the event bus name from. */
    public static final String STACK_NAME = "sfmc-send-summary";
    /** The template's SendEventBus, named {@code ${AWS::StackName}-events}. */
    public static final String DEFAULT_EVENT_BUS = STACK_NAME + "-events";
    /** moto's default account, where everything is created ({@code AWS::AccountId} of the template). */
    public static final String ACCOUNT_ID = "123456789012";
    /** The template's RefreshSchedulerRole: moto does not check the role, so none is created, only its name used. */
    public static final String SCHEDULER_ROLE_NAME = "send-refresh-scheduler";
    /** The role's ARN as the template builds it ({@code REFRESH_SCHEDULER_ROLE_ARN}). */
    public static final String SCHEDULER_ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/" + SCHEDULER_ROLE_NAME;
    /** {@link #DEFAULT_EVENT_BUS} in moto's default account ({@code REFRESH_EVENT_BUS_ARN}). */
    public static final String EVENT_BUS_ARN = "arn:aws:events:" + REGION.id() + ":" + ACCOUNT_ID + ":event-bus/"
            + DEFAULT_EVENT_BUS;

    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamoDb;
    private final SecretsManagerClient secretsManager;
    private final SchedulerClient scheduler;
    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final S3Client s3;

    public AwsResources(URI endpoint) {
        this.dynamoDb = dynamoDb(endpoint);
        this.secretsManager = secretsManager(endpoint);
        this.scheduler = scheduler(endpoint);
        this.eventBridge = eventBridge(endpoint);
        this.sqs = sqs(endpoint);
        this.s3 = s3(endpoint);
    }

    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Path-style: the endpoint is an address, so {@code <bucket>.127.0.0.1} would name no host. */
    public static S3Client s3(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(true)
                .build();
    }

    /**
     * The name CloudFormation's would start with for a resource of the stack without a name of its own
     * ({@code <stack>-<LogicalId>-<random>}), without the random part: {@code sfmc-send-summary-EngagementQueue}.
     */
    public static String queueName(String logicalId) {
        return STACK_NAME + "-" + logicalId;
    }

    /** As {@link #queueName(String)}, in lower case as bucket names must be. */
    public static String bucketName(String logicalId) {
        return (STACK_NAME + "-" + logicalId).toLowerCase(Locale.ROOT);
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static SecretsManagerClient secretsManager(URI endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static SchedulerClient scheduler(URI endpoint) {
        return SchedulerClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static EventBridgeClient eventBridge(URI endpoint) {
        return EventBridgeClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** Creates {@code pk (S) HASH}, PAY_PER_REQUEST, waits until ACTIVE, then enables TTL on {@code expiresAt}. */
    public SummaryTable createSummaryTable(String tableName) {
        dynamoDb.createTable(table -> table
                .tableName(tableName)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamoDb.waiter().waitUntilTableExists(describe -> describe.tableName(tableName));
        dynamoDb.updateTimeToLive(ttl -> ttl.tableName(tableName)
                .timeToLiveSpecification(spec -> spec.attributeName(TTL_ATTRIBUTE).enabled(true)));
        return new SummaryTable(dynamoDb, tableName);
    }

    /** Creates the secret with {@code secret.toJson()} as SecretString and returns its ARN. */
    public String createSfmcSecret(String secretName, SfmcSecret secret) {
        return secretsManager.createSecret(create -> create
                .name(secretName)
                .description("SFMC API credentials for the send summary functions (local)")
                .secretString(secret.toJson())).arn();
    }

    /**
     * Creates the cursor key secret as the template's {@code GenerateSecretString} would (64 letters and digits) and
     * returns its ARN.
     */
    public String createCursorKeySecret(String secretName) {
        StringBuilder key = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            key.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
        }
        return secretsManager.createSecret(create -> create
                .name(secretName)
                .description("Key that signs the pagination cursors of the send summary API (local)")
                .secretString(key.toString())).arn();
    }

    /** Creates the bus the follow-up schedules put their events on and returns its ARN. */
    public String createEventBus(String busName) {
        return eventBridge.createEventBus(create -> create.name(busName)).eventBusArn();
    }

    /** Creates the schedule group the refresh function puts its follow-up schedules in. */
    public void createScheduleGroup(String groupName) {
        scheduler.createScheduleGroup(create -> create.name(groupName));
    }

    /**
     * Creates a standard queue with the template's attributes and returns its URL. {@code deadLetterQueueArn} with
     * {@code maxReceiveCount}: its RedrivePolicy.
     */
    public String createQueue(String name, int visibilityTimeoutSeconds, int messageRetentionSeconds,
                              Optional<String> deadLetterQueueArn, int maxReceiveCount) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(messageRetentionSeconds));
        deadLetterQueueArn.ifPresent(arn -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}"));
        return sqs.createQueue(create -> create.queueName(name).attributes(attributes)).queueUrl();
    }

    public String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    public void createBucket(String name) {
        s3.createBucket(create -> create.bucket(name));
    }

    public SqsClient sqs() {
        return sqs;
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SchedulerClient scheduler() {
        return scheduler;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }

    public EventBridgeClient eventBridge() {
        return eventBridge;
    }

    @Override
    public void close() {
        dynamoDb.close();
        secretsManager.close();
        scheduler.close();
        eventBridge.close();
        sqs.close();
        s3.close();
    }
}
