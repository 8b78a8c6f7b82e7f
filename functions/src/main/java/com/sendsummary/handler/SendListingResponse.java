package com.sendsummary.handler;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.summary.SendPage;
import com.sendsummary.summary.SendSummary;
import java.time.Instant;
import java.util.List;

/** The 200 body of {@code GET /sends}; {@code nextCursor} is null on the last page. */
@JsonPropertyOrder({"from", "to", "clientId", "sends", "nextCursor"})
record SendListingResponse(Instant from, Instant to, Integer clientId, List<SendSummary> sends, String nextCursor) {

    static SendListingResponse of(SendListingRequest request, SendPage page, CursorCodec cursors) {
        return new SendListingResponse(request.window().from(), request.window().to(), request.window().clientId(),
                page.sends(),
                page.next().map(next -> ListingCursor.encode(cursors, request.window(), next)).orElse(null));
    }
}
