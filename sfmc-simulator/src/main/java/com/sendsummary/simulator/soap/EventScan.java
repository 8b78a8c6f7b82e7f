package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.data.EventMerge;
import com.sendsummary.simulator.data.EventRow;
import com.sendsummary.simulator.data.EventSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The events of one type a Retrieve matches: the sequences its bounds leave (other sends skipped, EventDate range
 * found by binary search) merged by (EventDate, seq). The position is one index per sequence, never a list of rows.
 */
final class EventScan implements RowScan<EventRow> {

    private final EventMerge merge;
    private final int[] starts;
    private final Predicate<EventRow> filter;

    EventScan(List<EventSequence> sources, ScanBounds bounds, Predicate<EventRow> filter) {
        List<EventSequence> kept = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        for (EventSequence source : sources) {
            if (bounds.sendId() != null && source.sendId() != bounds.sendId()
                    || source.maxSeq() <= bounds.afterSeq()) {
                continue;
            }
            int start = bounds.from() == null ? 0 : source.firstAtOrAfter(bounds.from());
            int end = bounds.to() == null ? source.size() : source.firstAfter(bounds.to());
            if (start < end) {
                kept.add(source);
                ranges.add(new int[] {start, end});
            }
        }
        this.merge = new EventMerge(kept, ranges.stream().mapToInt(range -> range[1]).toArray());
        this.starts = ranges.stream().mapToInt(range -> range[0]).toArray();
        this.filter = filter;
    }

    @Override
    public int[] start() {
        return starts.clone();
    }

    @Override
    public Page<EventRow> read(int[] from, int limit) {
        int[] positions = from.clone();
        List<EventRow> page = new ArrayList<>();
        for (int source = merge.next(positions); source >= 0; source = merge.next(positions)) {
            EventRow row = merge.source(source).get(positions[source]);
            if (filter.test(row)) {
                if (page.size() == limit) {
                    return new Page<>(page, positions);
                }
                page.add(row);
            }
            positions[source]++;
        }
        return new Page<>(page, null);
    }
}
