package com.sendsummary.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.sfmc.TrackingEventType;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the next page of an event listing starts, bound to the listing's {@link EventSelection} and to its
 * {@code asOf} (the frozen "now" of the first page).
 *
 * <p>On the wire it is base64url (no padding) of a small JSON object that carries a digest of its own content, so a
 * garbled or edited cursor is recognised. The digest is not keyed: it detects corruption and casual edits, not a
 * determined forger. That is enough because a cursor grants nothing: it only names a position inside a query the
 * caller may run anyway, and every field is validated against the request before use.
 */
public record EventCursor(EventSelection selection, Instant asOf, Position position) {
    /** Cursors longer than this are rejected before decoding (ours are about 300 characters). */
    static final int MAX_LENGTH = 1024;
    private static final int VERSION = 1;
    private static final String DIGEST_CONTEXT = "sendsummary/events-cursor/v1\n";
    private static final int DIGEST_BYTES = 16;

    /** A position in the ordered event stream of a listing. */
    public sealed interface Position permits Start, AfterDate, AtOffset {
    }

    /** The first page. */
    public record Start() implements Position {
    }

    /**
     * Resume at EventDate {@code eventDate}, skipping the first {@code ties} events dated exactly then (already
     * returned). Only valid while SFMC returns events in EventDate order.
     */
    public record AfterDate(Instant eventDate, long ties) implements Position {
        public AfterDate {
            Objects.requireNonNull(eventDate, "eventDate");
            if (ties < 1) {
                throw new IllegalArgumentException("ties must be at least 1 (the last event returned)");
            }
        }
    }

    /** Resume after the first {@code offset} rows of the same SFMC query (fallback when SFMC's order is not by date). */
    public record AtOffset(long offset) implements Position {
        public AtOffset {
            if (offset < 1) {
                throw new IllegalArgumentException("offset must be positive");
            }
        }
    }

    public EventCursor {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(asOf, "asOf");
        if (!(position instanceof AfterDate) && !(position instanceof AtOffset)) {
            throw new IllegalArgumentException("A cursor points after a page: AfterDate or AtOffset");
        }
    }

    /** The opaque text handed to the caller as {@code nextCursor}. */
    public String encode() {
        Payload unsigned = Payload.of(this, null);
        Payload signed = Payload.of(this, digest(write(unsigned)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(write(signed).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or empty if the text is not one this code issued (garbled, edited, truncated, another version). */
    public static Optional<EventCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(text);
            Payload signed = Json.MAPPER.readValue(json, Payload.class);
            if (signed == null || signed.v() == null || signed.v() != VERSION || signed.sig() == null) {
                return Optional.empty();
            }
            Payload unsigned = signed.withSig(null);
            if (!MessageDigest.isEqual(signed.sig().getBytes(StandardCharsets.US_ASCII),
                    digest(write(unsigned)).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            return Optional.of(unsigned.toCursor());
        } catch (IllegalArgumentException | IOException unreadable) {
            // IllegalArgumentException: bad base64, unknown type name, or a position that breaks its invariants
            return Optional.empty();
        }
    }

    /** Compact wire form; a field that does not apply to the position is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"v", "job", "bu", "type", "from", "to", "asOf", "after", "ties", "offset", "sig"})
    record Payload(Integer v, Integer job, Integer bu, String type, Instant from, Instant to, Instant asOf,
                   Instant after, Long ties, Long offset, String sig) {

        static Payload of(EventCursor cursor, String sig) {
            EventSelection s = cursor.selection();
            Instant after = null;
            Long ties = null;
            Long offset = null;
            switch (cursor.position()) {
                case AfterDate a -> {
                    after = a.eventDate();
                    ties = a.ties();
                }
                case AtOffset o -> offset = o.offset();
                case Start ignored -> throw new IllegalStateException("unreachable: checked by the constructor");
            }
            return new Payload(VERSION, s.jobId(), s.clientId(), EventTypeNames.name(s.type()), s.from(), s.to(),
                    cursor.asOf(), after, ties, offset, sig);
        }

        Payload withSig(String signature) {
            return new Payload(v, job, bu, type, from, to, asOf, after, ties, offset, signature);
        }

        EventCursor toCursor() {
            if (job == null || asOf == null) {
                throw new IllegalArgumentException("incomplete cursor");
            }
            TrackingEventType eventType = EventTypeNames.parse(type)
                    .orElseThrow(() -> new IllegalArgumentException("unknown type"));
            Position position;
            if (after != null && ties != null && offset == null) {
                position = new AfterDate(after, ties);
            } else if (offset != null && after == null && ties == null) {
                position = new AtOffset(offset);
            } else {
                throw new IllegalArgumentException("no position");
            }
            return new EventCursor(new EventSelection(job, bu, eventType, from, to), asOf, position);
        }
    }

    private static String write(Payload payload) {
        try {
            return Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cursor cannot be written", e);
        }
    }

    private static String digest(String json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((DIGEST_CONTEXT + json).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, DIGEST_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
