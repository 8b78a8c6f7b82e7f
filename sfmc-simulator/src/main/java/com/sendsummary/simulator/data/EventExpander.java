package com.sendsummary.simulator.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/** Turns an {@link EventGenerator} into rows; the same generator and index always give the same rows. */
final class EventExpander {

    private static final Duration DEFAULT_SPREAD = Duration.ofHours(1);
    private static final int DEFAULT_BATCH_ID = 1;

    private EventExpander() {
    }

    /**
     * @param send      the send the generator refers to (dates default from it)
     * @param index     position of the generator among all generators, part of the default seed
     * @param firstSeq  sequence number of the first row
     */
    static List<EventRow> expand(EventGenerator generator, String type, SendRow send, int index, long firstSeq) {
        int count = generator.count();
        if (count < 0) {
            throw new IllegalArgumentException("Generator " + describe(generator) + ": count must not be negative");
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
        Random random = new Random(seed);
        int offset = generator.subscriberOffset() == null ? 0 : generator.subscriberOffset();
        String prefix = generator.subscriberKeyPrefix() == null ? "subscriber-" : generator.subscriberKeyPrefix();
        boolean uniform = type.equals("SentEvent") || type.equals("NotSentEvent") || type.equals("DeliveredEvent");
        List<EventGenerator.BounceSpec> bounceBlocks = bounceBlocks(generator, count);
        List<EventGenerator.UrlSpec> urls = generator.urls() == null ? List.of() : generator.urls();
        int urlWeight = urls.stream().mapToInt(url -> weight(url.weight())).sum();
        if (!urls.isEmpty() && urlWeight <= 0) {
            throw new IllegalArgumentException("Generator " + describe(generator) + ": url weights add up to 0");
        }

        List<EventRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int subscriber = offset + 1 + (i < unique ? i : random.nextInt(unique));
            double position = random.nextDouble();
            // Opens and clicks cluster soon after the send, like real tracking data.
            double fraction = uniform ? position : position * position;
            Instant eventDate = start.plusMillis((long) (fraction * spread.toMillis()));

            Integer urlId = null;
            String url = null;
            Long urlIdLong = null;
            if (type.equals("ClickEvent") && !urls.isEmpty()) {
                EventGenerator.UrlSpec pick = pickUrl(urls, urlWeight, random);
                int pickIndex = urls.indexOf(pick);
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
                EventGenerator.BounceSpec bounce = bounceBlocks != null ? bounceBlocks.get(i)
                        : pickBounce(generator.bounceCategories(), random);
                bounceCategory = bounce.category();
                bounceType = bounce.bounceType();
                smtpCode = bounce.smtpCode();
                smtpReason = bounce.smtpReason();
                eventType = bounce.eventType() != null ? bounce.eventType()
                        : EventTypes.bounceEventType(bounce.category());
            }
            Map<String, String> partnerProperties = new HashMap<>();
            if (type.equals("SentEvent") || type.equals("NotSentEvent")) {
                partnerProperties.put("SubscriberID", String.valueOf(50_000_000 + subscriber));
            }
            if (generator.partnerProperties() != null) {
                partnerProperties.putAll(generator.partnerProperties());
            }
            rows.add(new EventRow(firstSeq + i, type, send.id(), send.clientId(),
                    subscriberKey(prefix, subscriber), eventDate, eventType,
                    generator.batchId() == null ? DEFAULT_BATCH_ID : generator.batchId(), null,
                    urlId, url, urlIdLong, smtpCode, bounceCategory, smtpReason, bounceType,
                    type.equals("UnsubEvent") ? Boolean.TRUE.equals(generator.isMasterUnsubscribed()) : null,
                    null, null, null, partnerProperties));
        }
        return rows;
    }

    private static String subscriberKey(String prefix, int subscriber) {
        String number = Integer.toString(subscriber);
        return number.length() >= 6 ? prefix + number : prefix + "000000".substring(number.length()) + number;
    }

    private static List<EventGenerator.BounceSpec> bounceBlocks(EventGenerator generator, int count) {
        List<EventGenerator.BounceSpec> specs = generator.bounceCategories();
        if (specs == null || specs.isEmpty() || specs.stream().anyMatch(spec -> spec.count() == null)) {
            return null;
        }
        if (specs.stream().mapToInt(EventGenerator.BounceSpec::count).sum() != count) {
            return null;
        }
        List<EventGenerator.BounceSpec> blocks = new ArrayList<>(count);
        specs.forEach(spec -> {
            for (int i = 0; i < spec.count(); i++) {
                blocks.add(spec);
            }
        });
        return blocks;
    }

    private static EventGenerator.BounceSpec pickBounce(List<EventGenerator.BounceSpec> specs, Random random) {
        if (specs == null || specs.isEmpty()) {
            return new EventGenerator.BounceSpec("Hard bounce", "immediate", "550",
                    "550 5.1.1 The email account that you tried to reach does not exist", null, null);
        }
        return specs.get(random.nextInt(specs.size()));
    }

    private static EventGenerator.UrlSpec pickUrl(List<EventGenerator.UrlSpec> urls, int totalWeight, Random random) {
        int ticket = random.nextInt(totalWeight);
        for (EventGenerator.UrlSpec url : urls) {
            ticket -= weight(url.weight());
            if (ticket < 0) {
                return url;
            }
        }
        return urls.getLast();
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
