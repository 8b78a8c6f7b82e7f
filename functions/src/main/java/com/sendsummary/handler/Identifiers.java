package com.sendsummary.handler;

import java.util.regex.Pattern;

/** Parsing of SFMC identifiers (JobID, MID), which are positive 32-bit integers (xsd:int) in SFMC's API. */
final class Identifiers {
    private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,9}");

    private Identifiers() {
    }

    /** The identifier, or null if {@code text} is not a positive 32-bit integer in plain decimal digits. */
    static Integer positiveInt(String text) {
        if (text == null || !POSITIVE_INT.matcher(text).matches()) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= Integer.MAX_VALUE ? (int) value : null;
    }
}
