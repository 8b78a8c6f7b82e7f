package com.sendsummary.simulator.data;

import java.time.Instant;

/** One email send (JobID = {@code id}) of the business unit {@code clientId}, with the summary counters of Send. */
public record SendRow(
        int id, int clientId, Integer emailId, String emailName, String subject, String fromName, String fromAddress,
        String status, Boolean isMultipart, Instant sendDate, Instant sentDate, Instant createdDate,
        Instant modifiedDate, Integer numberSent, Integer numberDelivered, Integer numberTargeted, Integer numberErrored,
        Integer numberExcluded,
        Integer uniqueOpens, Integer uniqueClicks, Integer hardBounces, Integer softBounces, Integer otherBounces,
        Integer unsubscribes, Integer forwardedEmails, Integer existingUndeliverables, Integer existingUnsubscribes,
        Integer missingAddresses, Integer invalidAddresses, Integer duplicates) {
}
