package com.sendsummary.simulator.data;

import java.time.Instant;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The rows of a {@code "lazy": true} generator, each computed from (seed, index) alone when read, so memory does not
 * grow with {@code count}. Row i is dated {@code start + spread * g(i / count)}, g the identity for SentEvent,
 * NotSentEvent and DeliveredEvent and {@code x * x} (front-loaded, like the eager generator) otherwise: dates rise
 * with the index and seqs are {@code firstSeq + i}, so index order is (EventDate, seq) order and a date range is found
 * by binary search. The first {@code uniqueSubscribers} rows are distinct subscribers; later rows repeat them.
 */
public final class LazyEvents implements EventSequence {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final EventExpander.Plan plan;

    LazyEvents(EventExpander.Plan plan) {
        this.plan = plan;
    }

    @Override
    public int size() {
        return plan.count();
    }

    @Override
    public EventRow get(int index) {
        Objects.checkIndex(index, plan.count());
        SplittableRandom random = new SplittableRandom(plan.seed() ^ (index + 1) * GOLDEN_GAMMA);
        int subscriber = index < plan.unique() ? index : random.nextInt(plan.unique());
        return plan.row(index, subscriber, fraction(index), random);
    }

    @Override
    public Instant eventDate(int index) {
        return plan.start().plusMillis((long) (fraction(index) * plan.spreadMillis()));
    }

    @Override
    public long seq(int index) {
        return plan.firstSeq() + index;
    }

    @Override
    public int sendId() {
        return plan.send().id();
    }

    @Override
    public Integer clientId() {
        return plan.send().clientId();
    }

    @Override
    public long maxSeq() {
        return plan.count() == 0 ? 0 : plan.firstSeq() + plan.count() - 1;
    }

    private double fraction(int index) {
        double position = (double) index / plan.count();
        return plan.uniform() ? position : position * position;
    }
}
