package com.sendsummary.cursor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sendsummary.summary.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one wire format of every pagination cursor the API hands out ({@code GET /sends} and
 * {@code GET /sends/{jobId}/events}): {@code 2.<payload>.<mac>}, where {@code payload} is base64url (unpadded) JSON
 * of the listing's own plain state record and {@code mac} the first 16 bytes of an HMAC-SHA256 over the version, the
 * listing's {@code kind} and the payload, under a key generated at deploy time ({@link CursorKey}).
 *
 * <p>A cursor that was not issued by this deployment (forged, edited, truncated, issued for the other listing, or
 * under a key since rotated) decodes to empty, which the routes answer with {@code 400 invalid_cursor}. The MAC is
 * checked before the payload is parsed. Binding a cursor to the query it continues (same JobID, window,
 * business unit...) stays each listing's job: its state carries that query, and the route compares it.
 */
public final class CursorCodec {
    /** Longer texts are refused before anything else (the cursors issued are about 200 to 300 characters). */
    public static final int MAX_LENGTH = 1024;
    private static final String VERSION = "2";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    /** A payload must be exactly the state record: an unknown field is not ours. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Supplier<byte[]> key;

    /** @param key the HMAC key, asked for on each use (the supplier caches it); at least 32 bytes */
    public CursorCodec(Supplier<byte[]> key) {
        this.key = key;
    }

    /** The opaque cursor for {@code state}, a plain record of the listing {@code kind}. */
    public String encode(String kind, Object state) {
        try {
            String payload = BASE64.encodeToString(Json.MAPPER.writeValueAsBytes(state));
            return VERSION + "." + payload + "." + BASE64.encodeToString(mac(kind, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cursor state cannot be written as JSON", e);
        }
    }

    /**
     * The state in {@code text}, or empty if this deployment did not issue it for {@code kind}. A state whose record
     * rejects its own fields (an {@link IllegalArgumentException} from its constructor) is empty too.
     */
    public <T> Optional<T> decode(String kind, String text, Class<T> type) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(given, mac(kind, parts[1]))) {
                return Optional.empty();
            }
            return Optional.ofNullable(STRICT.readValue(Base64.getUrlDecoder().decode(parts[1]), type));
        } catch (IllegalArgumentException | IOException unreadable) {
            // bad base64, or a payload this code cannot have written (only reachable with the key)
            return Optional.empty();
        }
    }

    private byte[] mac(String kind, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            mac.update(("sfmc-send-summary cursor v" + VERSION + "\n" + kind + "\n").getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
