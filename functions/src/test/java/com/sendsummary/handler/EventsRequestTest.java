package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.cursor.TestCursors;
import com.sendsummary.events.EventCursor;
import com.sendsummary.events.EventPageRequest;
import com.sendsummary.events.EventSelection;
import com.sendsummary.events.EventWindow;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventsRequestTest {
    private static final CursorCodec CURSORS = TestCursors.CODEC;
    private static final Instant NOW = Instant.parse("2026-01-15T10:15:30.123456Z");

    private static APIGatewayV2HTTPEvent event(String jobId, Map<String, String> query) {
        Map<String, String> path = new HashMap<>();
        path.put("jobId", jobId);
        return APIGatewayV2HTTPEvent.builder().withPathParameters(path).withQueryStringParameters(query).build();
    }

    private static EventPageRequest parse(Map<String, String> query) {
        return EventsRequest.from(event("910001", query), NOW, CURSORS);
    }

    private static void assertRejected(String jobId, Map<String, String> query, String code) {
        assertThatThrownBy(() -> EventsRequest.from(event(jobId, query), NOW, CURSORS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void from_whenOnlyType_readsEverythingUpToNowWithDefaultLimit() {
        EventPageRequest request = parse(Map.of("type", "open"));

        assertThat(request.selection()).isEqualTo(new EventSelection(910001, null, TrackingEventType.OPEN, null, null));
        assertThat(request.window()).isEqualTo(new EventWindow(null, Instant.parse("2026-01-15T10:15:30.123Z")));
        assertThat(request.asOf()).isEqualTo(Instant.parse("2026-01-15T10:15:30.123Z"));
        assertThat(request.limit()).isEqualTo(100);
        assertThat(request.position()).isInstanceOf(EventCursor.Start.class);
    }

    @ParameterizedTest
    @CsvSource({"sent, SENT", "open, OPEN", "click, CLICK", "bounce, BOUNCE", "unsub, UNSUB", "notsent, NOT_SENT",
            "forward, FORWARD"})
    void from_whenTypeKnown_mapsIt(String name, TrackingEventType type) {
        assertThat(parse(Map.of("type", name)).selection().type()).isEqualTo(type);
    }

    @Test
    void from_whenEverythingGiven_parsesIt() {
        EventPageRequest request = parse(Map.of("type", "click", "clientId", "100002", "limit", "1000",
                "from", "2025-11-04T09:00:00-06:00", "to", "2025-11-05T15:00:00.5Z"));

        assertThat(request.selection()).isEqualTo(new EventSelection(910001, 100002, TrackingEventType.CLICK,
                Instant.parse("2025-11-04T15:00:00Z"), Instant.parse("2025-11-05T15:00:00.5Z")));
        assertThat(request.window()).isEqualTo(new EventWindow(Instant.parse("2025-11-04T15:00:00Z"),
                Instant.parse("2025-11-05T15:00:00.5Z")));
        assertThat(request.limit()).isEqualTo(1000);
    }

    @Test
    void from_whenOffsetPlusDecodedToSpace_readsItAsPlus() {
        EventPageRequest request = parse(Map.of("type", "open", "from", "2025-11-04T16:00:00 01:00",
                "to", "2025-11-04T17:00:00+01:00"));

        assertThat(request.window().from()).isEqualTo(Instant.parse("2025-11-04T15:00:00Z"));
    }

    @Test
    void from_whenOnlyFrom_closesTheWindow90DaysLaterOrNow() {
        assertThat(parse(Map.of("type", "open", "from", "2025-09-01T15:00:00Z")).window())
                .isEqualTo(new EventWindow(Instant.parse("2025-09-01T15:00:00Z"), Instant.parse("2025-11-30T15:00:00Z")));
        assertThat(parse(Map.of("type", "open", "from", "2026-01-15T00:00:00Z")).window())
                .isEqualTo(new EventWindow(Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-01-15T10:15:30.123Z")));
    }

    @Test
    void from_whenOnlyTo_opensTheWindow90DaysBefore() {
        assertThat(parse(Map.of("type", "open", "to", "2025-11-05T00:00:00Z")).window())
                .isEqualTo(new EventWindow(Instant.parse("2025-08-07T00:00:00Z"), Instant.parse("2025-11-05T00:00:00Z")));
    }

    @Test
    void from_whenWindowIsExactly90Days_acceptsIt() {
        Instant from = Instant.parse("2025-08-07T00:00:00Z");
        EventPageRequest request = parse(Map.of("type", "open", "from", from.toString(),
                "to", from.plus(Duration.ofDays(90)).toString()));

        assertThat(request.window().to()).isEqualTo(from.plus(EventWindow.MAX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "2147483648", "1.5", ""})
    void from_whenJobIdInvalid_rejectsWithInvalidJobId(String jobId) {
        assertRejected(jobId, Map.of("type", "open"), "invalid_job_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-5", "4294967296", ""})
    void from_whenClientIdInvalid_rejectsWithInvalidClientId(String clientId) {
        assertRejected("910001", Map.of("type", "open", "clientId", clientId), "invalid_client_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "opens", "OPEN", "OpenEvent", "delivered", "survey"})
    void from_whenTypeUnknown_rejectsWithInvalidEventType(String type) {
        assertRejected("910001", Map.of("type", type), "invalid_event_type");
    }

    @Test
    void from_whenTypeMissing_rejectsWithInvalidEventType() {
        assertRejected("910001", Map.of(), "invalid_event_type");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from | 2025-11-04",
            "from | 2025-11-04T15:00:00",
            "from | yesterday",
            "from | ''",
            "to | 1762268400",
            "to | 2025-11-04T15:00:00-0600x"})
    void from_whenBoundUnparsable_rejectsWithInvalidWindow(String name, String value) {
        assertRejected("910001", Map.of("type", "open", name, value), "invalid_window");
    }

    @ParameterizedTest
    @CsvSource({
            "2025-11-05T00:00:00Z, 2025-11-04T00:00:00Z",
            "2025-11-04T00:00:00Z, 2025-11-04T00:00:00Z",
            "2025-08-01T00:00:00Z, 2025-11-04T00:00:00Z",
            "2025-08-06T23:59:59Z, 2025-11-05T00:00:00Z"})
    void from_whenWindowEmptyOrTooLong_rejectsWithInvalidWindow(String from, String to) {
        assertRejected("910001", Map.of("type", "open", "from", from, "to", to), "invalid_window");
    }

    @Test
    void from_whenOnlyFromAndItIsInTheFuture_rejectsWithInvalidWindow() {
        assertRejected("910001", Map.of("type", "open", "from", "2026-02-01T00:00:00Z"), "invalid_window");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "10.5", "", "1e3", "99999999999"})
    void from_whenLimitInvalid_rejectsWithInvalidLimit(String limit) {
        assertRejected("910001", Map.of("type", "open", "limit", limit), "invalid_limit");
    }

    @Test
    void from_whenCursorOfTheSameListing_resumesWithItsFrozenNow() {
        Instant firstNow = Instant.parse("2026-01-15T09:00:00Z");
        EventSelection selection = new EventSelection(910001, null, TrackingEventType.OPEN, null, null);
        EventCursor.AfterDate position = new EventCursor.AfterDate(Instant.parse("2025-11-04T16:00:00Z"), 2);
        String cursor = new EventCursor(selection, firstNow, position).encode(CURSORS);

        EventPageRequest request = parse(Map.of("type", "open", "cursor", cursor, "limit", "5"));

        assertThat(request.asOf()).isEqualTo(firstNow);
        assertThat(request.window()).isEqualTo(new EventWindow(null, firstNow));
        assertThat(request.position()).isEqualTo(position);
        assertThat(request.limit()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type=click",
            "clientId=100002",
            "from=2025-11-04T00:00:00Z",
            "to=2025-11-05T00:00:00Z"})
    void from_whenCursorUsedWithOtherParameters_rejectsWithInvalidCursor(String change) {
        EventSelection selection = new EventSelection(910001, null, TrackingEventType.OPEN, null, null);
        String cursor = new EventCursor(selection, NOW, new EventCursor.AtOffset(100)).encode(CURSORS);
        Map<String, String> query = new HashMap<>(Map.of("type", "open", "cursor", cursor));
        String[] pair = change.split("=", 2);
        query.put(pair[0], pair[1]);

        assertRejected("910001", query, "invalid_cursor");
    }

    @Test
    void from_whenCursorOfAnotherJob_rejectsWithInvalidCursor() {
        EventSelection selection = new EventSelection(910002, null, TrackingEventType.OPEN, null, null);
        String cursor = new EventCursor(selection, NOW, new EventCursor.AtOffset(100)).encode(CURSORS);

        assertRejected("910001", Map.of("type", "open", "cursor", cursor), "invalid_cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "eyJ2IjoxfQ", "%%%"})
    void from_whenCursorGarbled_rejectsWithInvalidCursor(String cursor) {
        assertRejected("910001", Map.of("type", "open", "cursor", cursor), "invalid_cursor");
    }

    @Test
    void from_whenCursorPointsOutsideItsWindow_rejectsWithInvalidCursor() {
        Instant from = Instant.parse("2025-11-04T00:00:00Z");
        Instant to = Instant.parse("2025-11-05T00:00:00Z");
        EventSelection selection = new EventSelection(910001, null, TrackingEventType.OPEN, from, to);
        String cursor = new EventCursor(selection, NOW,
                new EventCursor.AfterDate(Instant.parse("2025-12-01T00:00:00Z"), 1)).encode(CURSORS);

        assertRejected("910001", Map.of("type", "open", "from", from.toString(), "to", to.toString(),
                "cursor", cursor), "invalid_cursor");
    }
}
