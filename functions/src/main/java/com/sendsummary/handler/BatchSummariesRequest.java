package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.summary.BatchSummaryService;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /sends/summaries} request: body {@code {"jobIds":[910001,...],"clientId":100002}}, possibly
 * base64-encoded by API Gateway ({@code isBase64Encoded}). Duplicate JobIDs are dropped, the first occurrence keeping
 * its place; unknown fields are ignored.
 *
 * <p>Errors (400): {@code invalid_body} (no body, not JSON, not a JSON object); {@code invalid_job_ids}
 * ({@code jobIds} missing, not an array, empty, or with an element that is not a positive 32-bit JSON integer);
 * {@code too_many_job_ids} (more than 100 distinct JobIDs); {@code invalid_client_id}.
 */
record BatchSummariesRequest(List<Integer> jobIds, Integer clientId) {

    static BatchSummariesRequest from(APIGatewayV2HTTPEvent event) {
        JsonNode body = body(event);
        JsonNode jobIdsNode = body.get("jobIds");
        if (jobIdsNode == null || !jobIdsNode.isArray() || jobIdsNode.isEmpty()) {
            throw new InvalidRequestException("invalid_job_ids",
                    "jobIds must be a non-empty array of JobIDs, e.g. {\"jobIds\":[910001,910002]}");
        }
        Set<Integer> jobIds = new LinkedHashSet<>();
        for (int i = 0; i < jobIdsNode.size(); i++) {
            Integer jobId = positiveInt(jobIdsNode.get(i));
            if (jobId == null) {
                throw new InvalidRequestException("invalid_job_ids",
                        "jobIds[" + i + "] must be a positive 32-bit integer (an SFMC JobID)");
            }
            jobIds.add(jobId);
            if (jobIds.size() > BatchSummaryService.MAX_JOB_IDS) {
                throw new InvalidRequestException("too_many_job_ids",
                        "jobIds may hold at most " + BatchSummaryService.MAX_JOB_IDS + " distinct JobIDs");
            }
        }
        JsonNode clientIdNode = body.get("clientId");
        Integer clientId = null;
        if (clientIdNode != null && !clientIdNode.isNull()) {
            clientId = positiveInt(clientIdNode);
            if (clientId == null) {
                throw new InvalidRequestException("invalid_client_id",
                        "clientId must be a positive 32-bit integer (the MID of a business unit) when present");
            }
        }
        return new BatchSummariesRequest(List.copyOf(jobIds), clientId);
    }

    private static JsonNode body(APIGatewayV2HTTPEvent event) {
        String text = event.getBody();
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("invalid_body", "the body must be a JSON object with jobIds");
        }
        try {
            byte[] bytes = event.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(text.strip())
                    : text.getBytes(StandardCharsets.UTF_8);
            JsonNode json = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (IllegalArgumentException | IOException e) {
            // bad base64 or bad JSON: answered below like any other body that is not a JSON object
        }
        throw new InvalidRequestException("invalid_body", "the body must be a JSON object with jobIds");
    }

    /** A JSON integer from 1 to 2^31-1; strings, fractions and exponents are refused. */
    private static Integer positiveInt(JsonNode node) {
        return node.isIntegralNumber() ? Identifiers.positiveInt(node.bigIntegerValue().toString()) : null;
    }
}
