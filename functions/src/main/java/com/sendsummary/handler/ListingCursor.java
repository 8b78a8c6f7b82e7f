package com.sendsummary.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.summary.Json;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The opaque {@code cursor} of {@code GET /sends}: base64url (unpadded) JSON
 * {@code {"v":1,"from","to","clientId","offset","last","check"}} naming the query it continues (so it cannot be
 * replayed against another one) and the page position. {@code check} is a digest of the other fields that turns any
 * edit into {@code invalid_cursor}; it is not a secret and need not be: a cursor grants nothing the query parameters
 * do not.
 */
final class ListingCursor {
    private static final int VERSION = 1;
    private static final int MAX_LENGTH = 1024;

    private ListingCursor() {
    }

    static String encode(SendWindow window, PagePosition position) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("v", VERSION)
                .put("from", window.from().toString())
                .put("to", window.to().toString())
                .put("clientId", window.clientId())
                .put("offset", position.offset())
                .put("last", position.lastJobId())
                .put("check", check(window, position));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page position in {@code cursor}.
     *
     * @throws InvalidRequestException {@code invalid_cursor} if it is malformed, edited or issued for another window
     */
    static PagePosition decode(String cursor, SendWindow window) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw invalid("cursor is not one this API issued");
        }
        SendWindow issuedFor;
        PagePosition position;
        try {
            JsonNode json = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (json == null || !json.isObject() || json.path("v").asInt() != VERSION) {
                throw invalid("cursor is not one this API issued");
            }
            JsonNode clientId = json.path("clientId");
            issuedFor = new SendWindow(Instant.parse(json.path("from").textValue()),
                    Instant.parse(json.path("to").textValue()),
                    clientId.isNull() ? null : integer(clientId));
            position = new PagePosition(integer(json.path("offset")), integer(json.path("last")));
            if (!check(issuedFor, position).equals(json.path("check").textValue())) {
                throw invalid("cursor was altered");
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            // Bad base64, bad JSON, missing or mistyped fields, impossible values: all the same to the caller.
            throw invalid("cursor is not one this API issued");
        }
        if (!issuedFor.equals(window)) {
            throw invalid("cursor belongs to another query: pass the same from, to and clientId as the first page");
        }
        return position;
    }

    private static int integer(JsonNode node) {
        if (!node.isInt()) {
            throw new IllegalArgumentException("not an int");
        }
        return node.intValue();
    }

    private static String check(SendWindow window, PagePosition position) {
        String canonical = String.join("|", Integer.toString(VERSION), window.from().toString(),
                window.to().toString(), Objects.toString(window.clientId()), Integer.toString(position.offset()),
                Integer.toString(position.lastJobId()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid_cursor", message);
    }
}
