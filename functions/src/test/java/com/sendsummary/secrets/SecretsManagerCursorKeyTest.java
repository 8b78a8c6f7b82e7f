package com.sendsummary.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import com.sendsummary.config.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class SecretsManagerCursorKeyTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-key-AbCdEf";
    private static final String SECRET = "k".repeat(64);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> reads = new ArrayList<>();
    private final List<Object> answers = new ArrayList<>();

    private final SecretsManagerClient client = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            reads.add(request.secretId());
            Object answer = answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
            if (answer instanceof RuntimeException failure) {
                throw failure;
            }
            return GetSecretValueResponse.builder().secretString((String) answer).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };

    private SecretsManagerCursorKey key(String secretId) {
        return new SecretsManagerCursorKey(() -> client, secretId, Duration.ofSeconds(300), clock,
                Duration.ofSeconds(5));
    }

    @Test
    void get_readsTheSecretOnceAndDerives32Bytes() {
        answers.add(SECRET);
        SecretsManagerCursorKey key = key(ARN);

        byte[] first = key.get();
        byte[] second = key.get();

        assertThat(first).hasSize(32).isEqualTo(second).isEqualTo(SecretsManagerCursorKey.derive(SECRET));
        assertThat(reads).containsExactly(ARN);
    }

    @Test
    void get_afterMaxAge_readsAgainAndFollowsARotation() {
        answers.add(SECRET);
        answers.add("r".repeat(64));
        SecretsManagerCursorKey key = key(ARN);
        byte[] before = key.get();

        clock.advance(Duration.ofSeconds(301));

        assertThat(key.get()).isNotEqualTo(before);
        assertThat(reads).hasSize(2);
    }

    @Test
    void get_whenSecretsManagerUnreachableAfterAKeyWasRead_keepsTheKey() {
        answers.add(SECRET);
        answers.add(SdkClientException.create("connection refused"));
        SecretsManagerCursorKey key = key(ARN);
        byte[] before = key.get();
        clock.advance(Duration.ofSeconds(301));

        assertThat(key.get()).isEqualTo(before);
    }

    @Test
    void get_whenVariableNotSet_refusesWithAConfigurationErrorNamingIt() {
        assertThatThrownBy(() -> key(null).get()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CURSOR_KEY_SECRET_ID");
        assertThat(reads).isEmpty();
    }

    @Test
    void get_whenSecretTooShort_refusesWithAConfigurationErrorWithoutTheValue() {
        answers.add("short-secret");

        assertThatThrownBy(() -> key(ARN).get()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32").hasMessageNotContaining("short-secret");
    }

    @Test
    void get_whenAccessDenied_refusesWithAConfigurationError() {
        answers.add(SecretsManagerException.builder().message("denied")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build());

        assertThatThrownBy(() -> key(ARN).get()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AccessDeniedException");
    }
}
