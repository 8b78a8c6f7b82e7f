package com.sendsummary.config;

/** The request names a business unit outside this deployment's {@code ALLOWED_CLIENT_IDS}. Answered 403. */
public final class ClientNotAllowedException extends RuntimeException {
    public ClientNotAllowedException(int clientId) {
        super("Business unit " + clientId + " may not be read through this API");
    }
}
