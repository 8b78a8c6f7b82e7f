package com.sendsummary.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.events.TestEvents;
import com.sendsummary.sfmc.TrackingEvent;
import com.sendsummary.sfmc.TrackingEventType;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventLedgerTest {
    private static final Instant T0 = Instant.parse("2025-11-04T15:00:00Z");

    @Test
    void consume_whenRecordedOnce_isTrueOnceThenFalse() {
        EventLedger ledger = new EventLedger();
        ledger.record(42);

        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.consume(42)).isTrue();
        assertThat(ledger.consume(42)).isFalse();
        assertThat(ledger.consume(43)).isFalse();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void consume_whenRecordedThreeTimes_isTrueThreeTimes() {
        EventLedger ledger = new EventLedger();
        for (long id : new long[] {7, 0, 7, -1, 7, 0}) {
            ledger.record(id);
        }

        assertThat(ledger.size()).isEqualTo(6);
        assertThat(ledger.distinct()).isEqualTo(3);
        assertThat(ledger.consume(7)).isTrue();
        assertThat(ledger.consume(7)).isTrue();
        assertThat(ledger.consume(7)).isTrue();
        assertThat(ledger.consume(7)).isFalse();
        assertThat(ledger.consume(0)).isTrue();
        assertThat(ledger.consume(0)).isTrue();
        assertThat(ledger.consume(0)).isFalse();
        assertThat(ledger.consume(-1)).isTrue();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void ledger_ofRandomOperations_behavesLikeAMultiset() {
        Random random = new Random(1);
        EventLedger ledger = new EventLedger();
        Map<Long, Integer> truth = new HashMap<>();
        // Few distinct small ids (so multiples, collisions of home slots and deletions in clusters are common).
        for (int i = 0; i < 200_000; i++) {
            long id = random.nextInt(5_000) - 100;
            if (random.nextInt(3) > 0) {
                ledger.record(id);
                truth.merge(id, 1, Integer::sum);
            } else {
                boolean present = truth.getOrDefault(id, 0) > 0;
                assertThat(ledger.consume(id)).isEqualTo(present);
                if (present) {
                    truth.merge(id, -1, Integer::sum);
                }
            }
        }
        assertThat(ledger.size()).isEqualTo(truth.values().stream().mapToInt(Integer::intValue).sum());
        EventLedger read = EventLedger.fromBytes(ledger.toBytes());
        truth.forEach((id, count) -> {
            for (int i = 0; i < count; i++) {
                assertThat(read.consume(id)).isTrue();
            }
            assertThat(read.consume(id)).isFalse();
        });
        assertThat(read.size()).isZero();
    }

    @Test
    void merge_addsEveryOccurrenceOfTheOther() {
        EventLedger a = new EventLedger();
        EventLedger b = new EventLedger();
        a.record(1);
        a.record(2);
        b.record(2);
        b.record(2);
        b.record(3);
        b.record(0);

        a.merge(b);

        assertThat(a.size()).isEqualTo(6);
        assertThat(b.size()).isEqualTo(4);
        assertThat(new boolean[] {a.consume(2), a.consume(2), a.consume(2), a.consume(2)})
                .containsExactly(true, true, true, false);
        assertThat(a.consume(1) && a.consume(3) && a.consume(0)).isTrue();
        assertThat(a.size()).isZero();
    }

    @Test
    void merge_withItself_doublesEveryCount() {
        EventLedger ledger = new EventLedger();
        ledger.record(5);
        ledger.record(5);
        ledger.record(9);

        ledger.merge(ledger);

        assertThat(ledger.size()).isEqualTo(6);
        assertThat(ledger.distinct()).isEqualTo(2);
    }

    @Test
    void fromBytes_ofToBytes_keepsEveryOccurrence() {
        EventLedger ledger = new EventLedger();
        for (long id : new long[] {Long.MIN_VALUE, -1, 0, 0, 1, 1, 1, Long.MAX_VALUE, 12345}) {
            ledger.record(id);
        }

        EventLedger read = EventLedger.fromBytes(ledger.toBytes());

        assertThat(read.size()).isEqualTo(9);
        assertThat(read.toBytes()).isEqualTo(ledger.toBytes());
        assertThat(EventLedger.fromBytes(new EventLedger().toBytes()).size()).isZero();
    }

    @Test
    void fromBytes_whenGarbageTruncatedOrAnotherVersion_isRefused() {
        EventLedger ledger = new EventLedger();
        for (long id = 1; id < 300; id++) {
            ledger.record(id * 0x9E3779B97F4A7C15L);
        }
        ledger.record(77);
        ledger.record(77);
        byte[] bytes = ledger.toBytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> EventLedger.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] otherVersion = bytes.clone();
        otherVersion[4] = 9;
        assertThatThrownBy(() -> EventLedger.fromBytes(otherVersion)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventLedger.fromBytes(EngagementState.empty(T0).toBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        Random random = new Random(2);
        for (int i = 0; i < 100; i++) {
            byte[] garbage = new byte[random.nextInt(100)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> EventLedger.fromBytes(garbage)).isInstanceOf(IllegalArgumentException.class);
        }
        // A header and a count of 2^31 identities in five bytes: refused before a table is sized for it.
        byte[] huge = {0x53, 0x53, 0x45, 0x4C, 1, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertThatThrownBy(() -> EventLedger.fromBytes(huge)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identity_separatesEventsThatDifferInTypeSubscriberDateOrLink() {
        Set<Long> ids = new HashSet<>();
        ids.add(EventLedger.identity(TestEvents.open("a", T0)));
        ids.add(EventLedger.identity(TestEvents.event(TrackingEventType.SENT, "a", T0)));
        ids.add(EventLedger.identity(TestEvents.open("b", T0)));
        ids.add(EventLedger.identity(TestEvents.open(null, T0)));
        ids.add(EventLedger.identity(TestEvents.open("", T0)));
        ids.add(EventLedger.identity(TestEvents.open("a", T0.plusMillis(1))));
        ids.add(EventLedger.identity(TestEvents.open("a", null)));
        ids.add(EventLedger.identity(TestEvents.click("a", T0, 1, "u")));
        ids.add(EventLedger.identity(TestEvents.click("a", T0, 2, "u")));
        ids.add(EventLedger.identity(clickWithoutId("u")));
        ids.add(EventLedger.identity(clickWithoutId("v")));

        assertThat(ids).hasSize(11);
        assertThat(EventLedger.identity(TestEvents.click("a", T0, 1, "u?sk=a")))
                .as("a link is its URLID, whatever its URL")
                .isEqualTo(EventLedger.identity(TestEvents.click("a", T0, 1, "u?sk=b")));
        assertThat(EventLedger.identity(TestEvents.open("a", T0)))
                .isEqualTo(EventLedger.identity(TestEvents.open("a", T0)));
    }

    @Test
    void ledger_ofAMillionIdentities_fitsIn32MbAndPrintsItsSizes() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        EventLedger ledger = new EventLedger();
        for (int i = 0; i < 1_000_000; i++) {
            ledger.record(EventLedger.identity(TestEvents.open("sk-" + i, T0.plusMillis(i))));
        }
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory() - before;

        byte[] bytes = ledger.toBytes();

        System.out.printf("EventLedger, 1,000,000 identities: table %,d bytes, heap measured %,d bytes, "
                + "toBytes %,d bytes%n", ledger.tableBytes(), heap, bytes.length);
        assertThat(ledger.size()).isEqualTo(1_000_000);
        assertThat(ledger.tableBytes()).isLessThanOrEqualTo(32L << 20);
        assertThat(EventLedger.fromBytes(bytes).size()).isEqualTo(1_000_000);
        assertThat(bytes.length).isLessThan(8_000_000);
    }

    private static TrackingEvent clickWithoutId(String url) {
        return new TrackingEvent(TrackingEventType.CLICK, 910001, null, "a", T0, "Click", 1, null, null, url, null,
                null, null, null, Map.of());
    }
}
