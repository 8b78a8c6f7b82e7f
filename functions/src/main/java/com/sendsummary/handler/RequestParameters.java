package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one parser of path and query parameters for every route: SFMC identifiers, whole numbers in a range, flags,
 * instants and opaque strings. Each failure is an {@link InvalidRequestException} (400) with the parameter's stable
 * code, raised before anything is read; no input reaches date arithmetic or SFMC unchecked.
 *
 * <p>API Gateway (payload 2.0) joins a repeated query parameter's values with commas, so {@code limit=1&limit=2}
 * arrives as {@code 1,2} and is refused like any other malformed value.
 */
final class RequestParameters {
    /** Instants outside [2000-01-01, 2100-01-01) are refused: SFMC has no data there, and date arithmetic stays safe. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    /** No parameter this API reads is longer (cursors are at most 1,024 characters). */
    static final int MAX_LENGTH = 1024;
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,9}");

    private final Map<String, String> path;
    private final Map<String, String> query;

    private RequestParameters(Map<String, String> path, Map<String, String> query) {
        this.path = path;
        this.query = query;
    }

    static RequestParameters of(APIGatewayV2HTTPEvent event) {
        return new RequestParameters(event.getPathParameters() == null ? Map.of() : event.getPathParameters(),
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters());
    }

    /** The value, or null if {@code text} is not a positive 32-bit integer in plain decimal digits. */
    static Integer positiveInt(String text) {
        if (text == null || !POSITIVE_INT.matcher(text).matches()) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= Integer.MAX_VALUE ? (int) value : null;
    }

    /** The {@code {jobId}} path parameter (an SFMC JobID: xsd:int); {@code invalid_job_id} otherwise. */
    int jobId(String example) {
        Integer jobId = positiveInt(path.get("jobId"));
        if (jobId == null) {
            throw new InvalidRequestException("invalid_job_id",
                    "jobId must be a positive 32-bit integer (an SFMC JobID), e.g. " + example);
        }
        return jobId;
    }

    /** The optional {@code clientId} (the MID of a business unit), null when absent; {@code invalid_client_id}. */
    Integer clientId() {
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

    /** An optional flag: absent or {@code false}, {@code true} or empty; {@code invalid_<name>} otherwise. */
    boolean flag(String name) {
        String value = query.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException("invalid_" + name, name + " must be true or false");
    }

    /** An optional whole number from 1 to {@code max}, {@code absent} when not given; {@code invalid_<name>}. */
    int count(String name, int absent, int max) {
        String value = query.get(name);
        if (value == null) {
            return absent;
        }
        Integer count = positiveInt(value);
        if (count == null || count > max) {
            throw new InvalidRequestException("invalid_" + name,
                    name + " must be a whole number from 1 to " + max);
        }
        return count;
    }

    /**
     * An optional ISO-8601 instant with {@code Z} or an offset, from 2000 to 2099; {@code invalid_window} otherwise.
     * A space where the offset's {@code +} was is read as one (an unencoded {@code +} decodes to a space).
     */
    Optional<Instant> instant(String name) {
        String value = query.get(name);
        if (value == null) {
            return Optional.empty();
        }
        Instant instant;
        try {
            String text = value.strip().replace(' ', '+');
            if (text.length() > 64) {
                throw new DateTimeException("too long");
            }
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            // DateTimeParseException, and years that parse but cannot be converted (e.g. +999999999 at -18:00)
            throw new InvalidRequestException("invalid_window", name + " must be an ISO-8601 date-time with Z or an "
                    + "offset, e.g. 2025-11-04T15:00:00Z or 2025-11-04T09:00:00-06:00 (encode + as %2B)");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new InvalidRequestException("invalid_window", name + " must lie from 2000-01-01 to 2099-12-31");
        }
        return Optional.of(instant);
    }

    /** A required instant ({@link #instant}); {@code missing_parameter} when absent or empty. */
    Instant requiredInstant(String name) {
        if (query.getOrDefault(name, "").isEmpty()) {
            throw new InvalidRequestException("missing_parameter",
                    name + " is required: an ISO-8601 instant such as 2025-11-01T00:00:00Z");
        }
        return instant(name).orElseThrow();
    }

    /** An optional opaque string of at most {@link #MAX_LENGTH} characters; {@code invalid_<name>} if longer. */
    Optional<String> text(String name) {
        String value = query.get(name);
        if (value != null && value.length() > MAX_LENGTH) {
            throw new InvalidRequestException("invalid_" + name, name + " is longer than " + MAX_LENGTH + " characters");
        }
        return Optional.ofNullable(value);
    }

    /** The raw value of a query parameter (null when absent), for parameters with their own vocabulary. */
    String raw(String name) {
        return query.get(name);
    }
}
