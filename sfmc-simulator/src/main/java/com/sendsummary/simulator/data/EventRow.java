package com.sendsummary.simulator.data;

import java.time.Instant;
import java.util.Map;

/**
 * One tracking event as stored by the simulator. {@code type} is the SOAP ObjectType ({@code OpenEvent} ...),
 * {@code seq} the insertion order (used for RetrieveAllSinceLastBatch), {@code clientId} the MID of the send's BU.
 */
public record EventRow(
        long seq, String type, int sendId, int clientId, String subscriberKey, Instant eventDate, String eventType,
        Integer batchId, String triggeredSendDefinitionObjectId, Integer urlId, String url, Long urlIdLong,
        String smtpCode, String bounceCategory, String smtpReason, String bounceType, Boolean isMasterUnsubscribed,
        String optInSubscriberKey, String question, String answer, Map<String, String> partnerProperties) {

    public EventRow {
        partnerProperties = partnerProperties == null ? Map.of() : Map.copyOf(partnerProperties);
    }
}
