package com.sendsummary.simulator.soap;

import java.util.List;

/**
 * The rows one Retrieve matches, in answer order, read a page at a time from a saved position. A scan is immutable
 * and holds a snapshot of the data, so a continuation keeps its view while data is added, and reading the same
 * position twice gives the same page.
 */
interface RowScan<R> {

    /** The position of the first row. */
    int[] start();

    /**
     * Up to {@code limit} matching rows from {@code from} (not modified), and the position of the next match, or
     * null when there is none. Costs the rows returned plus the rows skipped up to the next match.
     */
    Page<R> read(int[] from, int limit);

    record Page<R>(List<R> rows, int[] next) {
    }
}
