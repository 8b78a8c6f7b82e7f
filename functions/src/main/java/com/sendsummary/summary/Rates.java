package com.sendsummary.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Engagement rates of a send, as fractions rounded to four decimals; null when the denominator is zero or unknown.
 *
 * <p>Denominators: {@code delivery} = numberDelivered / numberSent; {@code open} = uniqueOpens / numberDelivered;
 * {@code click} = uniqueClicks / numberDelivered; {@code bounce} = (hard + soft + other bounces) / numberSent;
 * {@code unsubscribe} = unsubscribes / numberDelivered.
 */
public record Rates(BigDecimal delivery, BigDecimal open, BigDecimal click, BigDecimal bounce, BigDecimal unsubscribe) {

    static Rates of(Integer sent, Integer delivered, Integer uniqueOpens, Integer uniqueClicks,
                    Integer hardBounces, Integer softBounces, Integer otherBounces, Integer unsubscribes) {
        Integer bounces = hardBounces == null && softBounces == null && otherBounces == null
                ? null
                : zeroIfNull(hardBounces) + zeroIfNull(softBounces) + zeroIfNull(otherBounces);
        return new Rates(
                ratio(delivered, sent),
                ratio(uniqueOpens, delivered),
                ratio(uniqueClicks, delivered),
                ratio(bounces, sent),
                ratio(unsubscribes, delivered));
    }

    private static BigDecimal ratio(Integer numerator, Integer denominator) {
        if (numerator == null || denominator == null || denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
