package com.sendsummary.simulator.data;

import java.util.List;
import java.util.stream.Stream;

/**
 * The events of one ObjectType in a snapshot: one sorted sequence per send for materialised rows plus one per lazy
 * generator. Nothing here copies or expands a lazy sequence.
 */
public record TypeEvents(List<EventSequence> sources) {

    public TypeEvents {
        sources = List.copyOf(sources);
    }

    public long size() {
        return sources.stream().mapToLong(EventSequence::size).sum();
    }

    /** Every row in (EventDate, seq) order; lazy rows are built as the stream is read. */
    public Stream<EventRow> stream() {
        int[] ends = sources.stream().mapToInt(EventSequence::size).toArray();
        return new EventMerge(sources, ends).stream(new int[ends.length]);
    }
}
