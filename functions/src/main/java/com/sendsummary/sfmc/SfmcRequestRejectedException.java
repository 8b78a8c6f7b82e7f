package com.sendsummary.sfmc;

/**
 * SFMC answered HTTP 200 with an {@code OverallStatus} of {@code Error: ...} (a bad property, missing permission,
 * server-side timeout), or the SOAP endpoint answered a 4xx HTTP status without a SOAP fault. Retryable only for
 * SFMC's {@code Timeout expired} error.
 */
public final class SfmcRequestRejectedException extends SfmcException {
    private final String overallStatus;

    public SfmcRequestRejectedException(String overallStatus) {
        super("SFMC rejected the retrieve: " + overallStatus, null);
        this.overallStatus = overallStatus;
    }

    /** SFMC's {@code OverallStatus} text (or {@code HTTP nnn}). */
    public String overallStatus() {
        return overallStatus;
    }

    @Override
    public boolean retryable() {
        return overallStatus != null && overallStatus.contains("Timeout expired");
    }
}
