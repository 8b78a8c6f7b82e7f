package com.sendsummary.sfmc;

/**
 * SFMC refused the credentials: the token endpoint answered 4xx, or the SOAP endpoint still answered with a
 * login/security fault after one token refresh. Not retryable.
 */
public final class SfmcAuthenticationException extends SfmcException {

    public SfmcAuthenticationException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String code() {
        return "sfmc_authentication_failed";
    }
}
