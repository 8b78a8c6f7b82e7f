package com.sendsummary.sfmc;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One tracking event row. {@code eventType} is SFMC's {@code EventType} text (e.g. {@code Open},
 * {@code HardBounce}); the click fields are set for {@link TrackingEventType#CLICK} only and the bounce fields for
 * {@link TrackingEventType#BOUNCE} only. {@code partnerProperties} holds name/value pairs SFMC returns outside the
 * WSDL (e.g. {@code ListID} on sent events); never null.
 */
public record TrackingEvent(TrackingEventType type, int sendId, Integer clientId, String subscriberKey,
                            Instant eventDate, String eventType, Integer batchId, String triggeredSendDefinitionObjectId,
                            Integer urlId, String url, String smtpCode, String bounceCategory, String smtpReason,
                            String bounceType, Map<String, String> partnerProperties) {

    public TrackingEvent {
        Objects.requireNonNull(type, "type");
        partnerProperties = partnerProperties == null || partnerProperties.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(partnerProperties));
    }
}
