package com.sendsummary.simulator.soap;

/** A request SFMC would answer with HTTP 200 and {@code OverallStatus = "Error: ..."}. */
final class RetrieveRejectedException extends RuntimeException {

    RetrieveRejectedException(String detail) {
        super(detail, null, false, false);
    }

    /** The OverallStatus text, starting with {@code Error: }. */
    String overallStatus() {
        return "Error: " + getMessage();
    }
}
