package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParametersTest {

    private static RequestParameters query(String name, String value) {
        return RequestParameters.of(APIGatewayV2HTTPEvent.builder()
                .withQueryStringParameters(Map.of(name, value)).build());
    }

    private static void assertRejected(Runnable parse, String code) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "+999999999-12-31T23:59:59-18:00",   // parses, but cannot become an Instant
            "-999999999-01-01T00:00:00+18:00",
            "+10000-01-01T00:00:00Z",
            "1999-12-31T23:59:59.999Z",           // before 2000
            "2100-01-01T00:00:00Z",               // 2100 and later
            "2099-12-31T23:00:00-06:00",          // 2100-01-01T05:00Z
            "0000-01-01T00:00:00Z"})
    void instant_whenOutsideYears2000To2099_rejectsWithInvalidWindow(String value) {
        assertRejected(() -> query("from", value).instant("from"), "invalid_window");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-04", "2025-11-04T15:00:00", "tomorrow", "", "2025-11-04T15:00:00Z,2025-11-05T15:00:00Z",
            "2025-13-01T00:00:00Z", "2025-11-04T15:00:00+25:00"})
    void instant_whenNotAnInstantWithOffset_rejectsWithInvalidWindow(String value) {
        assertRejected(() -> query("from", value).instant("from"), "invalid_window");
    }

    @Test
    void instant_whenLongerThan64Characters_rejectsWithInvalidWindow() {
        assertRejected(() -> query("to", "2025-11-04T15:00:00." + "0".repeat(100) + "Z").instant("to"),
                "invalid_window");
    }

    @Test
    void instant_atTheBounds_acceptsThem() {
        assertThat(query("from", "2000-01-01T00:00:00Z").instant("from")).contains(RequestParameters.EARLIEST);
        assertThat(query("to", "2099-12-31T23:59:59.999Z").instant("to"))
                .contains(Instant.parse("2099-12-31T23:59:59.999Z"));
    }

    @Test
    void instant_whenPlusArrivedAsASpace_readsItAsThePlus() {
        assertThat(query("from", "2025-11-04T16:00:00 01:00").instant("from"))
                .contains(Instant.parse("2025-11-04T15:00:00Z"));
    }

    @Test
    void requiredInstant_whenAbsentOrEmpty_rejectsWithMissingParameter() {
        assertRejected(() -> query("other", "x").requiredInstant("from"), "missing_parameter");
        assertRejected(() -> query("from", "").requiredInstant("from"), "missing_parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "11", "1.0", "1e1", "01", " 1", "1,2", "99999999999", ""})
    void count_whenNotAWholeNumberInRange_rejectsWithTheParametersCode(String value) {
        assertRejected(() -> query("top", value).count("top", 5, 10), "invalid_top");
    }

    @Test
    void count_whenAbsentOrInRange_returnsIt() {
        assertThat(query("other", "x").count("top", 5, 10)).isEqualTo(5);
        assertThat(query("top", "10").count("top", 5, 10)).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE", "true,true", "false "})
    void flag_whenNotTrueOrFalse_rejectsWithTheParametersCode(String value) {
        assertRejected(() -> query("refresh", value).flag("refresh"), "invalid_refresh");
    }

    @Test
    void flag_readsTrueEmptyFalseAndAbsent() {
        assertThat(query("refresh", "true").flag("refresh")).isTrue();
        assertThat(query("refresh", "").flag("refresh")).isTrue();
        assertThat(query("refresh", "false").flag("refresh")).isFalse();
        assertThat(query("other", "x").flag("refresh")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "2147483648", "abc", "1 ", "１２３"})
    void clientId_whenNotAPositive32BitInteger_rejectsWithInvalidClientId(String value) {
        assertRejected(() -> query("clientId", value).clientId(), "invalid_client_id");
    }

    @Test
    void jobId_whenPathParameterMissing_rejectsWithInvalidJobId() {
        assertRejected(() -> RequestParameters.of(new APIGatewayV2HTTPEvent()).jobId("/sends/1/summary"),
                "invalid_job_id");
    }
}
