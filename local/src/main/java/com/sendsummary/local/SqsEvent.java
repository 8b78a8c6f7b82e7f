package com.sendsummary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds the event Lambda's SQS event source mapping sends a function for a batch of received messages, as
 * aws-lambda-java-events' {@code SQSEvent} reads it.
 *
 * <p>Per record: {@code messageId}, {@code receiptHandle}, {@code body}, {@code attributes} (the message system
 * attributes Lambda passes, as text: {@code ApproximateReceiveCount}, {@code SentTimestamp}, {@code SenderId},
 * {@code ApproximateFirstReceiveTimestamp}, and those of tracing and FIFO queues when SQS returned them),
 * {@code messageAttributes} (each with {@code stringValue} or base64 {@code binaryValue}, the list values and
 * {@code dataType}), {@code md5OfMessageAttributes} when there are message attributes, {@code md5OfBody},
 * {@code eventSource} {@code aws:sqs}, {@code eventSourceARN} and {@code awsRegion}.
 */
public final class SqsEvent {

    /** The message system attributes Lambda puts in a record's {@code attributes}, in the order of its examples. */
    static final List<String> SYSTEM_ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
            "ApproximateFirstReceiveTimestamp", "AWSTraceHeader", "SequenceNumber", "MessageGroupId",
            "MessageDeduplicationId", "DeadLetterQueueSourceArn");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvent() {
    }

    public static ObjectNode build(List<Message> messages, String queueArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            Map<String, String> system = message.attributesAsStrings();
            for (String name : SYSTEM_ATTRIBUTES) {
                if (system.containsKey(name)) {
                    attributes.put(name, system.get(name));
                }
            }
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttribute(messageAttributes.putObject(name),
                    value));
            if (!message.messageAttributes().isEmpty() && message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event;
    }

    private static void messageAttribute(ObjectNode attribute, MessageAttributeValue value) {
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", base64(value.binaryValue()));
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues().forEach(binary -> binaries.add(base64(binary)));
        attribute.put("dataType", value.dataType());
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
