package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SummaryRequestTest {

    private static APIGatewayV2HTTPEvent event(String jobId, Map<String, String> query) {
        Map<String, String> path = new HashMap<>();
        path.put("jobId", jobId);
        return APIGatewayV2HTTPEvent.builder().withPathParameters(path).withQueryStringParameters(query).build();
    }

    @Test
    void from_whenPlainJobId_parsesWithDefaults() {
        SummaryRequest request = SummaryRequest.from(event("910001", null));

        assertThat(request).isEqualTo(new SummaryRequest(910001, null, false));
    }

    @Test
    void from_whenClientIdAndRefresh_parsesBoth() {
        SummaryRequest request = SummaryRequest.from(event("2147483647", Map.of("clientId", "100002", "refresh", "true")));

        assertThat(request).isEqualTo(new SummaryRequest(Integer.MAX_VALUE, 100002, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "2147483648", "99999999999", "1.5", "+7", " 7", "007", "", "1e3"})
    void from_whenJobIdNotPositiveInt_rejectsWithInvalidJobId(String jobId) {
        assertThatThrownBy(() -> SummaryRequest.from(event(jobId, null)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_job_id"));
    }

    @Test
    void from_whenJobIdAbsent_rejectsWithInvalidJobId() {
        assertThatThrownBy(() -> SummaryRequest.from(new APIGatewayV2HTTPEvent()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_job_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-5", "4294967296", ""})
    void from_whenClientIdInvalid_rejectsWithInvalidClientId(String clientId) {
        assertThatThrownBy(() -> SummaryRequest.from(event("910001", Map.of("clientId", clientId))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_client_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE!", "maybe"})
    void from_whenRefreshNotBoolean_rejectsWithInvalidRefresh(String refresh) {
        assertThatThrownBy(() -> SummaryRequest.from(event("910001", Map.of("refresh", refresh))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_refresh"));
    }
}
