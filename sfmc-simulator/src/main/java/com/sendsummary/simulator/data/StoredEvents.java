package com.sendsummary.simulator.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Materialised rows (explicit rows and expanded eager generators) of one type and one send, sorted. */
final class StoredEvents implements EventSequence {

    static final Comparator<EventRow> EVENT_ORDER =
            Comparator.comparing(EventRow::eventDate).thenComparingLong(EventRow::seq);

    private final int sendId;
    private final List<EventRow> rows;
    private final Integer clientId;
    private final long maxSeq;

    private StoredEvents(int sendId, List<EventRow> rows) {
        this.sendId = sendId;
        this.rows = rows;
        this.clientId = rows.stream().map(EventRow::clientId).distinct().count() == 1
                ? rows.getFirst().clientId() : null;
        this.maxSeq = rows.stream().mapToLong(EventRow::seq).max().orElse(0);
    }

    /** These rows plus the ones already stored (null: none), sorted; only this send's rows are copied. */
    static StoredEvents merge(int sendId, StoredEvents existing, Collection<EventRow> added) {
        List<EventRow> all = new ArrayList<>(existing == null ? added.size() : existing.size() + added.size());
        if (existing != null) {
            all.addAll(existing.rows);
        }
        all.addAll(added);
        all.sort(EVENT_ORDER);
        return new StoredEvents(sendId, List.copyOf(all));
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public EventRow get(int index) {
        return rows.get(index);
    }

    @Override
    public Instant eventDate(int index) {
        return rows.get(index).eventDate();
    }

    @Override
    public long seq(int index) {
        return rows.get(index).seq();
    }

    @Override
    public int sendId() {
        return sendId;
    }

    @Override
    public Integer clientId() {
        return clientId;
    }

    @Override
    public long maxSeq() {
        return maxSeq;
    }
}
