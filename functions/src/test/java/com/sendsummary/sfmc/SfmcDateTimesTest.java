package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SfmcDateTimesTest {

    @Test
    void parse_whenNoOffset_readsServerTimeUtcMinusSix() {
        assertThat(SfmcDateTimes.parse("2024-03-05T09:14:02.113")).isEqualTo(Instant.parse("2024-03-05T15:14:02.113Z"));
    }

    @Test
    void parse_whenSummerDate_stillUsesUtcMinusSixWithoutDst() {
        assertThat(SfmcDateTimes.parse("2024-07-01T00:00:00")).isEqualTo(Instant.parse("2024-07-01T06:00:00Z"));
    }

    @Test
    void parse_whenZulu_honoursIt() {
        assertThat(SfmcDateTimes.parse("2024-03-05T09:14:02Z")).isEqualTo(Instant.parse("2024-03-05T09:14:02Z"));
    }

    @Test
    void parse_whenExplicitOffset_honoursIt() {
        assertThat(SfmcDateTimes.parse(" 2024-03-05T13:00:00-05:00 ")).isEqualTo(Instant.parse("2024-03-05T18:00:00Z"));
    }

    @Test
    void parse_whenSevenFractionDigits_keepsThem() {
        assertThat(SfmcDateTimes.parse("2024-03-05T10:02:41.4812345"))
                .isEqualTo(Instant.parse("2024-03-05T16:02:41.4812345Z"));
    }

    @Test
    void parse_whenNullOrBlank_returnsNull() {
        assertThat(SfmcDateTimes.parse(null)).isNull();
        assertThat(SfmcDateTimes.parse("  ")).isNull();
    }

    @Test
    void parse_whenNotADate_throws() {
        assertThatThrownBy(() -> SfmcDateTimes.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void print_whenInstant_writesUtcMinusSixWithExplicitOffset() {
        assertThat(SfmcDateTimes.print(Instant.parse("2024-03-05T06:00:00Z"))).isEqualTo("2024-03-05T00:00:00-06:00");
        assertThat(SfmcDateTimes.print(Instant.parse("2024-03-05T06:00:00.5Z"))).isEqualTo("2024-03-05T00:00:00.5-06:00");
    }

    @Test
    void print_whenParsedBack_roundTrips() {
        Instant instant = Instant.parse("2024-12-31T23:59:59.999Z");
        assertThat(SfmcDateTimes.parse(SfmcDateTimes.print(instant))).isEqualTo(instant);
    }
}
