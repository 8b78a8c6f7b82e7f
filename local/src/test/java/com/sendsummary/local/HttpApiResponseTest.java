package com.sendsummary.local;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiResponseTest {

    @Test
    void from_whenStructuredResponse_usesItsFields() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200,
                "{\"statusCode\":404,\"headers\":{\"content-type\":\"application/json\",\"x-a\":\"1\"},"
                        + "\"cookies\":[\"s=1\",\"t=2\"],\"body\":\"{\\\"error\\\":\\\"SEND_NOT_FOUND\\\"}\","
                        + "\"isBase64Encoded\":false}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers()).containsEntry("content-type", List.of("application/json"))
                .containsEntry("x-a", List.of("1"))
                .containsEntry("set-cookie", List.of("s=1", "t=2"));
        assertThat(body(response)).isEqualTo("{\"error\":\"SEND_NOT_FOUND\"}");
    }

    @Test
    void from_whenBase64Body_decodesIt() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200,
                "{\"statusCode\":200,\"body\":\"aGVsbG8=\",\"isBase64Encoded\":true}"));

        assertThat(body(response)).isEqualTo("hello");
    }

    @Test
    void from_whenNoBody_isEmpty() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200, "{\"statusCode\":204}"));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void from_whenSimplifiedObject_isJson200WithPayloadAsBody() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200, "{\"jobId\":910001}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", List.of("application/json"));
        assertThat(body(response)).isEqualTo("{\"jobId\":910001}");
    }

    @Test
    void from_whenSimplifiedString_isJson200() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200, "\"hello\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response)).isEqualTo("\"hello\"");
    }

    @Test
    void from_whenFunctionError_is500InternalServerError() {
        HttpApiResponse response = HttpApiResponse.from(invocation(200,
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(body(response)).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void from_whenTimedOut_is500() {
        assertThat(HttpApiResponse.from(invocation(200, "Task timed out after 30.00 seconds")).statusCode())
                .isEqualTo(500);
    }

    @Test
    void from_whenEmulatorFailed_is500() {
        assertThat(HttpApiResponse.from(invocation(502, "{\"errorType\":\"Runtime.ExitError\"}")).statusCode())
                .isEqualTo(500);
    }

    @Test
    void notFound_isApiGatewaysMessage() {
        assertThat(body(HttpApiResponse.notFound())).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(HttpApiResponse.notFound().statusCode()).isEqualTo(404);
    }

    private static Invocation invocation(int status, String body) {
        return new Invocation(status, body, Duration.ofMillis(1), false);
    }

    private static String body(HttpApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
