package com.sendsummary.sfmc;

/**
 * SFMC answered with a SOAP fault (other than an authentication fault, see
 * {@link SfmcAuthenticationException}). Carries the fault code's local part ({@code Server}, {@code Client}, ...),
 * the fault string and, when the fault has an {@code apifault} detail, its {@code Code} and {@code Message}.
 * Retryable for apifault codes 2 (UnexpectedError) and 9 (InMaintenance).
 */
public final class SfmcFaultException extends SfmcException {
    private final String faultCode;
    private final String faultString;
    private final Integer apiFaultCode;
    private final String apiFaultMessage;

    public SfmcFaultException(String faultCode, String faultString, Integer apiFaultCode, String apiFaultMessage) {
        super("SFMC SOAP fault " + faultCode + ": " + faultString
                + (apiFaultCode == null ? "" : " (apifault " + apiFaultCode + ": " + apiFaultMessage + ")"), null);
        this.faultCode = faultCode;
        this.faultString = faultString;
        this.apiFaultCode = apiFaultCode;
        this.apiFaultMessage = apiFaultMessage;
    }

    /** Local part of the SOAP {@code faultcode}, e.g. {@code Server}. */
    public String faultCode() {
        return faultCode;
    }

    public String faultString() {
        return faultString;
    }

    /** {@code apifault/Code}, or null when the fault had no apifault detail. */
    public Integer apiFaultCode() {
        return apiFaultCode;
    }

    /** {@code apifault/Message}, or null when the fault had no apifault detail. */
    public String apiFaultMessage() {
        return apiFaultMessage;
    }

    @Override
    public boolean retryable() {
        return apiFaultCode != null && (apiFaultCode == 2 || apiFaultCode == 9);
    }
}
