package com.sendsummary.simulator.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A k-way merge by (EventDate, seq) over sorted sequences, each read from a position up to an end index. Positions
 * are plain {@code int[]} (one per sequence), so a reader can stop anywhere and resume later from a copy.
 */
public final class EventMerge {

    private final List<EventSequence> sources;
    private final int[] ends;

    /** @param ends per source, the index it is read up to (exclusive) */
    public EventMerge(List<EventSequence> sources, int[] ends) {
        if (sources.size() != ends.length) {
            throw new IllegalArgumentException("one end per source");
        }
        this.sources = List.copyOf(sources);
        this.ends = ends.clone();
    }

    /** The source holding the next row in (EventDate, seq) order at these positions, or -1 when all are read. */
    public int next(int[] positions) {
        int best = -1;
        for (int s = 0; s < ends.length; s++) {
            if (positions[s] < ends[s] && (best < 0 || before(s, positions[s], best, positions[best]))) {
                best = s;
            }
        }
        return best;
    }

    public EventSequence source(int index) {
        return sources.get(index);
    }

    /** Every row from these start positions, in order. */
    public Stream<EventRow> stream(int[] starts) {
        int[] positions = starts.clone();
        Iterator<EventRow> rows = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return EventMerge.this.next(positions) >= 0;
            }

            @Override
            public EventRow next() {
                int source = EventMerge.this.next(positions);
                if (source < 0) {
                    throw new NoSuchElementException();
                }
                return sources.get(source).get(positions[source]++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false);
    }

    private boolean before(int a, int aIndex, int b, int bIndex) {
        int byDate = sources.get(a).eventDate(aIndex).compareTo(sources.get(b).eventDate(bIndex));
        return byDate != 0 ? byDate < 0 : sources.get(a).seq(aIndex) < sources.get(b).seq(bIndex);
    }
}
