package com.sendsummary.simulator.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Turns an {@link EventGenerator} into rows: all at once (eager) or as a {@link LazyEvents} sequence. Both share the
 * validation and the rules for one row; the same generator and index always give the same rows.
 */
final class EventExpander {

    private static final Duration DEFAULT_SPREAD = Duration.ofHours(1);
    private static final int DEFAULT_BATCH_ID = 1;
    private static final EventGenerator.BounceSpec DEFAULT_BOUNCE = new EventGenerator.BounceSpec("Hard bounce",
            "immediate", "550", "550 5.1.1 The email account that you tried to reach does not exist", null, null);

    private EventExpander() {
    }

    /**
     * @param send      the send the generator refers to (dates default from it)
     * @param index     position of the generator among all generators, part of the default seed
     * @param firstSeq  sequence number of the first row
     */
    static List<EventRow> expand(EventGenerator generator, String type, SendRow send, int index, long firstSeq) {
        Plan plan = Plan.of(generator, type, send, index, firstSeq);
        Random random = new Random(plan.seed());
        List<EventRow> rows = new ArrayList<>(plan.count());
        for (int i = 0; i < plan.count(); i++) {
            int subscriber = i < plan.unique() ? i : random.nextInt(plan.unique());
            double position = random.nextDouble();
            // Opens and clicks cluster soon after the send, like real tracking data.
            double fraction = plan.uniform() ? position : position * position;
            rows.add(plan.row(i, subscriber, fraction, random));
        }
        return rows;
    }

    /** The generator as a sequence computed on demand; nothing is expanded. */
    static LazyEvents lazy(EventGenerator generator, String type, SendRow send, int index, long firstSeq) {
        return new LazyEvents(Plan.of(generator, type, send, index, firstSeq));
    }

    /** A validated generator: everything a row needs except its own random choices. */
    record Plan(EventGenerator generator, String type, SendRow send, int count, int unique, Instant start,
                long spreadMillis, long seed, int offset, String prefix, boolean uniform, int[] bounceBlockEnds,
                List<EventGenerator.UrlSpec> urls, int urlWeight, long firstSeq) {

        static Plan of(EventGenerator generator, String type, SendRow send, int index, long firstSeq) {
            int count = generator.count();
            if (count < 0) {
                throw new IllegalArgumentException("Generator " + describe(generator)
                        + ": count must not be negative");
            }
            int unique = generator.uniqueSubscribers() == null ? count : generator.uniqueSubscribers();
            if (count > 0 && (unique < 1 || unique > count)) {
                throw new IllegalArgumentException(
                        "Generator " + describe(generator) + ": uniqueSubscribers must be between 1 and count");
            }
            Instant start = firstNonNull(generator.start(), send.sentDate(), send.sendDate());
            if (start == null) {
                throw new IllegalArgumentException("Generator " + describe(generator)
                        + ": needs a start (the send has neither sentDate nor sendDate)");
            }
            Duration spread = generator.spread() == null ? DEFAULT_SPREAD : generator.spread();
            long seed = generator.seed() != null ? generator.seed()
                    : Objects.hash(generator.sendId(), type, index, count);
            List<EventGenerator.UrlSpec> urls = generator.urls() == null ? List.of() : List.copyOf(generator.urls());
            int urlWeight = urls.stream().mapToInt(url -> weight(url.weight())).sum();
            if (!urls.isEmpty() && urlWeight <= 0) {
                throw new IllegalArgumentException("Generator " + describe(generator) + ": url weights add up to 0");
            }
            return new Plan(generator, type, send, count, unique, start, spread.toMillis(), seed,
                    generator.subscriberOffset() == null ? 0 : generator.subscriberOffset(),
                    generator.subscriberKeyPrefix() == null ? "subscriber-" : generator.subscriberKeyPrefix(),
                    type.equals("SentEvent") || type.equals("NotSentEvent") || type.equals("DeliveredEvent"),
                    blockEnds(generator, count), urls, urlWeight, firstSeq);
        }

        /**
         * Row {@code i}: {@code subscriber} counts from 0 (before the offset), {@code fraction} places it in the
         * spread; URL and random bounce picks draw from {@code random} in the eager generator's order.
         */
        EventRow row(int i, int subscriber, double fraction, RandomGenerator random) {
            int number = offset + 1 + subscriber;
            Instant eventDate = start.plusMillis((long) (fraction * spreadMillis));
            Integer urlId = null;
            String url = null;
            Long urlIdLong = null;
            if (type.equals("ClickEvent") && !urls.isEmpty()) {
                int pickIndex = pickUrl(random.nextInt(urlWeight));
                EventGenerator.UrlSpec pick = urls.get(pickIndex);
                urlId = pick.urlId() != null ? pick.urlId() : 1000 + pickIndex;
                url = pick.url();
                urlIdLong = urlId.longValue();
            }
            String eventType = generator.eventType() != null ? generator.eventType()
                    : EventTypes.defaultEventType(type);
            String smtpCode = null;
            String bounceCategory = null;
            String smtpReason = null;
            String bounceType = null;
            if (type.equals("BounceEvent")) {
                EventGenerator.BounceSpec bounce = bounceBlockEnds != null ? bounceBlock(i) : pickBounce(random);
                bounceCategory = bounce.category();
                bounceType = bounce.bounceType();
                smtpCode = bounce.smtpCode();
                smtpReason = bounce.smtpReason();
                eventType = bounce.eventType() != null ? bounce.eventType()
                        : EventTypes.bounceEventType(bounce.category());
            }
            Map<String, String> partnerProperties = new HashMap<>();
            if (type.equals("SentEvent") || type.equals("NotSentEvent")) {
                partnerProperties.put("SubscriberID", String.valueOf(50_000_000 + number));
            }
            if (generator.partnerProperties() != null) {
                partnerProperties.putAll(generator.partnerProperties());
            }
            return new EventRow(firstSeq + i, type, send.id(), send.clientId(), subscriberKey(number), eventDate,
                    eventType, generator.batchId() == null ? DEFAULT_BATCH_ID : generator.batchId(), null,
                    urlId, url, urlIdLong, smtpCode, bounceCategory, smtpReason, bounceType,
                    type.equals("UnsubEvent") ? Boolean.TRUE.equals(generator.isMasterUnsubscribed()) : null,
                    null, null, null, partnerProperties);
        }

        private String subscriberKey(int subscriber) {
            String number = Integer.toString(subscriber);
            return number.length() >= 6 ? prefix + number : prefix + "000000".substring(number.length()) + number;
        }

        private EventGenerator.BounceSpec bounceBlock(int i) {
            int block = 0;
            while (i >= bounceBlockEnds[block]) {
                block++;
            }
            return generator.bounceCategories().get(block);
        }

        private EventGenerator.BounceSpec pickBounce(RandomGenerator random) {
            List<EventGenerator.BounceSpec> specs = generator.bounceCategories();
            return specs == null || specs.isEmpty() ? DEFAULT_BOUNCE : specs.get(random.nextInt(specs.size()));
        }

        private int pickUrl(int ticket) {
            int left = ticket;
            for (int i = 0; i < urls.size(); i++) {
                left -= weight(urls.get(i).weight());
                if (left < 0) {
                    return i;
                }
            }
            return urls.size() - 1;
        }
    }

    /** Where each bounce block ends when every spec has a count and they add up (exact counts); otherwise null. */
    private static int[] blockEnds(EventGenerator generator, int count) {
        List<EventGenerator.BounceSpec> specs = generator.bounceCategories();
        if (specs == null || specs.isEmpty() || specs.stream().anyMatch(spec -> spec.count() == null)) {
            return null;
        }
        if (specs.stream().mapToInt(EventGenerator.BounceSpec::count).sum() != count) {
            return null;
        }
        int[] ends = new int[specs.size()];
        int end = 0;
        for (int i = 0; i < ends.length; i++) {
            end += specs.get(i).count();
            ends[i] = end;
        }
        return ends;
    }

    private static int weight(Integer weight) {
        return weight == null ? 1 : Math.max(weight, 0);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String describe(EventGenerator generator) {
        return generator.type() + "/" + generator.sendId();
    }
}
