package com.sendsummary.sfmc;

import java.time.Instant;

/**
 * One SFMC {@code Send} (an email job) as retrieved by the SOAP API; {@code jobId} is the Send's {@code ID}.
 * Counters and dates are null when SFMC did not return them.
 */
public record SendRecord(int jobId, Integer clientId, Integer emailId, String emailName, String subject,
                         String fromName, String fromAddress, String status, Boolean isMultipart,
                         Instant sentDate, Instant sendDate, Instant createdDate, Instant modifiedDate,
                         Integer numberSent, Integer numberDelivered, Integer numberTargeted, Integer numberErrored,
                         Integer numberExcluded,
                         Integer uniqueOpens, Integer uniqueClicks, Integer hardBounces, Integer softBounces,
                         Integer otherBounces,
                         Integer unsubscribes, Integer forwardedEmails, Integer existingUndeliverables,
                         Integer existingUnsubscribes,
                         Integer missingAddresses, Integer invalidAddresses, Integer duplicates) {
}
