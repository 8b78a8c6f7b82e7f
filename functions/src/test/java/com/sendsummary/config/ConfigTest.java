package com.sendsummary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("SUMMARY_TABLE", "send-summaries");
        env.put("SFMC_SECRET_ID", "sfmc/send-summary");
        return env;
    }

    @Test
    void fromEnvironment_whenOnlyRequiredSet_appliesDocumentedDefaults() {
        Config config = Config.fromEnvironment(minimal());

        assertThat(config.summaryTable()).isEqualTo("send-summaries");
        assertThat(config.ttlRecent()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.ttlSettled()).isEqualTo(Duration.ofDays(3));
        assertThat(config.trackingWindow()).isEqualTo(Duration.ofHours(72));
        assertThat(config.notFoundTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.secretMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.sfmcBatchSize()).isEqualTo(2500);
    }

    @Test
    void fromEnvironment_whenTableMissing_namesTheVariable() {
        Map<String, String> env = minimal();
        env.remove("SUMMARY_TABLE");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SUMMARY_TABLE");
    }

    @Test
    void fromEnvironment_whenTtlNotANumber_namesTheVariableNotTheValue() {
        Map<String, String> env = minimal();
        env.put("SUMMARY_TTL_RECENT_SECONDS", "five-minutes");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SUMMARY_TTL_RECENT_SECONDS")
                .hasMessageNotContaining("five-minutes");
    }

    @Test
    void fromEnvironment_whenTtlsOverridden_usesThem() {
        Map<String, String> env = minimal();
        env.put("SUMMARY_TTL_RECENT_SECONDS", "30");
        env.put("SUMMARY_TTL_SETTLED_SECONDS", "600");

        Config config = Config.fromEnvironment(env);

        assertThat(config.ttlRecent()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.ttlSettled()).isEqualTo(Duration.ofSeconds(600));
    }
}
