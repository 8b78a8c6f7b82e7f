package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngagementRequestTest {

    private static APIGatewayV2HTTPEvent event(String jobId, Map<String, String> query) {
        Map<String, String> path = new HashMap<>();
        path.put("jobId", jobId);
        return APIGatewayV2HTTPEvent.builder().withPathParameters(path).withQueryStringParameters(query).build();
    }

    private static void assertRejected(String jobId, Map<String, String> query, String code) {
        assertThatThrownBy(() -> EngagementRequest.from(event(jobId, query)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void from_whenPlainJobId_parsesWithDefaults() {
        assertThat(EngagementRequest.from(event("910001", null)))
                .isEqualTo(new EngagementRequest(910001, null, false, 10));
    }

    @Test
    void from_whenEverythingGiven_parsesIt() {
        assertThat(EngagementRequest.from(event("910002", Map.of("clientId", "100002", "refresh", "true", "top", "100"))))
                .isEqualTo(new EngagementRequest(910002, 100002, true, 100));
    }

    @Test
    void from_whenRefreshEmpty_meansTrue() {
        assertThat(EngagementRequest.from(event("910001", Map.of("refresh", ""))).refresh()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "2147483648", "1.5", ""})
    void from_whenJobIdInvalid_rejectsWithInvalidJobId(String jobId) {
        assertRejected(jobId, null, "invalid_job_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-5", "4294967296", ""})
    void from_whenClientIdInvalid_rejectsWithInvalidClientId(String clientId) {
        assertRejected("910001", Map.of("clientId", clientId), "invalid_client_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE", "maybe"})
    void from_whenRefreshNotBoolean_rejectsWithInvalidRefresh(String refresh) {
        assertRejected("910001", Map.of("refresh", refresh), "invalid_refresh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "101", "ten", "", "2.5"})
    void from_whenTopInvalid_rejectsWithInvalidTop(String top) {
        assertRejected("910001", Map.of("top", top), "invalid_top");
    }
}
