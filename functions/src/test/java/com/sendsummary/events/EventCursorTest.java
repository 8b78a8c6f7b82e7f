package com.sendsummary.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.cursor.TestCursors;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCursorTest {
    private static final Instant AS_OF = Instant.parse("2026-01-15T10:15:30.123Z");
    private static final EventSelection SELECTION = new EventSelection(910001, 100002, TrackingEventType.OPEN,
            Instant.parse("2025-11-04T15:00:00Z"), null);
    private static final CursorCodec CURSORS = TestCursors.CODEC;

    @Test
    void decode_whenAfterDateCursorEncoded_returnsEqualCursor() {
        EventCursor cursor = new EventCursor(SELECTION, AS_OF,
                new EventCursor.AfterDate(Instant.parse("2025-11-04T16:01:02.345Z"), 3));

        assertThat(EventCursor.decode(cursor.encode(CURSORS), CURSORS)).contains(cursor);
    }

    @Test
    void decode_whenOffsetCursorEncoded_returnsEqualCursor() {
        EventCursor cursor = new EventCursor(new EventSelection(1, null, TrackingEventType.NOT_SENT, null, null),
                AS_OF, new EventCursor.AtOffset(2000));

        assertThat(EventCursor.decode(cursor.encode(CURSORS), CURSORS)).contains(cursor);
    }

    @Test
    void decode_whenIssuedAsAListingCursorWithTheSameKey_isEmpty() {
        EventCursor.State state = EventCursor.State.of(new EventCursor(SELECTION, AS_OF,
                new EventCursor.AtOffset(5)));

        assertThat(EventCursor.decode(CURSORS.encode("sends", state), CURSORS)).isEmpty();
    }

    @Test
    void decode_whenIssuedByAnotherDeployment_isEmpty() {
        String text = new EventCursor(SELECTION, AS_OF, new EventCursor.AtOffset(5)).encode(TestCursors.OTHER_DEPLOYMENT);

        assertThat(EventCursor.decode(text, CURSORS)).isEmpty();
    }

    @Test
    void decode_whenStateCarriesAnOffsetPastTheCap_isEmpty() {
        EventCursor.State deep = new EventCursor.State(910001, null, "open", null, null, AS_OF, null, null,
                EventCursor.MAX_SKIP + 1);

        assertThat(EventCursor.decode(CURSORS.encode(EventCursor.KIND, deep), CURSORS)).isEmpty();
    }

    @Test
    void positions_refuseSkipsPastTheCap() {
        assertThatThrownBy(() -> new EventCursor.AtOffset(EventCursor.MAX_SKIP + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventCursor.AfterDate(AS_OF, EventCursor.MAX_SKIP + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EventCursor.AtOffset(EventCursor.MAX_SKIP).offset()).isEqualTo(EventCursor.MAX_SKIP);
    }
}
