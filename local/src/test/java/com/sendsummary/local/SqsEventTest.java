package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The event {@link SqsEvent} builds is the one Lambda sends: the Lambda Java runtime's own serializer
 * (aws-lambda-java-serialization, what it uses for a {@code RequestHandler<SQSEvent, ...>}) reads every field of it,
 * and writes back the same document.
 */
class SqsEventTest {

    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:sfmc-send-summary-EngagementQueue";
    private static final PojoSerializer<SQSEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SQSEvent.class.getClassLoader());

    private static final Message PLAIN = Message.builder()
            .messageId("059f36b4-87a3-44ab-83d2-661975830a7d")
            .receiptHandle("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a")
            .body("{\"jobId\":910001}")
            .md5OfBody("e4e68fb7bd0e697a0ae8f1bb342846b3")
            .attributesWithStrings(Map.of(
                    "ApproximateReceiveCount", "2",
                    "SentTimestamp", "1545082649183",
                    "SenderId", "AIDAIENQZJOLO23YVJ4VO",
                    "ApproximateFirstReceiveTimestamp", "1545082649185",
                    "VisibilityTimeout", "not a system attribute Lambda passes"))
            .build();

    private static final Message WITH_ATTRIBUTES = Message.builder()
            .messageId("2e1424d4-f796-459a-8184-9c92662be6da")
            .receiptHandle("AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq")
            .body("continue")
            .md5OfBody("0ba1a5ac2ab4d3d0f4bd1e1e8d84ea1f")
            .md5OfMessageAttributes("582c92c5c5b6ac403040a4f3ab3115c9")
            .attributesWithStrings(Map.of(
                    "ApproximateReceiveCount", "1",
                    "SentTimestamp", "1545082650636",
                    "SenderId", "AIDAIENQZJOLO23YVJ4VO",
                    "ApproximateFirstReceiveTimestamp", "1545082650649",
                    "AWSTraceHeader", "Root=1-602e71f6-5c6b04245f199c004EXAMPLE"))
            .messageAttributes(Map.of(
                    "kind", MessageAttributeValue.builder().dataType("String").stringValue("continuation").build(),
                    "pass", MessageAttributeValue.builder().dataType("Number").stringValue("3").build(),
                    "state", MessageAttributeValue.builder().dataType("Binary")
                            .binaryValue(SdkBytes.fromUtf8String("1100")).build()))
            .build();

    @Test
    void build_isReadByTheLambdaRuntimesSerializer_fieldForField() {
        SQSEvent event = read(SqsEvent.build(List.of(PLAIN, WITH_ATTRIBUTES), QUEUE_ARN, "us-east-1"));

        assertThat(event.getRecords()).hasSize(2);
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        assertThat(first.getMessageId()).isEqualTo(PLAIN.messageId());
        assertThat(first.getReceiptHandle()).isEqualTo(PLAIN.receiptHandle());
        assertThat(first.getBody()).isEqualTo("{\"jobId\":910001}");
        assertThat(first.getMd5OfBody()).isEqualTo(PLAIN.md5OfBody());
        assertThat(first.getMd5OfMessageAttributes()).isNull();
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo(QUEUE_ARN);
        assertThat(first.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(first.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ApproximateReceiveCount", "2",
                "SentTimestamp", "1545082649183",
                "SenderId", "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp", "1545082649185"));
        assertThat(first.getMessageAttributes()).isEmpty();

        SQSEvent.SQSMessage second = event.getRecords().get(1);
        assertThat(second.getAttributes()).containsEntry("AWSTraceHeader", "Root=1-602e71f6-5c6b04245f199c004EXAMPLE");
        assertThat(second.getMd5OfMessageAttributes()).isEqualTo("582c92c5c5b6ac403040a4f3ab3115c9");
        assertThat(second.getMessageAttributes()).containsOnlyKeys("kind", "pass", "state");
        assertThat(second.getMessageAttributes().get("kind").getStringValue()).isEqualTo("continuation");
        assertThat(second.getMessageAttributes().get("kind").getDataType()).isEqualTo("String");
        assertThat(second.getMessageAttributes().get("pass").getStringValue()).isEqualTo("3");
        assertThat(second.getMessageAttributes().get("pass").getDataType()).isEqualTo("Number");
        ByteBuffer state = second.getMessageAttributes().get("state").getBinaryValue();
        assertThat(StandardCharsets.UTF_8.decode(state).toString()).isEqualTo("1100");
        assertThat(second.getMessageAttributes().get("state").getStringListValues()).isEmpty();
        assertThat(second.getMessageAttributes().get("state").getBinaryListValues()).isEmpty();
    }

    /** Nothing is dropped or renamed: a field the runtime did not know would be missing from what it writes back. */
    @Test
    void build_isWhatTheRuntimesSerializerWritesBack() throws Exception {
        JsonNode built = SqsEvent.build(List.of(PLAIN, WITH_ATTRIBUTES), QUEUE_ARN, "us-east-1");

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        RUNTIME.toJson(read(built), written);
        JsonNode back = new ObjectMapper().readTree(written.toByteArray());

        assertThat(withoutNulls(back)).isEqualTo(built);
    }

    @Test
    void build_recordShape_isLambdasExample() {
        JsonNode record = SqsEvent.build(List.of(PLAIN), QUEUE_ARN, "us-east-1").path("Records").get(0);

        assertThat(record.fieldNames()).toIterable().containsExactly("messageId", "receiptHandle", "body",
                "attributes", "messageAttributes", "md5OfBody", "eventSource", "eventSourceARN", "awsRegion");
        assertThat(record.path("attributes").fieldNames()).toIterable().containsExactly("ApproximateReceiveCount",
                "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");
    }

    private static SQSEvent read(JsonNode event) {
        return RUNTIME.fromJson(event.toString());
    }

    /** The serializer writes absent fields as null (and empty lists as they are); the event leaves them out. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = new ObjectMapper().createObjectNode();
            node.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = new ObjectMapper().createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }
}
