package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parsing of the parameters several routes share: SFMC identifiers (JobID, MID), which are positive 32-bit integers
 * (xsd:int) in SFMC's API, and the {@code refresh} flag. Each failure is the route's 400 with a stable code.
 */
final class Identifiers {
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,9}");

    private Identifiers() {
    }

    /** The identifier, or null if {@code text} is not a positive 32-bit integer in plain decimal digits. */
    static Integer positiveInt(String text) {
        if (text == null || !POSITIVE_INT.matcher(text).matches()) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= Integer.MAX_VALUE ? (int) value : null;
    }

    /** The {@code {jobId}} path parameter; {@code invalid_job_id} otherwise ({@code example} shows a valid path). */
    static int jobId(APIGatewayV2HTTPEvent event, String example) {
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Integer jobId = positiveInt(path.get("jobId"));
        if (jobId == null) {
            throw new InvalidRequestException("invalid_job_id",
                    "jobId must be a positive 32-bit integer (an SFMC JobID), e.g. " + example);
        }
        return jobId;
    }

    /** The optional {@code clientId} query parameter (a MID), null when absent; {@code invalid_client_id} if bad. */
    static Integer clientId(Map<String, String> query) {
        if (!query.containsKey("clientId")) {
            return null;
        }
        Integer clientId = positiveInt(query.get("clientId"));
        if (clientId == null) {
            throw new InvalidRequestException("invalid_client_id",
                    "clientId must be a positive 32-bit integer (the MID of a business unit)");
        }
        return clientId;
    }

    /** The optional {@code refresh} flag: absent or {@code false}, {@code true} or empty; {@code invalid_refresh}. */
    static boolean refresh(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("invalid_refresh", "refresh must be true or false");
    }

    /** The query parameters, never null. */
    static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }
}
