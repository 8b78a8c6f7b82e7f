package com.sendsummary.sfmc;

/** SFMC answered HTTP 429, 5xx without a parsable SOAP fault (how it throttles), or 503. Retryable. */
public final class SfmcThrottledException extends SfmcException {
    private final int httpStatus;

    public SfmcThrottledException(int httpStatus, Throwable cause) {
        super("SFMC answered HTTP " + httpStatus + " without a SOAP fault (throttled or unavailable)", cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public String code() {
        return "sfmc_throttled";
    }
}
