package com.sendsummary.sfmc;

/**
 * Another container is fetching the same data from SFMC (it holds the lease) and did not finish within the wait this
 * request may spend; SFMC was not called again. Retryable: answered {@code 503 sfmc_busy} with {@code Retry-After},
 * or with a stale copy when one exists.
 */
public final class SfmcBusyException extends SfmcException {

    public SfmcBusyException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String code() {
        return "sfmc_busy";
    }
}
