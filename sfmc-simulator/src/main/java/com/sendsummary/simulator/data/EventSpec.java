package com.sendsummary.simulator.data;

import java.time.Instant;
import java.util.Map;

/** An explicit event row in the data file; {@code clientId} and {@code eventType} default from the send and type. */
public record EventSpec(
        String type, int sendId, Integer clientId, String subscriberKey, Instant eventDate, String eventType,
        Integer batchId, String triggeredSendDefinitionObjectId, Integer urlId, String url, Long urlIdLong,
        String smtpCode, String bounceCategory, String smtpReason, String bounceType, Boolean isMasterUnsubscribed,
        String optInSubscriberKey, String question, String answer, Map<String, String> partnerProperties) {
}
