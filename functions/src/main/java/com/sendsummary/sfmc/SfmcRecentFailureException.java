package com.sendsummary.sfmc;

/**
 * SFMC failed moments ago for the same data in another container (or another request of this one), which said so on
 * the shared lease; SFMC is not asked again until that memory ends, so a struggling SFMC is not hammered by every
 * waiting caller. Carries the original error code.
 */
public final class SfmcRecentFailureException extends SfmcException {
    private final String code;

    public SfmcRecentFailureException(String code) {
        super("SFMC failed moments ago (" + code + "); not asked again yet", null);
        this.code = code;
    }

    @Override
    public boolean retryable() {
        return !"sfmc_authentication_failed".equals(code) && !"sfmc_error".equals(code);
    }

    @Override
    public String code() {
        return code;
    }
}
