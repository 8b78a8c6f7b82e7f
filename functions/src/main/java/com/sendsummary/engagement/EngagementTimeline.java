package com.sendsummary.engagement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * Opens, clicks, bounces and unsubscribes of one send over time, by EventDate relative to the send's {@code start}
 * (its SentDate), exact counts. A bucket covers {@code [bucket.start, next bucket's start)}: with {@link Interval#HOUR}
 * one hour each for the first 7 days, then one day each up to day 90; with {@link Interval#DAY} one day each for 90
 * days. Events before {@code start} are counted in {@code beforeStart}, events at or after {@code start + 90 days} in
 * {@code later}; both are totals of the four types.
 *
 * <p>{@code buckets} ends with the last non-empty bucket (trailing empty buckets are left out, so a send read two
 * hours after it went out has at most three hourly buckets); buckets between non-empty ones are listed even when
 * empty, so a bucket's index always follows from its start. When the send's start is unknown ({@code start} null),
 * {@code buckets} is empty, {@code beforeStart} is 0 and every dated event is in {@code later}. Events without an
 * EventDate are in no bucket (they are still in the engagement's counts).
 */
@JsonPropertyOrder({"start", "interval", "buckets", "beforeStart", "later"})
public record EngagementTimeline(Instant start, Interval interval, List<Bucket> buckets, long beforeStart,
                                 long later) {

    public EngagementTimeline {
        buckets = List.copyOf(buckets);
    }

    /** The width of the buckets (for {@link #HOUR}, of the first 7 days only: daily after). */
    public enum Interval {
        HOUR, DAY
    }

    @JsonPropertyOrder({"start", "opens", "clicks", "bounces", "unsubscribes"})
    public record Bucket(Instant start, long opens, long clicks, long bounces, long unsubscribes) {

        @JsonIgnore
        boolean isEmpty() {
            return opens == 0 && clicks == 0 && bounces == 0 && unsubscribes == 0;
        }
    }
}
