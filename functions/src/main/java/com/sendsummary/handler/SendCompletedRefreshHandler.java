package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.SendNotFoundException;
import com.sendsummary.summary.SendSummary;
import com.sendsummary.summary.SummaryService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Refreshes a send's cached summary when EventBridge delivers a {@code SendCompleted} event
 * ({@code detail: {"jobId": 910001, "clientId": 100002}}).
 *
 * <p>A malformed event, or a JobID SFMC does not know, is logged with its reason and acknowledged, so it is not
 * retried. An SFMC or AWS failure is thrown, so Lambda's retries and the dead-letter queue apply. The event is read
 * as a stream so that no input shape, however wrong, fails inside the runtime before it can be logged.
 */
public final class SendCompletedRefreshHandler implements RequestStreamHandler {
    private final SummaryService summaries;

    public SendCompletedRefreshHandler() {
        this(Wiring.fromEnvironment().summaryService());
    }

    SendCompletedRefreshHandler(SummaryService summaries) {
        this.summaries = summaries;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaLogger logger = context.getLogger();
        ObjectNode result = Json.MAPPER.createObjectNode();
        RefreshRequest request;
        try {
            request = RefreshRequest.from(readTree(input));
        } catch (InvalidRequestException e) {
            result.put("status", "rejected").put("error", e.code()).put("reason", e.getMessage());
            logger.log(result.deepCopy().put("level", "WARN") + "\n");
            Json.MAPPER.writeValue(output, result);
            return;
        }
        result.put("jobId", request.jobId());
        result.put("clientId", request.clientId());
        try {
            SendSummary summary = summaries.refresh(request.jobId(), request.clientId());
            result.put("status", "refreshed")
                    .put("fetchedAt", summary.cache().fetchedAt().toString())
                    .put("expiresAt", summary.cache().expiresAt().toString());
        } catch (SendNotFoundException e) {
            result.put("status", "not_found").put("reason", e.getMessage());
            logger.log(result.deepCopy().put("level", "WARN") + "\n");
        }
        Json.MAPPER.writeValue(output, result);
    }

    private static JsonNode readTree(InputStream input) throws IOException {
        try {
            return Json.MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed_event", "event is not valid JSON");
        }
    }
}
