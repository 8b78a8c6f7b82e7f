package com.sendsummary.local;

import static com.sendsummary.local.CfnTemplate.get;
import static com.sendsummary.local.CfnTemplate.getAtt;
import static com.sendsummary.local.CfnTemplate.ifCondition;
import static com.sendsummary.local.CfnTemplate.map;
import static com.sendsummary.local.CfnTemplate.noValue;
import static com.sendsummary.local.CfnTemplate.ref;
import static com.sendsummary.local.CfnTemplate.sub;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guardrails of {@code template.yaml}: API throttling and access logs, CORS, reserved concurrency, the alarms,
 * the stack's own event bus and who may put events on it, the cursor key secret, the background engagement (its
 * queues, bucket, worker and who may use them), and no IAM statement of the project's own with a wildcard resource.
 * cfn-lint and {@code sam validate --lint} check that the template is valid
 * (scripts/lint.sh); this checks that it still says what the README promises.
 */
class TemplateGuardrailsTest {

    private static final String API = "SendSummaryApi";
    private static final String HTTP_FUNCTION = "SendSummaryFunction";
    private static final String REFRESH_FUNCTION = "SendRefreshFunction";
    private static final String BUS = "SendEventBus";
    private static final String CURSOR_KEY_SECRET = "CursorKeySecret";
    private static final String WORKER_FUNCTION = "EngagementWorkerFunction";
    private static final String WORKER_ROLE = "EngagementWorkerRole";
    private static final String QUEUE = "EngagementQueue";
    private static final String DEAD_LETTER_QUEUE = "EngagementDeadLetterQueue";
    private static final String BUCKET = "EngagementStateBucket";
    private static final String WORKER_TIMEOUT = "EngagementWorkerTimeoutSeconds";
    private static final String WORKER_TIMEOUTS = "EngagementWorkerTimeouts";
    /** AWS's recommendation for a queue feeding a function: a visibility timeout 6 times the function's timeout. */
    private static final int VISIBILITY_PER_TIMEOUT = 6;
    /** The state objects, the only keys the functions may touch in the bucket. */
    private static final String STATE_OBJECTS = "arn:${AWS::Partition}:s3:::${" + BUCKET + "}/state/*";
    /** Duration alarms fire at this share of the function's Timeout. */
    private static final double NEAR_TIMEOUT = 0.8;

    private static CfnTemplate template;

    @BeforeAll
    static void load() throws IOException {
        template = CfnTemplate.load();
    }

    @Test
    void api_throttlesEveryRouteByParameters() {
        Map<String, Object> api = template.properties(API);

        assertThat(get(api, "DefaultRouteSettings", "ThrottlingBurstLimit")).isEqualTo(ref("ApiThrottlingBurstLimit"));
        assertThat(get(api, "DefaultRouteSettings", "ThrottlingRateLimit")).isEqualTo(ref("ApiThrottlingRateLimit"));
        assertThat(template.parameter("ApiThrottlingBurstLimit")).containsEntry("Type", "Number").containsKey("Default");
        assertThat(template.parameter("ApiThrottlingRateLimit")).containsEntry("Type", "Number").containsKey("Default");
    }

    @Test
    void api_writesJsonAccessLogsToALogGroupWithRetention() throws IOException {
        Map<String, Object> api = template.properties(API);

        assertThat(get(api, "AccessLogSettings", "DestinationArn"))
                .isEqualTo(getAtt("SendSummaryApiAccessLogGroup", "Arn"));
        assertThat(template.type("SendSummaryApiAccessLogGroup")).isEqualTo("AWS::Logs::LogGroup");
        assertThat(template.properties("SendSummaryApiAccessLogGroup"))
                .containsEntry("RetentionInDays", ref("LogRetentionDays"));
        JsonNode format = new ObjectMapper().readTree((String) get(api, "AccessLogSettings", "Format"));
        assertThat(format.fieldNames()).toIterable().containsExactlyInAnyOrder("requestId", "ip", "requestTime", "httpMethod",
                "routeKey", "status", "protocol", "responseLength", "integrationError", "integrationLatency",
                "responseLatency");
        assertThat(format.path("status").asText()).isEqualTo("$context.status");
    }

    @Test
    void api_answersCorsOnlyInJwtModeAndOnlyForTheGivenOrigins() {
        Map<String, Object> api = template.properties(API);
        List<?> cors = (List<?>) map(get(api, "DefinitionBody", "x-amazon-apigateway-cors"), "cors").get("Fn::If");

        assertThat(api).doesNotContainKey("CorsConfiguration");
        assertThat(cors.get(0)).isEqualTo("UseCors");
        assertThat(cors.get(2)).isEqualTo(noValue());
        Map<String, Object> configuration = map(cors.get(1), "cors configuration");
        assertThat(configuration.get("allowOrigins")).isEqualTo(ref("CorsAllowOrigins"));
        assertThat(configuration.get("allowHeaders")).asList()
                .containsExactlyInAnyOrder("Authorization", "Content-Type", "If-None-Match");
        assertThat(configuration.get("exposeHeaders")).asList()
                .containsExactlyInAnyOrder("Retry-After", "ETag", "Cache-Status");
        assertThat(template.section("Conditions").get("UseCors")).isEqualTo(Map.of("Fn::And", List.of(
                Map.of("Condition", "UseJwtAuthorizer"),
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals",
                        List.of(Map.of("Fn::Join", List.of("", ref("CorsAllowOrigins"))), "")))))));
        assertThat(Pattern.compile((String) template.parameter("CorsAllowOrigins").get("AllowedPattern")))
                .satisfies(origins -> {
                    assertThat(origins.matcher("https://dashboard.example.com").matches()).isTrue();
                    assertThat(origins.matcher("*").matches()).isFalse();
                });
    }

    @ParameterizedTest
    @CsvSource({
            "SendSummaryFunction, HttpReservedConcurrency, HasHttpReservedConcurrency",
            "SendRefreshFunction, RefreshReservedConcurrency, HasRefreshReservedConcurrency",
            "EngagementWorkerFunction, WorkerReservedConcurrency, HasWorkerReservedConcurrency"})
    void function_reservesConcurrencyOnlyWhenItsParameterIsSet(String function, String parameter, String condition) {
        assertThat(template.properties(function).get("ReservedConcurrentExecutions"))
                .isEqualTo(ifCondition(condition, ref(parameter), noValue()));
        assertThat(template.section("Conditions").get(condition))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref(parameter), -1)))));
        assertThat(template.parameter(parameter)).containsEntry("Type", "Number").containsEntry("Default", -1)
                .containsEntry("MinValue", -1);
    }

    /** An alarm on the first occurrence in a period: metric, statistic and the dimensions that pick the resource. */
    record FirstOccurrenceAlarm(String logicalId, String namespace, String metric, String statistic,
                                Map<String, Object> dimensions) {
    }

    static Stream<FirstOccurrenceAlarm> firstOccurrenceAlarms() {
        return Stream.of(
                new FirstOccurrenceAlarm("RefreshDeadLetterQueueAlarm", "AWS/SQS",
                        "ApproximateNumberOfMessagesVisible", "Maximum",
                        Map.of("QueueName", getAtt("RefreshDeadLetterQueue", "QueueName"))),
                new FirstOccurrenceAlarm("SendSummaryFunctionErrorsAlarm", "AWS/Lambda", "Errors", "Sum",
                        Map.of("FunctionName", ref(HTTP_FUNCTION))),
                new FirstOccurrenceAlarm("SendRefreshFunctionErrorsAlarm", "AWS/Lambda", "Errors", "Sum",
                        Map.of("FunctionName", ref(REFRESH_FUNCTION))),
                new FirstOccurrenceAlarm("SendSummaryFunctionThrottlesAlarm", "AWS/Lambda", "Throttles", "Sum",
                        Map.of("FunctionName", ref(HTTP_FUNCTION))),
                new FirstOccurrenceAlarm("SendRefreshFunctionThrottlesAlarm", "AWS/Lambda", "Throttles", "Sum",
                        Map.of("FunctionName", ref(REFRESH_FUNCTION))),
                new FirstOccurrenceAlarm("SendSummaryApi5xxAlarm", "AWS/ApiGateway", "5xx", "Sum",
                        Map.of("ApiId", ref(API), "Stage", "$default")),
                new FirstOccurrenceAlarm("EngagementDeadLetterQueueAlarm", "AWS/SQS",
                        "ApproximateNumberOfMessagesVisible", "Maximum",
                        Map.of("QueueName", getAtt(DEAD_LETTER_QUEUE, "QueueName"))),
                new FirstOccurrenceAlarm("EngagementWorkerFunctionErrorsAlarm", "AWS/Lambda", "Errors", "Sum",
                        Map.of("FunctionName", ref(WORKER_FUNCTION))));
    }

    @ParameterizedTest
    @MethodSource("firstOccurrenceAlarms")
    void alarm_firesOnTheFirstOccurrence(FirstOccurrenceAlarm expected) {
        Map<String, Object> alarm = alarm(expected.logicalId());

        assertThat(alarm).containsEntry("Namespace", expected.namespace())
                .containsEntry("MetricName", expected.metric())
                .containsEntry("Statistic", expected.statistic())
                .containsEntry("Threshold", 0)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(dimensions(alarm)).isEqualTo(expected.dimensions());
    }

    @ParameterizedTest
    @CsvSource({
            "SendSummaryFunctionDurationAlarm, SendSummaryFunction",
            "SendRefreshFunctionDurationAlarm, SendRefreshFunction"})
    void durationAlarm_firesNearTheFunctionsTimeout(String alarmId, String function) {
        Map<String, Object> alarm = alarm(alarmId);
        int timeoutSeconds = ((Number) template.properties(function)
                .getOrDefault("Timeout", template.globalFunction().get("Timeout"))).intValue();

        assertThat(alarm).containsEntry("Namespace", "AWS/Lambda")
                .containsEntry("MetricName", "Duration")
                .containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat(((Number) alarm.get("Threshold")).doubleValue()).as("%s threshold (ms)", alarmId)
                .isEqualTo(timeoutSeconds * 1000 * NEAR_TIMEOUT);
        assertThat((String) alarm.get("AlarmDescription")).contains(" " + timeoutSeconds + " s timeout");
        assertThat(dimensions(alarm)).isEqualTo(Map.of("FunctionName", ref(function)));
    }

    /** The worker's timeout is a parameter: its alarm's threshold is the mapping's row for it. */
    @Test
    void workerDurationAlarm_firesNearTheWorkersTimeout() {
        Map<String, Object> alarm = alarm("EngagementWorkerFunctionDurationAlarm");

        assertThat(template.properties(WORKER_FUNCTION).get("Timeout")).isEqualTo(ref(WORKER_TIMEOUT));
        assertThat(alarm).containsEntry("Namespace", "AWS/Lambda")
                .containsEntry("MetricName", "Duration")
                .containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("Threshold", Map.of("Fn::FindInMap",
                        List.of(WORKER_TIMEOUTS, ref(WORKER_TIMEOUT), "NearTimeoutMilliseconds")));
        assertThat((String) map(alarm.get("AlarmDescription"), "AlarmDescription").get("Fn::Sub"))
                .contains(" ${" + WORKER_TIMEOUT + "} s timeout");
        assertThat(dimensions(alarm)).isEqualTo(Map.of("FunctionName", ref(WORKER_FUNCTION)));
    }

    /** CloudFormation cannot multiply: one row per allowed timeout, each 6 times it and 80% of it (ms). */
    @Test
    void workerTimeouts_mapping_derivesTheVisibilityTimeoutAndTheAlarmFromEveryAllowedTimeout() {
        Map<String, Object> rows = map(template.section("Mappings").get(WORKER_TIMEOUTS), WORKER_TIMEOUTS);
        List<?> allowed = (List<?>) template.parameter(WORKER_TIMEOUT).get("AllowedValues");

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(allowed.stream().map(String::valueOf).toList());
        assertThat(allowed.stream().map(String::valueOf)).contains(String.valueOf(
                template.parameter(WORKER_TIMEOUT).get("Default")));
        rows.forEach((timeout, row) -> {
            int seconds = Integer.parseInt(timeout);
            assertThat(seconds).isBetween(1, 900);
            assertThat(map(row, timeout)).as("row %s", timeout)
                    .containsEntry("QueueVisibilityTimeout", seconds * VISIBILITY_PER_TIMEOUT)
                    .containsEntry("NearTimeoutMilliseconds", (int) (seconds * 1000 * NEAR_TIMEOUT));
        });
        assertThat(template.properties(QUEUE).get("VisibilityTimeout")).isEqualTo(Map.of("Fn::FindInMap",
                List.of(WORKER_TIMEOUTS, ref(WORKER_TIMEOUT), "QueueVisibilityTimeout")));
    }

    @Test
    void alarms_areExactlyTheOnesCheckedHere() {
        List<String> checked = new ArrayList<>(firstOccurrenceAlarms().map(FirstOccurrenceAlarm::logicalId).toList());
        checked.addAll(List.of("SendSummaryFunctionDurationAlarm", "SendRefreshFunctionDurationAlarm",
                "EngagementWorkerFunctionDurationAlarm"));

        assertThat(template.resources().entrySet().stream()
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(map(resource.getValue(), "").get("Type")))
                .map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(checked);
        assertThat(template.section("Conditions").get("HasAlarmTopic"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref("AlarmTopicArn"), "")))));
    }

    @Test
    void eventBus_isTheStacksOwn() {
        assertThat(template.type(BUS)).isEqualTo("AWS::Events::EventBus");
        assertThat(template.properties(BUS).get("Name")).isEqualTo(sub("${AWS::StackName}-events"));
        assertThat(template.section("Parameters")).doesNotContainKey("EventBusName");
    }

    @Test
    void eventBusPolicy_letsOnlyTheNamedProducersPutSendCompleted() {
        Map<String, Object> policy = template.properties("SendEventBusPolicy");
        Map<String, Object> statement = map(policy.get("Statement"), "SendEventBusPolicy.Statement");

        assertThat(template.type("SendEventBusPolicy")).isEqualTo("AWS::Events::EventBusPolicy");
        assertThat(policy.get("EventBusName")).isEqualTo(ref(BUS));
        assertThat(statement).containsEntry("Effect", "Allow")
                .containsEntry("Action", "events:PutEvents")
                .containsEntry("Resource", getAtt(BUS, "Arn"))
                .containsEntry("Principal", Map.of("AWS",
                        ifCondition("HasEventProducers", ref("EventProducerPrincipals"), ref("AWS::AccountId"))));
        assertThat(get(statement, "Condition", "ForAllValues:StringEquals"))
                .isEqualTo(Map.of("events:source", "sfmc.send-summary", "events:detail-type", "SendCompleted"));
        Pattern producers = Pattern.compile((String) template.parameter("EventProducerPrincipals").get("AllowedPattern"));
        assertThat(producers.matcher("").matches()).isTrue();
        assertThat(producers.matcher("123456789012").matches()).isTrue();
        assertThat(producers.matcher("arn:aws:iam::123456789012:role/send-producer").matches()).isTrue();
        assertThat(producers.matcher("*").matches()).isFalse();
        assertThat(producers.matcher("arn:aws:iam::123456789012:role/*").matches()).isFalse();
    }

    @Test
    void eventBus_isTheOneTheRuleTheSchedulerRoleAndTheRefreshFunctionUse() {
        assertThat(get(template.properties(REFRESH_FUNCTION), "Events", "SendCompleted", "Properties", "EventBusName"))
                .isEqualTo(ref(BUS));
        assertThat(template.ownVariables(REFRESH_FUNCTION).get("REFRESH_EVENT_BUS_ARN")).isEqualTo(
                sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${" + BUS + "}"));
        assertThat(statements().stream()
                .filter(statement -> statement.owner().equals("RefreshSchedulerRole"))
                .filter(statement -> statement.body().containsKey("Resource")))
                .singleElement().satisfies(statement -> assertThat(statement.body())
                        .containsEntry("Action", "events:PutEvents")
                        .containsEntry("Resource", getAtt(BUS, "Arn")));
    }

    @Test
    void eventBus_localRunnerCreatesTheBusTheTemplateNames() throws IOException {
        String samconfig = Files.readString(ProjectLayout.detect().root().resolve("samconfig.toml"));
        Matcher stackName = Pattern.compile("(?m)^stack_name\\s*=\\s*\"([^\"]+)\"").matcher(samconfig);
        assertThat(stackName.find()).as("stack_name in samconfig.toml").isTrue();
        String busName = ((String) map(template.properties(BUS).get("Name"), "Name").get("Fn::Sub"))
                .replace("${AWS::StackName}", stackName.group(1));

        assertThat(AwsResources.STACK_NAME).isEqualTo(stackName.group(1));
        assertThat(AwsResources.DEFAULT_EVENT_BUS).isEqualTo(busName);
        assertThat(AwsResources.EVENT_BUS_ARN).endsWith(":event-bus/" + busName);
    }

    @Test
    void cursorKeySecret_isGeneratedByTheStack() {
        Map<String, Object> secret = template.properties(CURSOR_KEY_SECRET);

        assertThat(template.type(CURSOR_KEY_SECRET)).isEqualTo("AWS::SecretsManager::Secret");
        assertThat(secret).doesNotContainKey("SecretString");
        assertThat(map(secret.get("GenerateSecretString"), "GenerateSecretString"))
                .containsEntry("PasswordLength", 64).containsEntry("ExcludePunctuation", true);
    }

    @Test
    void cursorKeySecret_isNamedToAndReadableByTheHttpFunctionOnly() {
        assertThat(template.ownVariables(HTTP_FUNCTION)).containsEntry("CURSOR_KEY_SECRET_ID", ref(CURSOR_KEY_SECRET));
        assertThat(template.ownVariables(REFRESH_FUNCTION)).doesNotContainKey("CURSOR_KEY_SECRET_ID");
        assertThat(map(get(template.globalFunction(), "Environment", "Variables"), "Globals variables"))
                .doesNotContainKey("CURSOR_KEY_SECRET_ID");
        assertThat(paths(template.resources(), "Resources", ref(CURSOR_KEY_SECRET)::equals))
                .isNotEmpty()
                .allMatch(path -> path.startsWith("Resources." + HTTP_FUNCTION + "."));
        assertThat(statements().stream()
                .filter(statement -> ref(CURSOR_KEY_SECRET).equals(statement.body().get("Resource"))))
                .singleElement().satisfies(statement -> {
                    assertThat(statement.owner()).isEqualTo(HTTP_FUNCTION);
                    assertThat(statement.body()).containsEntry("Action", "secretsmanager:GetSecretValue");
                });
    }

    @Test
    void engagementQueue_isEncryptedKeptFourDaysAndRedrivenAfterFiveReceives() {
        Map<String, Object> queue = template.properties(QUEUE);
        Map<String, Object> deadLetters = template.properties(DEAD_LETTER_QUEUE);

        assertThat(template.type(QUEUE)).isEqualTo("AWS::SQS::Queue");
        assertThat(queue).containsEntry("SqsManagedSseEnabled", true).containsEntry("MessageRetentionPeriod", 345_600)
                .containsEntry("RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(DEAD_LETTER_QUEUE, "Arn"),
                        "maxReceiveCount", 5));
        assertThat(deadLetters).containsEntry("SqsManagedSseEnabled", true)
                .containsEntry("MessageRetentionPeriod", 1_209_600);
    }

    @Test
    void worker_readsTheQueueOneMessageAtATimeReportingFailuresWithBoundedConcurrency() {
        Map<String, Object> event = map(get(template.properties(WORKER_FUNCTION), "Events", "EngagementQueue"),
                "event");
        Map<String, Object> properties = map(event.get("Properties"), "Properties");

        assertThat(event).containsEntry("Type", "SQS");
        assertThat(properties).containsEntry("Queue", getAtt(QUEUE, "Arn"))
                .containsEntry("BatchSize", 1)
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("ScalingConfig", Map.of("MaximumConcurrency", ref("EngagementWorkerConcurrency")));
        assertThat(template.parameter("EngagementWorkerConcurrency")).containsEntry("Default", 2)
                .containsEntry("MinValue", 2);
        assertThat(template.properties(WORKER_FUNCTION))
                .containsEntry("Handler", "com.sendsummary.handler.EngagementWorkerHandler::handleRequest")
                .containsEntry("AutoPublishCodeSha256", ref("ConfigurationRevision"))
                .containsEntry("Role", getAtt(WORKER_ROLE, "Arn"))
                .doesNotContainKey("Policies");
        assertThat(template.properties("EngagementWorkerFunctionLogGroup"))
                .containsEntry("LogGroupName", sub("/aws/lambda/${" + WORKER_FUNCTION + "}"))
                .containsEntry("RetentionInDays", ref("LogRetentionDays"));
    }

    @Test
    void engagementVariables_areGivenToEveryFunction() {
        Map<String, Object> variables = map(get(template.globalFunction(), "Environment", "Variables"), "Variables");

        assertThat(variables).containsEntry("ENGAGEMENT_QUEUE_URL", ref(QUEUE))
                .containsEntry("ENGAGEMENT_STATE_BUCKET", ref(BUCKET))
                .containsEntry("ENGAGEMENT_OVERLAP_MINUTES", ref("EngagementOverlapMinutes"))
                .containsEntry("ENGAGEMENT_INLINE_MAX_EVENTS", ref("EngagementInlineMaxEvents"))
                .containsEntry("ENGAGEMENT_FULL_RECOMPUTE_AFTER_HOURS", ref("EngagementFullRecomputeAfterHours"));
        assertThat(template.parameter("EngagementOverlapMinutes")).containsEntry("Default", 60);
        assertThat(template.parameter("EngagementInlineMaxEvents")).containsEntry("Default", 100000);
        assertThat(template.parameter("EngagementFullRecomputeAfterHours")).containsEntry("Default", 24);
    }

    @Test
    void stateBucket_isPrivateEncryptedAndExpiresItsStateObjects() {
        Map<String, Object> bucket = template.properties(BUCKET);

        assertThat(template.resource(BUCKET)).containsEntry("DeletionPolicy", "Retain")
                .containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(get(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration")).isEqualTo(List.of(
                Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))));
        assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(get(bucket, "OwnershipControls", "Rules"))
                .isEqualTo(List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")));
        List<Object> rules = new ArrayList<>((List<?>) get(bucket, "LifecycleConfiguration", "Rules"));
        assertThat(rules).containsExactlyInAnyOrder(
                Map.of("Id", "ExpireEngagementState", "Status", "Enabled", "Prefix", "state/",
                        "ExpirationInDays", ref("EngagementStateRetentionDays")),
                Map.of("Id", "AbortIncompleteMultipartUploads", "Status", "Enabled",
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1)));
        assertThat(template.parameter("EngagementStateRetentionDays")).containsEntry("Default", 30);
    }

    @Test
    void stateBucketPolicy_refusesRequestsWithoutTls() {
        Map<String, Object> policy = template.properties("EngagementStateBucketPolicy");
        List<?> statements = (List<?>) get(policy, "PolicyDocument", "Statement");

        assertThat(policy.get("Bucket")).isEqualTo(ref(BUCKET));
        assertThat(statements).singleElement().satisfies(statement -> assertThat(map(statement, "Statement"))
                .containsEntry("Effect", "Deny")
                .containsEntry("Principal", "*")
                .containsEntry("Action", "s3:*")
                .containsEntry("Resource", List.of(getAtt(BUCKET, "Arn"), sub("${" + BUCKET + ".Arn}/*")))
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
    }

    /**
     * Who may do what with the queue and the bucket: the HTTP and refresh functions start computations and read and
     * write state; the worker also polls the queue, deletes state, and reads the table and the SFMC secret.
     */
    @Test
    void engagement_grantsAreLeastPrivilege() {
        Map<String, Object> send = Map.of("Action", "sqs:SendMessage", "Resource", getAtt(QUEUE, "Arn"));
        Map<String, Object> readWriteState = Map.of("Action", List.of("s3:GetObject", "s3:PutObject"),
                "Resource", sub(STATE_OBJECTS));
        for (String function : List.of(HTTP_FUNCTION, REFRESH_FUNCTION)) {
            assertThat(grants(function)).as(function).contains(send, readWriteState);
        }
        assertThat(grants(WORKER_ROLE)).containsExactlyInAnyOrder(
                Map.of("Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"), "Resource",
                        getAtt("SummaryTable", "Arn")),
                Map.of("Action", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ChangeMessageVisibility"), "Resource", getAtt(QUEUE, "Arn")),
                send,
                Map.of("Action", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                        "Resource", sub(STATE_OBJECTS)),
                Map.of("Action", "secretsmanager:GetSecretValue", "Resource", ref("SfmcSecretArn")),
                Map.of("Action", "kms:Decrypt", "Resource", ref("SfmcSecretKmsKeyArn")));
        assertThat(statements().stream().filter(statement -> statement.owner().equals(WORKER_ROLE))
                .filter(statement -> "kms:Decrypt".equals(statement.body().get("Action"))))
                .singleElement().satisfies(statement -> assertThat(statement.body().get("Condition")).isEqualTo(
                        Map.of("StringEquals", Map.of("kms:ViaService",
                                sub("secretsmanager.${AWS::Region}.amazonaws.com")))));
        // Only what SAM grants every function it makes a role for: logs, and X-Ray when traced; no SQS managed policy.
        assertThat(template.properties(WORKER_ROLE).get("ManagedPolicyArns")).isEqualTo(List.of(
                sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                ifCondition("UseTracing", sub("arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"),
                        noValue())));
    }

    /**
     * Every IAM statement the template itself writes (function policies, roles, the queue and bus policies; not those
     * SAM generates) names the resources it grants, as {@link #tooBroad(String)} defines it. A resource taken from a
     * parameter must be constrained by a pattern that refuses {@code *}.
     */
    @Test
    void statements_nameTheirResources() {
        List<Statement> statements = statements();

        List<String> offences = new ArrayList<>();
        for (Statement statement : statements) {
            if (statement.body().containsKey("NotResource")) {
                offences.add(statement.path() + ": NotResource grants everything else");
            }
            // A Deny grants nothing: the broader the better (the bucket policy refuses non-TLS requests on every key).
            if (statement.path().contains("AssumeRolePolicyDocument")
                    || "Deny".equals(statement.body().get("Effect"))) {
                continue;
            }
            if (!statement.body().containsKey("Resource")) {
                offences.add(statement.path() + ": no Resource");
            }
            for (String resource : resources(statement.body().getOrDefault("Resource", List.of()))) {
                tooBroad(resource).ifPresent(why -> offences.add(statement.path() + ": " + resource + ", " + why));
                parameterReferenced(resource)
                        .filter(parameter -> !refusesWildcard(template.parameter(parameter).get("AllowedPattern")))
                        .ifPresent(parameter -> offences.add(statement.path() + ": " + resource
                                + ", a parameter whose AllowedPattern does not refuse *"));
            }
        }

        assertThat(statements).extracting(Statement::owner).contains(HTTP_FUNCTION, REFRESH_FUNCTION,
                "RefreshSchedulerRole", "RefreshDeadLetterQueuePolicy", "SendEventBusPolicy", WORKER_ROLE,
                "EngagementStateBucketPolicy");
        assertThat(offences).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "*",
            "arn:aws:s3:::*",
            "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/send-summaries",
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*",
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/send*",
            "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*",
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/x:*",
            "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/*",
            "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/*/*",
            "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/group-?/*",
            "arn:${AWS::Partition}:s3:::${EngagementStateBucket}/*",
            "arn:${AWS::Partition}:s3:::*/state/*"})
    void tooBroad_whenWildcardGoesBeyondTheChildrenOfANamedContainer(String resource) {
        assertThat(tooBroad(resource)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "${SummaryTable.Arn}",
            "${SfmcSecretArn}",
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${SendEventBus}",
            "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${RefreshScheduleGroup}/*",
            "arn:${AWS::Partition}:s3:::${EngagementStateBucket}/state/*"})
    void tooBroad_whenNamedOrTheChildrenOfANamedContainer_isEmpty(String resource) {
        assertThat(tooBroad(resource)).isEmpty();
    }

    @Test
    void parameters_eachInExactlyOneParameterGroup() {
        List<Object> grouped = new ArrayList<>();
        for (Object group : (List<?>) get(template.section("Metadata"), "AWS::CloudFormation::Interface",
                "ParameterGroups")) {
            grouped.addAll((List<?>) map(group, "ParameterGroup").get("Parameters"));
        }

        assertThat(grouped).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(template.section("Parameters").keySet());
    }

    /**
     * Why {@code resource} (a literal, or a {@code Fn::Sub} template, or {@code ${Name}} for a Ref or GetAtt) is too
     * broad; empty when it names what it grants. A wildcard may only stand for the children of a container the stack
     * names, as the whole last path segment below a named parent: {@code schedule/${RefreshScheduleGroup}/*}, the
     * follow-up schedules, which the function creates at run time under names the template cannot know. Never
     * {@code *}, nor a wildcard in the partition, service, region or account, nor one for a whole resource type
     * ({@code table/*}, {@code secret:*}), a name prefix ({@code table/send*}) or the sub-resources of an ARN's
     * {@code :*} form.
     */
    static Optional<String> tooBroad(String resource) {
        if (!hasWildcard(resource)) {
            return Optional.empty();
        }
        if (resource.equals("*")) {
            return Optional.of("every resource");
        }
        String[] arn = resource.split(":", 6);
        if (arn.length < 6 || !arn[0].equals("arn")) {
            return Optional.of("a wildcard in something other than an ARN");
        }
        String[] fields = {"arn", "partition", "service", "region", "account"};
        for (int i = 1; i < 5; i++) {
            if (hasWildcard(arn[i])) {
                return Optional.of("a wildcard for the " + fields[i]);
            }
        }
        String[] path = arn[5].split("/", -1);
        if (path.length < 3 || !path[path.length - 1].equals("*")) {
            return Optional.of("a wildcard for a resource type, a name prefix or sub-resources");
        }
        for (int i = 0; i < path.length - 1; i++) {
            if (path[i].isEmpty() || hasWildcard(path[i])) {
                return Optional.of("a wildcard in the parent's name");
            }
        }
        return Optional.empty();
    }

    private static boolean refusesWildcard(Object allowedPattern) {
        return allowedPattern instanceof String pattern && !Pattern.compile(pattern).matcher("*").matches();
    }

    private static boolean hasWildcard(String text) {
        return text.contains("*") || text.contains("?");
    }

    /** A statement of the template's own, by the resource (logical ID) it belongs to and its path in the template. */
    record Statement(String owner, String path, Map<String, Object> body) {
    }

    private static List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        collectStatements(template.resources(), "Resources", statements);
        return statements;
    }

    private static void collectStatements(Object node, String path, List<Statement> into) {
        if (node instanceof Map<?, ?>) {
            Map<String, Object> map = map(node, path);
            if (map.containsKey("Effect") && (map.containsKey("Action") || map.containsKey("NotAction"))) {
                into.add(new Statement(path.split("\\.")[1], path, map));
                return;
            }
            map.forEach((key, value) -> collectStatements(value, path + "." + key, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectStatements(list.get(i), path + "[" + i + "]", into);
            }
        }
    }

    /** Where in {@code node} a value matching {@code match} occurs, as paths like {@code Resources.X.Properties}. */
    private static List<String> paths(Object node, String path, Predicate<Object> match) {
        List<String> found = new ArrayList<>();
        if (match.test(node)) {
            found.add(path);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> found.addAll(paths(value, path + "." + key, match)));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                found.addAll(paths(list.get(i), path + "[" + i + "]", match));
            }
        }
        return found;
    }

    /** A statement's Resource as strings: literals, Fn::Sub templates, {@code ${Name}} for Ref and GetAtt. */
    private static List<String> resources(Object value) {
        if (value instanceof String literal) {
            return List.of(literal);
        }
        if (value instanceof List<?> list) {
            return list.stream().flatMap(item -> resources(item).stream()).toList();
        }
        Map<String, Object> intrinsic = map(value, "Resource");
        if (intrinsic.equals(noValue())) {
            return List.of();
        }
        if (intrinsic.get("Ref") instanceof String name) {
            return List.of("${" + name + "}");
        }
        if (intrinsic.get("Fn::GetAtt") instanceof List<?> attribute) {
            return List.of("${" + attribute.get(0) + "." + attribute.get(1) + "}");
        }
        if (intrinsic.containsKey("Fn::Sub")) {
            Object sub = intrinsic.get("Fn::Sub");
            return List.of((String) (sub instanceof List<?> withVariables ? withVariables.get(0) : sub));
        }
        if (intrinsic.get("Fn::If") instanceof List<?> branches) {
            List<String> both = new ArrayList<>(resources(branches.get(1)));
            both.addAll(resources(branches.get(2)));
            return both;
        }
        throw new AssertionError("A Resource built with " + intrinsic.keySet() + ": teach this test to read it");
    }

    /** The template parameter {@code resource} is, when it is exactly {@code ${Parameter}}. */
    private static Optional<String> parameterReferenced(String resource) {
        Matcher reference = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(resource);
        if (reference.matches() && template.section("Parameters").containsKey(reference.group(1))) {
            return Optional.of(reference.group(1));
        }
        return Optional.empty();
    }

    /** The permissions {@code owner} grants (Allow statements, not its trust policy), each as Action and Resource. */
    private static List<Map<String, Object>> grants(String owner) {
        return statements().stream()
                .filter(statement -> statement.owner().equals(owner))
                .filter(statement -> !statement.path().contains("AssumeRolePolicyDocument"))
                .filter(statement -> "Allow".equals(statement.body().get("Effect")))
                .map(statement -> Map.of("Action", statement.body().get("Action"),
                        "Resource", statement.body().get("Resource")))
                .toList();
    }

    private static Map<String, Object> alarm(String logicalId) {
        assertThat(template.type(logicalId)).as(logicalId).isEqualTo("AWS::CloudWatch::Alarm");
        Map<String, Object> alarm = template.properties(logicalId);
        Object topic = ifCondition("HasAlarmTopic", List.of(ref("AlarmTopicArn")), noValue());
        assertThat(alarm).as(logicalId)
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("AlarmActions", topic)
                .containsEntry("OKActions", topic);
        return alarm;
    }

    private static Map<String, Object> dimensions(Map<String, Object> alarm) {
        Map<String, Object> dimensions = new LinkedHashMap<>();
        for (Object dimension : (List<?>) alarm.get("Dimensions")) {
            Map<String, Object> pair = map(dimension, "Dimension");
            dimensions.put((String) pair.get("Name"), pair.get("Value"));
        }
        return dimensions;
    }
}
