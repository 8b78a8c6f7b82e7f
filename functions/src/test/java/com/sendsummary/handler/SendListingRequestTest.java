package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.cursor.TestCursors;
import com.sendsummary.summary.PagePosition;
import com.sendsummary.summary.SendWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SendListingRequestTest {
    private static final CursorCodec CURSORS = TestCursors.CODEC;
    private static final Instant FROM = Instant.parse("2025-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-12-01T00:00:00Z");
    private static final SendWindow WINDOW = new SendWindow(FROM, TO, null);

    private static APIGatewayV2HTTPEvent event(Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder().withQueryStringParameters(query).build();
    }

    private static Map<String, String> window(String... more) {
        Map<String, String> query = new HashMap<>(Map.of("from", "2025-11-01T00:00:00Z", "to", "2025-12-01T00:00:00Z"));
        for (int i = 0; i < more.length; i += 2) {
            query.put(more[i], more[i + 1]);
        }
        return query;
    }

    private static void assertRejected(Map<String, String> query, String code) {
        assertThatThrownBy(() -> SendListingRequest.from(event(query), CURSORS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void from_whenOnlyWindow_usesDefaults() {
        SendListingRequest request = SendListingRequest.from(event(window()), CURSORS);

        assertThat(request).isEqualTo(new SendListingRequest(WINDOW, 50, Optional.empty()));
    }

    @Test
    void from_whenOffsetsAndEveryParameter_parsesThemAsInstants() {
        SendListingRequest request = SendListingRequest.from(event(Map.of(
                "from", "2025-10-31T18:00:00-06:00", "to", "2025-12-01T01:00:00+01:00",
                "clientId", "100002", "limit", "200")), CURSORS);

        assertThat(request).isEqualTo(new SendListingRequest(new SendWindow(FROM, TO, 100002), 200, Optional.empty()));
    }

    @Test
    void from_whenPlusOfOffsetArrivesAsSpace_acceptsIt() {
        SendListingRequest request = SendListingRequest.from(event(window("to", "2025-12-01T01:00:00 01:00")), CURSORS);

        assertThat(request.window().to()).isEqualTo(TO);
    }

    @Test
    void from_whenWindowIsExactly93Days_acceptsIt() {
        SendListingRequest request = SendListingRequest.from(event(window("to", "2026-02-02T00:00:00Z")), CURSORS);

        assertThat(request.window().to()).isEqualTo(FROM.plus(SendWindow.MAX_LENGTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from", "to"})
    void from_whenBoundMissingOrEmpty_rejectsWithMissingParameter(String name) {
        Map<String, String> absent = window();
        absent.remove(name);
        assertRejected(absent, "missing_parameter");
        assertRejected(window(name, ""), "missing_parameter");
    }

    @Test
    void from_whenNoQueryAtAll_rejectsWithMissingParameter() {
        assertThatThrownBy(() -> SendListingRequest.from(new APIGatewayV2HTTPEvent(), CURSORS))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("missing_parameter"));
    }

    @ParameterizedTest
    @CsvSource({
            "from, 2025-11-01T00:00:00",              // no offset: SFMC's own zone would be a guess
            "from, 2025-11-01",
            "from, yesterday",
            "from, 1761955200",
            "to, 2025-13-01T00:00:00Z",
            "to, 2025-12-01T00:00:00+25:00",
            "to, 2025-11-01T00:00:00Z",               // equal to from
            "to, 2025-10-01T00:00:00Z",               // before from
            "to, 2026-02-02T00:00:01Z"})              // 93 days and a second
    void from_whenWindowInvalid_rejectsWithInvalidWindow(String name, String value) {
        assertRejected(window(name, value), "invalid_window");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-5", "4294967296", ""})
    void from_whenClientIdInvalid_rejectsWithInvalidClientId(String clientId) {
        assertRejected(window("clientId", clientId), "invalid_client_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "201", "1000", "ten", "1.5", ""})
    void from_whenLimitOutOfRange_rejectsWithInvalidLimit(String limit) {
        assertRejected(window("limit", limit), "invalid_limit");
    }

    @Test
    void from_whenCursorIssuedForSameQuery_resumesAtItsPosition() {
        String cursor = ListingCursor.encode(CURSORS, WINDOW, new PagePosition(50, 910050));

        SendListingRequest request = SendListingRequest.from(event(window("cursor", cursor, "limit", "10")), CURSORS);

        assertThat(request.after()).contains(new PagePosition(50, 910050));
        assertThat(cursor).matches("[A-Za-z0-9_.-]+");
    }

    @Test
    void from_whenCursorGivenWithSameInstantsWrittenOtherwise_acceptsIt() {
        String cursor = ListingCursor.encode(CURSORS, WINDOW, new PagePosition(1, 910001));

        SendListingRequest request = SendListingRequest.from(event(Map.of("from", "2025-10-31T18:00:00-06:00",
                "to", "2025-12-01T00:00:00.000Z", "cursor", cursor)), CURSORS);

        assertThat(request.after()).contains(new PagePosition(1, 910001));
    }

    @ParameterizedTest
    @CsvSource({
            "to, 2025-11-30T00:00:00Z",
            "from, 2025-11-02T00:00:00Z",
            "clientId, 100002"})
    void from_whenCursorIssuedForAnotherQuery_rejectsWithInvalidCursor(String name, String value) {
        String cursor = ListingCursor.encode(CURSORS, WINDOW, new PagePosition(50, 910050));

        assertRejected(window("cursor", cursor, name, value), "invalid_cursor");
    }

    @Test
    void from_whenCursorFieldEdited_rejectsWithInvalidCursor() {
        String cursor = ListingCursor.encode(CURSORS, WINDOW, new PagePosition(50, 910050));
        String[] parts = cursor.split("\\.");
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String edited = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.replace("\"offset\":50", "\"offset\":40").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(edited).isNotEqualTo(cursor);
        assertRejected(window("cursor", edited), "invalid_cursor");
    }

    @Test
    void from_whenCursorIssuedByAnotherDeployment_rejectsWithInvalidCursor() {
        String cursor = ListingCursor.encode(TestCursors.OTHER_DEPLOYMENT, WINDOW, new PagePosition(50, 910050));

        assertRejected(window("cursor", cursor), "invalid_cursor");
    }

    @Test
    void from_whenCursorCarriesAnOffsetPastTheCap_rejectsWithInvalidCursor() {
        String cursor = CURSORS.encode(ListingCursor.KIND, new ListingCursor.State(WINDOW.from(), WINDOW.to(), null,
                PagePosition.MAX_OFFSET + 1, 910050));

        assertRejected(window("cursor", cursor), "invalid_cursor");
    }

    @Test
    void from_whenCursorCharacterFlipped_rejectsWithInvalidCursor() {
        String cursor = ListingCursor.encode(CURSORS, WINDOW, new PagePosition(50, 910050));
        // The last character may carry unused low bits, which decode to the same bytes: the same cursor.
        for (int i = 0; i < cursor.length() - 1; i++) {
            char flipped = cursor.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = cursor.substring(0, i) + flipped + cursor.substring(i + 1);
            assertRejected(window("cursor", tampered), "invalid_cursor");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "!!!not-base64!!!", "e30", "W10", "eyJ2IjoxfQ", "bnVsbA"})
    void from_whenCursorNotIssuedByTheApi_rejectsWithInvalidCursor(String cursor) {
        // e30 = {}, W10 = [], eyJ2IjoxfQ = {"v":1}, bnVsbA = null
        assertRejected(window("cursor", cursor), "invalid_cursor");
    }

    @Test
    void from_whenCursorTooLong_rejectsWithInvalidCursor() {
        assertRejected(window("cursor", "A".repeat(5000)), "invalid_cursor");
    }
}
