package com.sendsummary.summary;

/** SFMC has no send with this JobID in the requested business unit. */
public final class SendNotFoundException extends RuntimeException {
    public SendNotFoundException(int jobId, Integer clientId) {
        super("No send with JobID " + jobId + (clientId == null ? "" : " in business unit " + clientId));
    }
}
