package com.sendsummary.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.summary.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorCodecTest {
    record State(int job, Instant asOf, Long offset) {
    }

    private static final State STATE = new State(910001, Instant.parse("2026-01-15T10:15:30.123Z"), 2000L);
    private final CursorCodec codec = TestCursors.CODEC;

    @Test
    void decode_whenEncodedBySameDeployment_returnsEqualState() {
        String text = codec.encode("events", STATE);

        assertThat(text).matches("2\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}");
        assertThat(text.length()).isLessThan(CursorCodec.MAX_LENGTH);
        assertThat(codec.decode("events", text, State.class)).contains(STATE);
    }

    @Test
    void decode_whenIssuedByAnotherDeployment_isEmpty() {
        String text = TestCursors.OTHER_DEPLOYMENT.encode("events", STATE);

        assertThat(codec.decode("events", text, State.class)).isEmpty();
    }

    @Test
    void decode_whenIssuedForAnotherKindOfListing_isEmpty() {
        String text = codec.encode("sends", STATE);

        assertThat(codec.decode("events", text, State.class)).isEmpty();
    }

    @Test
    void decode_whenPayloadEditedAndMacKept_isEmpty() {
        String text = codec.encode("events", STATE);
        String[] parts = text.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String edited = json.replace("\"offset\":2000", "\"offset\":99999");

        assertThat(edited).isNotEqualTo(json);
        assertThat(codec.decode("events", parts[0] + "." + base64(edited) + "." + parts[2], State.class)).isEmpty();
    }

    @Test
    void decode_whenForgedWithAPlainDigestLikeVersion1_isEmpty() throws Exception {
        // What the unkeyed format let anyone do: write any state and "sign" it without a key.
        String forged = "2." + base64(Json.MAPPER.writeValueAsString(new State(910001, STATE.asOf(), 99_999L)))
                + "." + base64("0123456789abcdef");

        assertThat(codec.decode("events", forged, State.class)).isEmpty();
    }

    @Test
    void decode_whenOneCharacterChanged_isEmpty() {
        String text = codec.encode("events", STATE);
        // The last character may carry unused low bits, which decode to the same bytes: the same cursor.
        for (int i = 0; i < text.length() - 1; i++) {
            char replacement = text.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = text.substring(0, i) + replacement + text.substring(i + 1);
            assertThat(codec.decode("events", tampered, State.class)).as("changed at %d", i).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "not base64!", "e30", "2..", "2.e30.", "1.e30.AAAA", "2.e30.AAAA.AAAA",
            "eyJ2IjoxLCJqb2IiOjF9"})
    void decode_whenGarbage_isEmpty(String text) {
        assertThat(codec.decode("events", text, State.class)).isEmpty();
    }

    @Test
    void decode_whenTooLong_isEmpty() {
        assertThat(codec.decode("events", "2." + "A".repeat(CursorCodec.MAX_LENGTH), State.class)).isEmpty();
    }

    @Test
    void decode_whenNull_isEmpty() {
        assertThat(codec.decode("events", null, State.class)).isEmpty();
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
