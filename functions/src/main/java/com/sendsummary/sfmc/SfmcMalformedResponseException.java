package com.sendsummary.sfmc;

/** SFMC's answer could not be parsed (not XML, truncated, not a RetrieveResponseMsg). Retryable. */
public final class SfmcMalformedResponseException extends SfmcException {

    public SfmcMalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
