package com.sendsummary.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.sfmc.SendRecord;
import java.time.Instant;

/**
 * The summary of one send: the response contract of {@code GET /sends/{jobId}/summary}.
 *
 * <p>Counters are named after SFMC's Send properties in lowerCamelCase and are null when SFMC returned none.
 * {@code clientId} is the business unit the caller asked for (null = the credentials' own). {@code cache} is absent
 * from the stored copy and filled in when served.
 */
@JsonPropertyOrder({"jobId", "clientId", "emailName", "subject", "fromName", "fromAddress", "status", "sentDate",
        "sendDate", "numberSent", "numberDelivered", "numberTargeted", "numberErrored", "numberExcluded",
        "uniqueOpens", "uniqueClicks", "hardBounces", "softBounces", "otherBounces", "unsubscribes",
        "forwardedEmails", "existingUndeliverables", "existingUnsubscribes", "missingAddresses",
        "invalidAddresses", "duplicates", "rates", "cache"})
public record SendSummary(
        int jobId,
        Integer clientId,
        String emailName,
        String subject,
        String fromName,
        String fromAddress,
        String status,
        Instant sentDate,
        Instant sendDate,
        Integer numberSent,
        Integer numberDelivered,
        Integer numberTargeted,
        Integer numberErrored,
        Integer numberExcluded,
        Integer uniqueOpens,
        Integer uniqueClicks,
        Integer hardBounces,
        Integer softBounces,
        Integer otherBounces,
        Integer unsubscribes,
        Integer forwardedEmails,
        Integer existingUndeliverables,
        Integer existingUnsubscribes,
        Integer missingAddresses,
        Integer invalidAddresses,
        Integer duplicates,
        Rates rates,
        @JsonInclude(JsonInclude.Include.NON_NULL) CacheInfo cache) implements Cached {

    /** The send's own fields again (engagement computations read its dates and counters). */
    public SendRecord toRecord() {
        return new SendRecord(jobId, clientId, null, emailName, subject, fromName, fromAddress, status, null, sentDate,
                sendDate, null, null, numberSent, numberDelivered, numberTargeted, numberErrored, numberExcluded,
                uniqueOpens, uniqueClicks, hardBounces, softBounces, otherBounces, unsubscribes, forwardedEmails,
                existingUndeliverables, existingUnsubscribes, missingAddresses, invalidAddresses, duplicates);
    }

    static SendSummary from(SendRecord send, Integer requestedClientId) {
        return new SendSummary(send.jobId(), requestedClientId, send.emailName(), send.subject(), send.fromName(),
                send.fromAddress(), send.status(), send.sentDate(), send.sendDate(),
                send.numberSent(), send.numberDelivered(), send.numberTargeted(), send.numberErrored(),
                send.numberExcluded(), send.uniqueOpens(), send.uniqueClicks(), send.hardBounces(),
                send.softBounces(), send.otherBounces(), send.unsubscribes(), send.forwardedEmails(),
                send.existingUndeliverables(), send.existingUnsubscribes(), send.missingAddresses(),
                send.invalidAddresses(), send.duplicates(),
                Rates.of(send.numberSent(), send.numberDelivered(), send.uniqueOpens(), send.uniqueClicks(),
                        send.hardBounces(), send.softBounces(), send.otherBounces(), send.unsubscribes()),
                null);
    }

    SendSummary withCache(CacheInfo cacheInfo) {
        return new SendSummary(jobId, clientId, emailName, subject, fromName, fromAddress, status, sentDate,
                sendDate, numberSent, numberDelivered, numberTargeted, numberErrored, numberExcluded, uniqueOpens,
                uniqueClicks, hardBounces, softBounces, otherBounces, unsubscribes, forwardedEmails,
                existingUndeliverables, existingUnsubscribes, missingAddresses, invalidAddresses, duplicates, rates,
                cacheInfo);
    }
}
