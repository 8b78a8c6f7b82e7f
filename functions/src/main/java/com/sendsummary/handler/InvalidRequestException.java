package com.sendsummary.handler;

/** The caller sent bad input; answered with 400 and the stable {@code code}. */
public final class InvalidRequestException extends RuntimeException {
    private final String code;

    public InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
