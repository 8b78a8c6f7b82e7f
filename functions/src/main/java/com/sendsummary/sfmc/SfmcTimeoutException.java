package com.sendsummary.sfmc;

/**
 * SFMC could not be reached or did not answer in time: connect or receive timeout, and other transport I/O
 * failures (connection refused or reset). Retryable.
 */
public final class SfmcTimeoutException extends SfmcException {

    public SfmcTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String code() {
        return "sfmc_timeout";
    }
}
