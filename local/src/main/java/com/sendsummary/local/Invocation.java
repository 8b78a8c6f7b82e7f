package com.sendsummary.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;

/**
 * The result of one invoke through the emulator.
 *
 * @param statusCode HTTP status of the emulator's invoke API (200 also for handled function errors, as Lambda)
 * @param body       the raw response payload: the handler's JSON, or Lambda's error document
 * @param elapsed    wall time of the invoke as seen by the caller (includes JVM start and init when cold)
 * @param coldStart  whether this invoke started the function's JVM
 */
public record Invocation(int statusCode, String body, Duration elapsed, boolean coldStart) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The payload as JSON; {@link IllegalStateException} if it is not JSON (e.g. "Task timed out ..."). */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Function response is not JSON: " + body, e);
        }
    }

    /**
     * Whether the function failed (threw, timed out, or could not start): the emulator's equivalent of Lambda's
     * {@code X-Amz-Function-Error}, which aws-lambda-rie does not send.
     */
    public boolean functionError() {
        if (statusCode != 200) {
            return true;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json == null || (json.isObject() && json.has("errorType") && json.has("errorMessage")
                    && !json.has("statusCode"));
        } catch (JsonProcessingException notJson) {
            return true;
        }
    }
}
