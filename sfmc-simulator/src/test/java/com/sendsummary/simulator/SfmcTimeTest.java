package com.sendsummary.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SfmcTimeTest {

    @Test
    void toServerCalendar_writesUtcMinus6WithoutOffsetAndTrimmedMillis() {
        assertThat(SfmcTime.toServerCalendar(Instant.parse("2024-03-05T15:14:02.113Z")).toXMLFormat())
                .isEqualTo("2024-03-05T09:14:02.113");
        assertThat(SfmcTime.toServerCalendar(Instant.parse("2024-03-05T16:02:41.480Z")).toXMLFormat())
                .isEqualTo("2024-03-05T10:02:41.48");
        assertThat(SfmcTime.toServerCalendar(Instant.parse("2024-03-05T06:00:00Z")).toXMLFormat())
                .isEqualTo("2024-03-05T00:00:00");
    }

    @Test
    void parse_readsOffsetLessDatesAsServerTimeAndHonoursOffsets() {
        assertThat(SfmcTime.parse("2024-03-05T00:00:00")).isEqualTo(Instant.parse("2024-03-05T06:00:00Z"));
        assertThat(SfmcTime.parse("2024-03-05T00:00:00+01:00")).isEqualTo(Instant.parse("2024-03-04T23:00:00Z"));
        assertThat(SfmcTime.parse("2024-03-05")).isEqualTo(Instant.parse("2024-03-05T06:00:00Z"));
    }

    @Test
    void parseRelative_readsNowPlusOrMinusDuration() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

        assertThat(SfmcTime.parseRelative("now-PT2H", now)).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(SfmcTime.parseRelative("now+P1D", now)).isEqualTo(Instant.parse("2026-01-02T12:00:00Z"));
        assertThat(SfmcTime.parseRelative("now", now)).isEqualTo(now);
    }
}
