package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * <p>Errors: 413 {@code body_too_large} (more than {@value #MAX_BODY_BYTES} bytes); 400 {@code invalid_body} (no
 * body, not JSON, not a JSON object, a duplicate key, or past the reader's limits: see {@link Json#REQUEST_BODY});
 * {@code invalid_job_ids} ({@code jobIds} missing, not an array, empty, or with an element that is not a positive
 * 32-bit JSON integer); {@code too_many_job_ids} (more than 100 elements, duplicates included);
 * {@code invalid_client_id}.
 */
record BatchSummariesRequest(List<Integer> jobIds, Integer clientId) {
    /** Far above the largest useful body (100 JobIDs with their clientId are under 1.5 KB, even pretty-printed). */
    static final int MAX_BODY_BYTES = 16 * 1024;

    static BatchSummariesRequest from(APIGatewayV2HTTPEvent event) {
        JsonNode body = body(event);
        JsonNode jobIdsNode = body.get("jobIds");
        if (jobIdsNode == null || !jobIdsNode.isArray() || jobIdsNode.isEmpty()) {
            throw new InvalidRequestException("invalid_job_ids",
                    "jobIds must be a non-empty array of JobIDs, e.g. {\"jobIds\":[910001,910002]}");
        }
        if (jobIdsNode.size() > BatchSummaryService.MAX_JOB_IDS) {
            throw new InvalidRequestException("too_many_job_ids", "jobIds may hold at most "
                    + BatchSummaryService.MAX_JOB_IDS + " elements (duplicates count)");
        }
        Set<Integer> jobIds = new LinkedHashSet<>();
        for (int i = 0; i < jobIdsNode.size(); i++) {
            Integer jobId = positiveInt(jobIdsNode.get(i));
            if (jobId == null) {
                throw new InvalidRequestException("invalid_job_ids",
                        "jobIds[" + i + "] must be a positive 32-bit integer (an SFMC JobID)");
            }
            jobIds.add(jobId);
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
        // Checked on the text first, so an oversized body is never decoded: base64 is 4/3 of the bytes it encodes.
        long limit = event.getIsBase64Encoded() ? (MAX_BODY_BYTES + 2L) / 3 * 4 : MAX_BODY_BYTES;
        if (text.length() > limit) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            bytes = event.getIsBase64Encoded()
                    ? Base64.getDecoder().decode(text.strip())
                    : text.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_body", "the body is marked base64 but is not base64");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            JsonNode json = Json.REQUEST_BODY.readTree(bytes);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("invalid_body",
                    "the body nests too deep or holds a string, name or number that is too long");
        } catch (JsonParseException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                throw new InvalidRequestException("invalid_body", "the body has a duplicate key");
            }
        } catch (IOException e) {
            // bad JSON: answered below like any other body that is not a JSON object
        }
        throw new InvalidRequestException("invalid_body", "the body must be a JSON object with jobIds");
    }

    private static InvalidRequestException tooLarge() {
        return new InvalidRequestException(413, "body_too_large",
                "the body may be at most " + MAX_BODY_BYTES + " bytes");
    }

    /** A JSON integer from 1 to 2^31-1; strings, fractions and exponents are refused. */
    private static Integer positiveInt(JsonNode node) {
        return node.isIntegralNumber() ? RequestParameters.positiveInt(node.bigIntegerValue().toString()) : null;
    }
}
