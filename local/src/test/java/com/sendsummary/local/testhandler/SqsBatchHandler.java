package com.sendsummary.local.testhandler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only worker answering an SQS event as a {@code ReportBatchItemFailures} function does, by each message's body:
 * {@code report...} is listed in {@code batchItemFailures}, {@code throw...} makes the invocation fail,
 * {@code sleep...} sleeps past any short timeout; anything else succeeds. It logs one line per record,
 * {@code sqs-batch-handler <messageId> <body> receiveCount=<n> source=<eventSourceARN>}.
 *
 * <p>Like {@link EchoHandler}, free of dependencies other than aws-lambda-java-core; it reads the event with regular
 * expressions, which the simple bodies of the tests allow.
 */
public final class SqsBatchHandler implements RequestStreamHandler {

    public static final String HANDLER = SqsBatchHandler.class.getName() + "::handleRequest";

    private static final Pattern RECORD = Pattern.compile("\"messageId\":\"([^\"]*)\",\"receiptHandle\":\"[^\"]*\","
            + "\"body\":\"([^\"]*)\",\"attributes\":\\{[^}]*\"ApproximateReceiveCount\":\"(\\d+)\"");
    private static final Pattern SOURCE = Pattern.compile("\"eventSourceARN\":\"([^\"]*)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Matcher source = SOURCE.matcher(event);
        String sourceArn = source.find() ? source.group(1) : "none";
        Matcher record = RECORD.matcher(event);
        List<String> failed = new ArrayList<>();
        boolean fail = false;
        while (record.find()) {
            String messageId = record.group(1);
            String body = record.group(2);
            context.getLogger().log("sqs-batch-handler " + messageId + " " + body + " receiveCount=" + record.group(3)
                    + " source=" + sourceArn);
            if (body.startsWith("report")) {
                failed.add("{\"itemIdentifier\":\"" + messageId + "\"}");
            } else if (body.startsWith("throw")) {
                fail = true;
            } else if (body.startsWith("sleep")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (fail) {
            throw new IllegalStateException("sqs batch handler asked to fail");
        }
        output.write(("{\"batchItemFailures\":[" + String.join(",", failed) + "]}").getBytes(StandardCharsets.UTF_8));
    }
}
