package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code GET /sends?from=&to=&clientId=&limit=&cursor=} request.
 *
 * <p>Errors (400): {@code missing_parameter} (no {@code from} or {@code to}); {@code invalid_window} ({@code from} or
 * {@code to} not an ISO-8601 instant with offset or {@code Z}, {@code from} not before {@code to}, or more than 93
 * days apart); {@code invalid_client_id}; {@code invalid_limit} (not 1 to 200); {@code invalid_cursor} (not issued
 * by this API, altered, or issued for another from/to/clientId).
 */
record SendListingRequest(SendWindow window, int limit, Optional<PagePosition> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static SendListingRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = event.getQueryStringParameters() == null
                ? Map.of() : event.getQueryStringParameters();
        Instant from = instant(query, "from");
        Instant to = instant(query, "to");
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("invalid_window", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(SendWindow.MAX_LENGTH) > 0) {
            throw new InvalidRequestException("invalid_window",
                    "from and to may be at most " + SendWindow.MAX_LENGTH.toDays() + " days apart");
        }
        SendWindow window = new SendWindow(from, to, Identifiers.clientId(query));
        int limit = limit(query.get("limit"));
        String cursor = query.get("cursor");
        return new SendListingRequest(window, limit,
                cursor == null ? Optional.empty() : Optional.of(ListingCursor.decode(cursor, window)));
    }

    private static Instant instant(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("missing_parameter",
                    name + " is required: an ISO-8601 instant such as 2025-11-01T00:00:00Z");
        }
        try {
            // A '+' that was not percent-encoded arrives as a space; no valid timestamp contains one.
            return OffsetDateTime.parse(value.replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("invalid_window", name
                    + " must be an ISO-8601 instant with an offset or Z, e.g. 2025-11-01T00:00:00Z or "
                    + "2025-11-01T00:00:00-06:00 (encode + as %2B)");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        Integer limit = Identifiers.positiveInt(value);
        if (limit == null || limit > MAX_LIMIT) {
            throw new InvalidRequestException("invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
