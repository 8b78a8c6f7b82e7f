package com.sendsummary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    private static Map<String, String> refreshMinimal() {
        Map<String, String> env = new HashMap<>();
        env.put("REFRESH_SCHEDULE_GROUP", "send-refresh");
        env.put("REFRESH_SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/send-refresh-scheduler");
        env.put("REFRESH_EVENT_BUS_ARN", "arn:aws:events:us-east-1:123456789012:event-bus/default");
        return env;
    }

    @Test
    void refreshFromEnvironment_whenOnlyTargetSet_appliesDocumentedDefaults() {
        Config.Refresh refresh = Config.Refresh.fromEnvironment(refreshMinimal());

        assertThat(refresh.followUps()).hasValueSatisfying(followUps -> {
            assertThat(followUps.delays())
                    .containsExactly(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24));
            assertThat(followUps.scheduleGroup()).isEqualTo("send-refresh");
            assertThat(followUps.schedulerRoleArn()).endsWith(":role/send-refresh-scheduler");
            assertThat(followUps.eventBusArn()).endsWith(":event-bus/default");
        });
    }

    @Test
    void refreshFromEnvironment_whenFollowUpsEmpty_needsNoScheduleTarget() {
        Config.Refresh refresh = Config.Refresh.fromEnvironment(Map.of("REFRESH_FOLLOW_UPS", ""));

        assertThat(refresh.followUps()).isEmpty();
    }

    @Test
    void refreshFromEnvironment_whenFollowUpsListed_sortsThemInCanonicalForm() {
        Map<String, String> env = refreshMinimal();
        env.put("REFRESH_FOLLOW_UPS", " P1D , PT90M,PT300S");

        assertThat(Config.Refresh.fromEnvironment(env).followUps().orElseThrow().delays())
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(90), Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15m", "PT15M,,PT1H", "PT0S", "-PT15M", "PT0.5S", "P366D", "PT60M,PT1H"})
    void refreshFromEnvironment_whenFollowUpInvalid_namesTheVariable(String followUps) {
        Map<String, String> env = refreshMinimal();
        env.put("REFRESH_FOLLOW_UPS", followUps);

        assertThatThrownBy(() -> Config.Refresh.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("REFRESH_FOLLOW_UPS");
    }

    @Test
    void refreshFromEnvironment_whenMoreThanTenFollowUps_rejects() {
        Map<String, String> env = refreshMinimal();
        env.put("REFRESH_FOLLOW_UPS", String.join(",", List.of("PT1M", "PT2M", "PT3M", "PT4M", "PT5M", "PT6M",
                "PT7M", "PT8M", "PT9M", "PT10M", "PT11M")));

        assertThatThrownBy(() -> Config.Refresh.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("REFRESH_FOLLOW_UPS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"REFRESH_SCHEDULE_GROUP", "REFRESH_SCHEDULER_ROLE_ARN", "REFRESH_EVENT_BUS_ARN"})
    void refreshFromEnvironment_whenFollowUpsButTargetMissing_namesTheVariable(String variable) {
        Map<String, String> env = refreshMinimal();
        env.remove(variable);

        assertThatThrownBy(() -> Config.Refresh.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void refreshFromEnvironment_whenRoleArnIsABusArn_rejects() {
        Map<String, String> env = refreshMinimal();
        env.put("REFRESH_SCHEDULER_ROLE_ARN", env.get("REFRESH_EVENT_BUS_ARN"));

        assertThatThrownBy(() -> Config.Refresh.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("REFRESH_SCHEDULER_ROLE_ARN");
    }

    @Test
    void fromEnvironment_whenMinIntervalZero_allowsIt() {
        Map<String, String> env = minimal();
        env.put("REFRESH_MIN_INTERVAL_SECONDS", "0");

        assertThat(Config.fromEnvironment(env).refreshMinInterval()).isZero();
    }

    @Test
    void fromEnvironment_whenMinIntervalNegative_namesTheVariable() {
        Map<String, String> env = minimal();
        env.put("REFRESH_MIN_INTERVAL_SECONDS", "-1");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("REFRESH_MIN_INTERVAL_SECONDS");
    }

    @Test
    void fromEnvironment_whenResilienceSettingsLeftOut_appliesDocumentedDefaults() {
        Config config = Config.fromEnvironment(minimal());

        assertThat(config.staleMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(config.fetchLease()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.leaseWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.deadlineMargin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.refreshMinInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void fromEnvironment_whenLeaseWaitNotPositive_namesTheVariable() {
        Map<String, String> env = minimal();
        env.put("LEASE_WAIT_MS", "0");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LEASE_WAIT_MS");
    }

    @Test
    void fromEnvironment_whenLocalEndpointsSwitchAbsent_refusesLoopbackSfmcUrls() {
        assertThat(Config.fromEnvironment(minimal()).sfmcLocalEndpointsAllowed()).isFalse();
    }

    @Test
    void fromEnvironment_whenLocalEndpointsSwitchNotABoolean_namesTheVariable() {
        Map<String, String> env = minimal();
        env.put("SFMC_LOCAL_ENDPOINTS_ALLOWED", "yes");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SFMC_LOCAL_ENDPOINTS_ALLOWED");
    }

    @Test
    void fromEnvironment_whenNoAllowList_letsEveryBusinessUnitThrough() {
        BusinessUnits units = Config.fromEnvironment(minimal()).businessUnits();

        units.check(null);
        units.check(100002);
    }

    @Test
    void fromEnvironment_whenAllowListSet_refusesOtherBusinessUnitsButNeverTheCredentialsOwn() {
        Map<String, String> env = minimal();
        env.put("ALLOWED_CLIENT_IDS", " 100001, 100002 ");
        BusinessUnits units = Config.fromEnvironment(env).businessUnits();

        units.check(null);
        units.check(100002);
        assertThatThrownBy(() -> units.check(100003)).isInstanceOf(ClientNotAllowedException.class)
                .hasMessageContaining("100003");
    }

    @Test
    void fromEnvironment_whenAllowListMalformed_namesTheVariable() {
        Map<String, String> env = minimal();
        env.put("ALLOWED_CLIENT_IDS", "100001,BU2");

        assertThatThrownBy(() -> Config.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ALLOWED_CLIENT_IDS")
                .hasMessageNotContaining("BU2");
    }
}
