package com.sendsummary.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.sfmc.TrackingEvent;
import java.time.Instant;

/**
 * One tracking event as the API returns it. A field SFMC gave no value for is left out, and so are the fields of the
 * other types: {@code url}/{@code urlId} belong to clicks, {@code bounceCategory}/{@code smtpCode}/
 * {@code smtpReason}/{@code bounceType} to bounces, {@code reason} (SFMC's {@code Reason} partner property) to
 * not-sent events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"subscriberKey", "eventDate", "type", "batchId", "url", "urlId", "bounceCategory", "smtpCode",
        "smtpReason", "bounceType", "reason"})
public record EventItem(String subscriberKey, Instant eventDate, String type, Integer batchId, String url,
                        Integer urlId, String bounceCategory, String smtpCode, String smtpReason, String bounceType,
                        String reason) {
    /** The PartnerProperty in which SFMC says why a NotSentEvent was not sent. */
    static final String REASON_PROPERTY = "Reason";

    public static EventItem from(TrackingEvent event) {
        return switch (event.type()) {
            case CLICK -> new EventItem(event.subscriberKey(), event.eventDate(), EventTypeNames.name(event.type()),
                    event.batchId(), event.url(), event.urlId(), null, null, null, null, null);
            case BOUNCE -> new EventItem(event.subscriberKey(), event.eventDate(), EventTypeNames.name(event.type()),
                    event.batchId(), null, null, event.bounceCategory(), event.smtpCode(), event.smtpReason(),
                    event.bounceType(), null);
            case NOT_SENT -> new EventItem(event.subscriberKey(), event.eventDate(), EventTypeNames.name(event.type()),
                    event.batchId(), null, null, null, null, null, null,
                    event.partnerProperties().get(REASON_PROPERTY));
            default -> new EventItem(event.subscriberKey(), event.eventDate(), EventTypeNames.name(event.type()),
                    event.batchId(), null, null, null, null, null, null, null);
        };
    }
}
