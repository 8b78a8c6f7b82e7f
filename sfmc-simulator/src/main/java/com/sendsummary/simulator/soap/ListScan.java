package com.sendsummary.simulator.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A scan over a small in-memory list (the Sends of a snapshot); the position is one index. */
record ListScan<R>(List<R> rows, Predicate<R> filter) implements RowScan<R> {

    ListScan {
        rows = List.copyOf(rows);
    }

    @Override
    public int[] start() {
        return new int[1];
    }

    @Override
    public Page<R> read(int[] from, int limit) {
        List<R> page = new ArrayList<>();
        int position = from[0];
        for (; position < rows.size(); position++) {
            if (filter.test(rows.get(position))) {
                if (page.size() == limit) {
                    return new Page<>(page, new int[] {position});
                }
                page.add(rows.get(position));
            }
        }
        return new Page<>(page, null);
    }
}
