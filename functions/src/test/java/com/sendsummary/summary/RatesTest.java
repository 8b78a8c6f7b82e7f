package com.sendsummary.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void of_whenCountersKnown_usesDocumentedDenominators() {
        Rates rates = Rates.of(25_000, 24_710, 6_120, 811, 95, 180, 15, 42);

        assertThat(rates.delivery()).isEqualByComparingTo(new BigDecimal("0.9884"));
        assertThat(rates.open()).isEqualByComparingTo(new BigDecimal("0.2477"));
        assertThat(rates.click()).isEqualByComparingTo(new BigDecimal("0.0328"));
        assertThat(rates.bounce()).isEqualByComparingTo(new BigDecimal("0.0116"));
        assertThat(rates.unsubscribe()).isEqualByComparingTo(new BigDecimal("0.0017"));
    }

    @Test
    void of_whenNothingSentOrDelivered_returnsNullRates() {
        Rates rates = Rates.of(0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(rates).isEqualTo(new Rates(null, null, null, null, null));
    }

    @Test
    void of_whenCountersAbsent_returnsNullRates() {
        Rates rates = Rates.of(null, null, null, null, null, null, null, null);

        assertThat(rates).isEqualTo(new Rates(null, null, null, null, null));
    }
}
