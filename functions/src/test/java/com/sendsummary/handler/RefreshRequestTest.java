package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.summary.Json;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefreshRequestTest {

    private static RefreshRequest parse(String json) throws Exception {
        return RefreshRequest.from(Json.MAPPER.readTree(json));
    }

    @Test
    void from_whenSendCompletedEvent_readsJobIdAndClientId() throws Exception {
        RefreshRequest request = parse("""
                {"version":"0","detail-type":"SendCompleted","source":"sfmc.send-summary",
                 "detail":{"jobId":910002,"clientId":100002}}""");

        assertThat(request).isEqualTo(new RefreshRequest(910002, 100002));
    }

    @Test
    void from_whenIdsAreDigitStrings_acceptsThem() throws Exception {
        assertThat(parse("{\"detail\":{\"jobId\":\"910001\",\"clientId\":null}}"))
                .isEqualTo(new RefreshRequest(910001, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"detail\":{\"jobId\":\"not-a-number\"}}", "{\"detail\":{\"jobId\":0}}",
            "{\"detail\":{\"jobId\":2147483648}}", "{\"detail\":{\"jobId\":1.5}}", "{\"detail\":{}}",
            "{\"detail\":{\"jobId\":true}}"})
    void from_whenJobIdInvalid_rejects(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_job_id"));
    }

    @Test
    void from_whenNoDetail_rejectsAsMalformed() {
        assertThatThrownBy(() -> parse("{\"detail-type\":\"SendCompleted\"}"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("malformed_event"));
    }

    @Test
    void from_whenClientIdInvalid_rejects() {
        assertThatThrownBy(() -> parse("{\"detail\":{\"jobId\":1,\"clientId\":\"BU-2\"}}"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("invalid_client_id"));
    }
    @Test
    void from_whenEnvelopeHasTime_readsIt() throws Exception {
        RefreshRequest request = parse("""
                {"detail-type":"SendCompleted","time":"2026-11-26T12:00:00Z","detail":{"jobId":910001}}""");

        assertThat(request.time()).contains(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(request.followUp()).isFalse();
    }

    @Test
    void from_whenTimeUnreadable_leavesItEmpty() throws Exception {
        assertThat(parse("{\"time\":\"yesterday\",\"detail\":{\"jobId\":910001}}").time()).isEmpty();
    }

    @Test
    void from_whenSendRefreshDue_isAFollowUp() throws Exception {
        RefreshRequest request = parse("""
                {"detail-type":"SendRefreshDue","source":"sfmc.send-summary","time":"2026-11-26T12:15:00Z",
                 "detail":{"jobId":910002,"clientId":100002,"followUp":"PT15M"}}""");

        assertThat(request).isEqualTo(new RefreshRequest(910002, 100002,
                Optional.of(Instant.parse("2026-11-26T12:15:00Z")), true));
    }

    @Test
    void from_whenDetailCarriesFollowUp_isAFollowUpWhateverTheDetailType() throws Exception {
        assertThat(parse("{\"detail\":{\"jobId\":910001,\"followUp\":\"PT1H\"}}").followUp()).isTrue();
    }
}
