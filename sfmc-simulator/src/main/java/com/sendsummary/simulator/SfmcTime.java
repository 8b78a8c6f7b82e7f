package com.sendsummary.simulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * SFMC's notion of time: the server clock is US Central Standard Time, a fixed UTC-06:00 with no DST. Dates go on the
 * wire without offset in that zone; offset-less filter dates are read in it.
 */
public final class SfmcTime {

    /** The offset of SFMC "server time". */
    public static final ZoneOffset SERVER_OFFSET = ZoneOffset.ofHours(-6);

    private static final DatatypeFactory DATATYPES = DatatypeFactory.newDefaultInstance();

    private SfmcTime() {
    }

    /** Server-local time without timezone, .NET-style trimmed milliseconds: e.g. 2024-03-05T09:14:02.113. */
    public static XMLGregorianCalendar toServerCalendar(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), SERVER_OFFSET);
        BigDecimal fraction = null;
        int millis = local.getNano() / 1_000_000;
        if (millis != 0) {
            fraction = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        }
        return DATATYPES.newXMLGregorianCalendar(BigInteger.valueOf(local.getYear()), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond(), fraction,
                DatatypeConstants.FIELD_UNDEFINED);
    }

    /** A calendar from a request; without timezone it is server time. */
    public static Instant fromCalendar(XMLGregorianCalendar calendar) {
        XMLGregorianCalendar copy = (XMLGregorianCalendar) calendar.clone();
        if (copy.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            copy.setTimezone(SERVER_OFFSET.getTotalSeconds() / 60);
        }
        return copy.toGregorianCalendar().toInstant();
    }

    /**
     * An ISO date-time with offset or {@code Z}, or without offset (server time), or a plain date (midnight server
     * time).
     *
     * @throws DateTimeParseException when the text is none of these
     */
    public static Instant parse(String text) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(SERVER_OFFSET);
            } catch (DateTimeParseException notADateTime) {
                return LocalDate.parse(value).atStartOfDay().toInstant(SERVER_OFFSET);
            }
        }
    }

    /**
     * Like {@link #parse(String)}, plus dates relative to {@code now}: {@code now}, {@code now-PT2H}, {@code now+P1D}.
     */
    public static Instant parseRelative(String text, Instant now) {
        String value = text.trim();
        if (value.equals("now")) {
            return now;
        }
        if (value.startsWith("now+") || value.startsWith("now-")) {
            Duration offset = Duration.parse(value.substring(4));
            return value.charAt(3) == '+' ? now.plus(offset) : now.minus(offset);
        }
        return parse(value);
    }
}
