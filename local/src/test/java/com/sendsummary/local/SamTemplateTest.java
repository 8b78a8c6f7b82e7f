package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SamTemplate} on small templates: merging Globals, resolving intrinsics, failing loudly on the rest. */
class SamTemplateTest {

    private static final Map<String, String> STAND_INS = Map.of(
            "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012",
            "Table", "local-table",
            "Table.Arn", "arn:aws:dynamodb:us-east-1:123456789012:table/local-table");

    private static final String GLOBALS = """
            Parameters:
              Level:
                Type: String
                Default: INFO
                AllowedValues: [DEBUG, INFO, WARN]
              Ttl:
                Type: Number
                Default: 300
              Reserved:
                Type: Number
                Default: -1
              Origins:
                Type: CommaDelimitedList
                Default: ""
                AllowedPattern: ^$|^https://[a-z.]+$
              Mode:
                Type: String
                Default: IAM
            Conditions:
              IsJwt: !Equals [!Ref Mode, JWT]
              HasOrigins: !Not [!Equals [!Join ["", !Ref Origins], ""]]
              HasReserved: !Not [!Equals [!Ref Reserved, -1]]
              Cors: !And [!Condition IsJwt, !Condition HasOrigins]
              Either: !Or [!Condition IsJwt, !Condition HasReserved]
            Globals:
              Function:
                Runtime: java25
                Handler: com.example.Default::handleRequest
                MemorySize: 1024
                Timeout: 30
                LoggingConfig:
                  LogFormat: JSON
                  ApplicationLogLevel: !Ref Level
                  SystemLogLevel: WARN
                Environment:
                  Variables:
                    TABLE: !Ref Table
                    TTL: !Ref Ttl
                    SHARED: globals
                    LITERAL_NUMBER: 15
            """;

    private static SamTemplate withFunctions(String resources) {
        return SamTemplate.parse(GLOBALS + "Resources:\n" + resources, "test template");
    }

    private static final SamTemplate TWO_FUNCTIONS = withFunctions("""
              First:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: com.example.First::handleRequest
                  Timeout: 60
                  Environment:
                    Variables:
                      SHARED: own
                      TABLE_ARN: !GetAtt Table.Arn
                  Events:
                    Get:
                      Type: HttpApi
                      Properties:
                        Method: get
                        Path: /things/{id}
                    Post:
                      Type: HttpApi
                      Properties:
                        Method: POST
                        Path: /things
                        PayloadFormatVersion: "2.0"
                    Rule:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [x]}
              Queue:
                Type: AWS::SQS::Queue
              Second:
                Type: AWS::Serverless::Function
                Properties:
                  MemorySize: 512
            """);

    @Test
    void functionIds_areTheServerlessFunctionsInTemplateOrder() {
        assertThat(TWO_FUNCTIONS.functionIds()).containsExactly("First", "Second");
    }

    @Test
    void function_whenSetOnBoth_takesTheFunctionsOwnValueOverGlobals() {
        SamTemplate.Function first = TWO_FUNCTIONS.function("First", Map.of(), STAND_INS);

        assertThat(first.runtime()).isEqualTo("java25");
        assertThat(first.handler()).isEqualTo("com.example.First::handleRequest");
        assertThat(first.memoryMb()).isEqualTo(1024);
        assertThat(first.timeoutSeconds()).isEqualTo(60);
        assertThat(TWO_FUNCTIONS.function("Second", Map.of(), STAND_INS))
                .satisfies(second -> {
                    assertThat(second.handler()).isEqualTo("com.example.Default::handleRequest");
                    assertThat(second.memoryMb()).isEqualTo(512);
                    assertThat(second.timeoutSeconds()).isEqualTo(30);
                });
    }

    @Test
    void function_mergesGlobalsVariablesWithItsOwnAndAddsWhatLambdaDerivesFromLoggingConfig() {
        assertThat(TWO_FUNCTIONS.function("First", Map.of(), STAND_INS).environment())
                .containsExactlyInAnyOrderEntriesOf(Map.of("TABLE", "local-table", "TTL", "300", "SHARED", "own",
                        "LITERAL_NUMBER", "15", "TABLE_ARN", STAND_INS.get("Table.Arn"),
                        "AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_LOG_LEVEL", "INFO"));
        assertThat(TWO_FUNCTIONS.function("Second", Map.of(), STAND_INS).environment())
                .containsEntry("SHARED", "globals").doesNotContainKey("TABLE_ARN");
    }

    @Test
    void function_whenNoMemoryOrTimeoutAnywhere_takesLambdasDefaults() {
        SamTemplate template = SamTemplate.parse("""
                Resources:
                  Bare:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java25
                      Handler: com.example.Bare::handleRequest
                """, "bare");

        SamTemplate.Function bare = template.function("Bare", Map.of(), Map.of());

        assertThat(bare.memoryMb()).isEqualTo(SamTemplate.DEFAULT_MEMORY_MB);
        assertThat(bare.timeoutSeconds()).isEqualTo(SamTemplate.DEFAULT_TIMEOUT_SECONDS);
        assertThat(bare.environment()).isEmpty();
    }

    @Test
    void function_whenParameterGiven_usesItInsteadOfTheDefault() {
        assertThat(TWO_FUNCTIONS.function("First", Map.of("Level", "DEBUG", "Ttl", "2"), STAND_INS).environment())
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG").containsEntry("TTL", "2");
    }

    @ParameterizedTest
    @CsvSource({"Level, LOUD, 'is not one of [DEBUG, INFO, WARN]'",
            "Origins, 'https://a.example,*', does not match",
            "Missing, x, has no parameter Missing"})
    void function_whenGivenParameterIsRefused_failsNamingIt(String parameter, String value, String problem) {
        assertThatThrownBy(() -> TWO_FUNCTIONS.function("First", Map.of(parameter, value), STAND_INS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parameter).hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "!If [IsJwt, jwt, iam]                        | iam",
            "!If [Cors, cors, none]                       | none",
            "!If [HasReserved, reserved, unreserved]      | unreserved",
            "!If [Either, either, neither]                | neither",
            "!Sub '${AWS::Region}:${Table}:${Table.Arn}'  | us-east-1:local-table:arn:aws:dynamodb:us-east-1:1234567890"
                    + "12:table/local-table",
            "!Sub ['${Name}-${Ttl}-${!Literal}', {Name: !Ref Mode}] | IAM-300-${Literal}",
            "!Join [',', [a, !Ref Ttl, c]]                | a,300,c",
            "!Select [1, !Split ['/', 'a/b/c']]           | b",
            "!Join ['', !Ref Origins]                     | \"\""})
    void function_resolvesIntrinsics(String expression, String expected) {
        assertThat(variable(expression, Map.of())).isEqualTo(expected);
    }

    @Test
    void function_whenConditionsTurnWithParameters_followsThem() {
        assertThat(variable("!If [Cors, cors, none]", Map.of("Mode", "JWT", "Origins", "https://a.example")))
                .isEqualTo("cors");
        assertThat(variable("!If [Either, either, neither]", Map.of("Reserved", "5"))).isEqualTo("either");
    }

    @Test
    void function_whenVariableIsNoValue_leavesItOut() {
        SamTemplate template = withFunctions(function("DROPPED: !If [IsJwt, jwt, !Ref AWS::NoValue]\n"));

        assertThat(template.function("F", Map.of(), STAND_INS).environment()).doesNotContainKey("DROPPED")
                .containsKey("TABLE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "!Ref Queue                   | !Ref Queue has no local stand-in",
            "!GetAtt Table.StreamArn      | !GetAtt Table.StreamArn has no local stand-in",
            "!Sub 'arn:${AWS::Partition}' | AWS::Partition has no local stand-in",
            "!ImportValue shared-thing    | Fn::ImportValue is not supported",
            "!Ref Origins                 | must be text",
            "!If [Unknown, a, b]          | condition Unknown is not in Conditions"})
    void function_whenVariableCannotBeResolved_failsNamingTheVariable(String expression, String problem) {
        assertThatThrownBy(() -> variable(expression, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Resources.F.Properties.Environment.Variables.NEW")
                .hasMessageContaining(problem);
    }

    @Test
    void function_whenReferencedParameterHasNoDefaultAndNoValue_failsNamingIt() {
        SamTemplate template = SamTemplate.parse("""
                Parameters:
                  SecretArn:
                    Type: String
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java25
                      Handler: a.B::c
                      Environment:
                        Variables:
                          SECRET: !Ref SecretArn
                """, "no default");

        assertThatThrownBy(() -> template.function("F", Map.of(), Map.of()))
                .hasMessageContaining("Variables.SECRET").hasMessageContaining("parameter SecretArn has no Default");
        assertThat(template.function("F", Map.of("SecretArn", "arn:x"), Map.of()).environment())
                .containsEntry("SECRET", "arn:x");
    }

    @Test
    void function_whenLogFormatIsText_setsNoLevel() {
        SamTemplate template = withFunctions(function("") + """
                      LoggingConfig:
                        LogFormat: Text
                        ApplicationLogLevel: !Ref AWS::NoValue
                """);

        assertThat(template.function("F", Map.of(), STAND_INS).environment())
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "TEXT").doesNotContainKey("AWS_LAMBDA_LOG_LEVEL");
    }

    @Test
    void function_whenLoggingConfigHasAnUnknownKey_fails() {
        SamTemplate template = withFunctions(function("") + """
                      LoggingConfig:
                        LogGroup: custom
                """);

        assertThatThrownBy(() -> template.function("F", Map.of(), STAND_INS))
                .hasMessageContaining("LoggingConfig").hasMessageContaining("LogGroup is not known");
    }

    @Test
    void function_whenNotAServerlessFunction_failsListingThem() {
        assertThatThrownBy(() -> TWO_FUNCTIONS.function("Queue", Map.of(), STAND_INS))
                .hasMessageContaining("no AWS::Serverless::Function Queue").hasMessageContaining("[First, Second]");
    }

    @Test
    void routeKeys_areTheHttpApiEventsWithUpperCaseMethods() {
        assertThat(TWO_FUNCTIONS.routeKeys("First")).containsExactly("GET /things/{id}", "POST /things");
        assertThat(TWO_FUNCTIONS.routeKeys("Second")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{Type: Api, Properties: {Method: GET, Path: /x}}                           | REST API event",
            "{Type: HttpApi, Properties: {Method: GET, Path: /x, PayloadFormatVersion: 1.0}} | payload 2.0 events",
            "{Type: HttpApi, Properties: {Method: GET, Path: !Sub '/${Mode}'}}            | a literal Method and Path"})
    void routeKeys_whenTheLocalApiCannotServeTheEvent_fails(String event, String problem) {
        SamTemplate template = withFunctions(function("") + "      Events:\n        E: " + event + "\n");

        assertThatThrownBy(() -> template.routeKeys("F"))
                .hasMessageContaining("Events.E").hasMessageContaining(problem);
    }

    private static final String QUEUES = """
              Work:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: !FindInMap [Timeouts, !Ref Ttl, Visibility]
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Dead.Arn
                    maxReceiveCount: 5
              Dead:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
              Bucket:
                Type: AWS::S3::Bucket
            """;

    /** The Globals, a Timeouts mapping keyed by the Ttl parameter, the queues and {@code resources}. */
    private static SamTemplate withQueues(String resources) {
        return SamTemplate.parse(GLOBALS + """
                Mappings:
                  Timeouts:
                    "300": {Visibility: 1800}
                    "60": {Visibility: 360}
                Resources:
                """ + QUEUES + resources, "test template");
    }

    @Test
    void queue_isTheTemplatesAttributesWithSqsDefaultsForTheRest() {
        SamTemplate template = withQueues("");

        assertThat(template.queue("Work", Map.of(), Map.of()))
                .isEqualTo(new SamTemplate.Queue("Work", 1800, 345_600,
                        Optional.of(new SamTemplate.Redrive("Dead", 5))));
        assertThat(template.queue("Dead", Map.of(), Map.of()))
                .isEqualTo(new SamTemplate.Queue("Dead", 30, 1_209_600, Optional.empty()));
    }

    @Test
    void queue_whenFindInMapFollowsAParameter_takesItsRow() {
        assertThat(withQueues("").queue("Work", Map.of("Ttl", "60"), Map.of()).visibilityTimeoutSeconds())
                .isEqualTo(360);
        assertThatThrownBy(() -> withQueues("").queue("Work", Map.of("Ttl", "61"), Map.of()))
                .hasMessageContaining("Fn::FindInMap finds nothing at Mappings.Timeouts.61.Visibility");
    }

    @Test
    void queue_whenNotAQueue_fails() {
        assertThatThrownBy(() -> withQueues("").queue("Bucket", Map.of(), Map.of()))
                .hasMessageContaining("no AWS::SQS::Queue Bucket");
    }

    @Test
    void resourceIds_areThoseOfTheType() {
        assertThat(withQueues("").resourceIds("AWS::SQS::Queue")).containsExactly("Work", "Dead");
        assertThat(withQueues("").resourceIds("AWS::S3::Bucket")).containsExactly("Bucket");
    }

    @Test
    void sqsEvents_areTheFunctionsSqsEventsResolved() {
        SamTemplate template = withQueues(function("") + """
                      Events:
                        Api:
                          Type: HttpApi
                          Properties: {Method: GET, Path: /x}
                        Work:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Work.Arn
                            BatchSize: 1
                            FunctionResponseTypes: [ReportBatchItemFailures]
                            ScalingConfig:
                              MaximumConcurrency: !Ref Ttl
                        Plain:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Dead.Arn
                """);

        assertThat(template.sqsEvents("F", Map.of("Ttl", "3"), Map.of())).containsExactly(
                new SamTemplate.SqsTrigger("Work", "Work", 1, 3, 0, true),
                new SamTemplate.SqsTrigger("Plain", "Dead", SamTemplate.DEFAULT_SQS_BATCH_SIZE,
                        SamTemplate.DEFAULT_SQS_CONCURRENCY, 0, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{Queue: 'arn:aws:sqs:us-east-1:123456789012:other'}                | must be !GetAtt <Resource>.Arn",
            "{Queue: !GetAtt Bucket.Arn}                                         | not an AWS::SQS::Queue",
            "{Queue: !GetAtt Work.Arn, FunctionResponseTypes: [Everything]}      | FunctionResponseTypes"})
    void sqsEvents_whenTheLocalRunnerCannotPollTheEvent_fails(String properties, String problem) {
        SamTemplate template = withQueues(function("") + "      Events:\n        E: {Type: SQS, Properties: "
                + properties + "}\n");

        assertThatThrownBy(() -> template.sqsEvents("F", Map.of(), Map.of()))
                .hasMessageContaining("Events.E").hasMessageContaining(problem);
    }

    /** Function F with the Globals and these extra lines under its Variables; more properties may follow. */
    private static String function(String variables) {
        return """
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Environment:
                        Variables:
                          OWN: x
                """ + variables.indent(10);
    }

    /** The value F's variable NEW gets when defined as {@code expression}. */
    private static String variable(String expression, Map<String, String> parameters) {
        SamTemplate template = withFunctions(function("NEW: " + expression + "\n"));
        return template.function("F", parameters, STAND_INS).environment().get("NEW");
    }
}
