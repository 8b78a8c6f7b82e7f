package com.sendsummary.sfmc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * {@code xsd:dateTime} conversion used by the generated JAXB classes (see {@code wsdl/bindings.xjb}).
 *
 * <p>SFMC writes dates without an offset in its server time, US Central Standard Time without daylight saving
 * (fixed UTC-06:00); such values are read as UTC-06:00. Values with {@code Z} or an offset are honoured. Dates
 * sent to SFMC always carry an explicit offset (printed in UTC-06:00, e.g. {@code 2024-03-05T00:00:00-06:00}).
 */
public final class SfmcDateTimes {

    /** SFMC's server time zone: fixed UTC-06:00, no DST. */
    public static final ZoneOffset SERVER_OFFSET = ZoneOffset.ofHours(-6);

    private SfmcDateTimes() {
    }

    /** Parses an {@code xsd:dateTime}; no offset means {@link #SERVER_OFFSET}. Null or blank gives null. */
    public static Instant parse(String value) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(parsed).toInstant();
            }
            return LocalDateTime.from(parsed).atOffset(SERVER_OFFSET).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an xsd:dateTime: " + text, e);
        }
    }

    /** Prints an instant as {@code xsd:dateTime} in UTC-06:00 with the offset written out. */
    public static String print(Instant value) {
        if (value == null) {
            return null;
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.atOffset(SERVER_OFFSET));
    }
}
