package com.sendsummary.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.sfmc.TrackingEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCursorTest {
    private static final Instant AS_OF = Instant.parse("2026-01-15T10:15:30.123Z");
    private static final EventSelection SELECTION = new EventSelection(910001, 100002, TrackingEventType.OPEN,
            Instant.parse("2025-11-04T15:00:00Z"), null);

    @Test
    void decode_whenAfterDateCursorEncoded_returnsEqualCursor() {
        EventCursor cursor = new EventCursor(SELECTION, AS_OF,
                new EventCursor.AfterDate(Instant.parse("2025-11-04T16:01:02.345Z"), 3));

        String text = cursor.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(EventCursor.decode(text)).contains(cursor);
    }

    @Test
    void decode_whenOffsetCursorEncoded_returnsEqualCursor() {
        EventCursor cursor = new EventCursor(new EventSelection(1, null, TrackingEventType.NOT_SENT, null, null),
                AS_OF, new EventCursor.AtOffset(2000));

        assertThat(EventCursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void encode_isBase64UrlOfASmallJsonObject() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(5)).encode();

        String json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"v\":1,\"job\":910001,\"bu\":100002,\"type\":\"open\"").contains("\"sig\":");
        assertThat(text.length()).isLessThan(EventCursor.MAX_LENGTH);
    }

    @Test
    void decode_whenAFieldIsEditedWithoutResigning_isEmpty() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(1000)).encode();
        String json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        String edited = json.replace("\"offset\":1000", "\"offset\":10");

        assertThat(edited).isNotEqualTo(json);
        assertThat(EventCursor.decode(encode(edited))).isEmpty();
    }

    @Test
    void decode_whenSignatureRemoved_isEmpty() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(1000)).encode();
        String json = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);

        assertThat(EventCursor.decode(encode(json.replaceFirst(",\"sig\":\"[^\"]*\"", "")))).isEmpty();
    }

    @Test
    void decode_whenOneCharacterChanged_isEmpty() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(1000)).encode();
        // The last character may carry unused low bits, which decode to the same bytes: the same cursor.
        for (int i = 0; i < text.length() - 1; i++) {
            char replacement = text.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = text.substring(0, i) + replacement + text.substring(i + 1);
            assertThat(EventCursor.decode(tampered)).as("changed at %d", i).isEmpty();
        }
    }

    @Test
    void decode_whenTruncated_isEmpty() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(1000)).encode();

        assertThat(EventCursor.decode(text.substring(0, text.length() - 4))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "not base64!", "e30", "bnVsbA", "W10"})
    void decode_whenGarbage_isEmpty(String text) {
        assertThat(EventCursor.decode(text)).isEmpty();
    }

    @Test
    void decode_whenTooLong_isEmpty() {
        assertThat(EventCursor.decode("A".repeat(EventCursor.MAX_LENGTH + 1))).isEmpty();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
