package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A validated {@code GET /sends?from=&to=&clientId=&limit=&cursor=} request.
 *
 * <p>Errors (400): {@code missing_parameter} (no {@code from} or {@code to}); {@code invalid_window} ({@code from} or
 * {@code to} not an ISO-8601 instant with offset or {@code Z} from 2000 to 2099, {@code from} not before {@code to},
 * or more than 93 days apart); {@code invalid_client_id}; {@code invalid_limit} (not 1 to 200); {@code invalid_cursor}
 * (not issued by this deployment, altered, or issued for another from/to/clientId).
 */
record SendListingRequest(SendWindow window, int limit, Optional<PagePosition> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static SendListingRequest from(APIGatewayV2HTTPEvent event, CursorCodec cursors) {
        RequestParameters parameters = RequestParameters.of(event);
        Instant from = parameters.requiredInstant("from");
        Instant to = parameters.requiredInstant("to");
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("invalid_window", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(SendWindow.MAX_LENGTH) > 0) {
            throw new InvalidRequestException("invalid_window",
                    "from and to may be at most " + SendWindow.MAX_LENGTH.toDays() + " days apart");
        }
        SendWindow window = new SendWindow(from, to, parameters.clientId());
        int limit = parameters.count("limit", DEFAULT_LIMIT, MAX_LIMIT);
        Optional<PagePosition> after = parameters.raw("cursor") == null ? Optional.empty()
                : Optional.of(ListingCursor.decode(cursors, parameters.raw("cursor"), window));
        return new SendListingRequest(window, limit, after);
    }
}
