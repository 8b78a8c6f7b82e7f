package com.sendsummary.handler;

/** The caller sent bad input; answered with {@code status} (400 unless said otherwise) and the stable {@code code}. */
public final class InvalidRequestException extends RuntimeException {
    private final int status;
    private final String code;

    public InvalidRequestException(String code, String message) {
        this(400, code, message);
    }

    public InvalidRequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
