package com.sendsummary.simulator.data;

import java.time.Instant;

/**
 * Events of one type and one send in (EventDate, seq) order, readable by index without materialising the others.
 * Implementations are immutable, so a reader holding one keeps a consistent snapshot while data is added.
 */
public interface EventSequence {

    int size();

    EventRow get(int index);

    /** The EventDate of row {@code index}, without building the row. */
    Instant eventDate(int index);

    /** The seq of row {@code index}, without building the row. */
    long seq(int index);

    int sendId();

    /** The MID of every row, or null when rows of this sequence belong to different business units. */
    Integer clientId();

    /** The highest seq of any row, 0 when empty. */
    long maxSeq();

    /** The index of the first row dated at or after {@code date} (size() when none). */
    default int firstAtOrAfter(Instant date) {
        int low = 0;
        int high = size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (eventDate(middle).isBefore(date)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The index of the first row dated after {@code date} (size() when none). */
    default int firstAfter(Instant date) {
        int low = 0;
        int high = size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (eventDate(middle).isAfter(date)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
