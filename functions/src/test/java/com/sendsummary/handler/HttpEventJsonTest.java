package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.summary.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The functions' own JSON of the HTTP event and answer reads and writes exactly what the Lambda Java runtime's
 * serializer (aws-lambda-java-serialization, which the runtime would use for a typed handler) reads and writes.
 */
class HttpEventJsonTest {
    private static final PojoSerializer<APIGatewayV2HTTPEvent> RUNTIME_EVENTS =
            JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class);
    private static final PojoSerializer<APIGatewayV2HTTPResponse> RUNTIME_RESPONSES =
            JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPResponse.class);

    static Stream<Path> sampleEvents() throws IOException {
        Path events = Path.of("..", "events");
        try (Stream<Path> files = Files.list(events)) {
            List<Path> http = files.filter(f -> f.getFileName().toString().startsWith("http-")).sorted().toList();
            assertThat(http).hasSizeGreaterThan(5);
            return http.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void read_givesTheSameEventAsTheRuntime(Path sample) throws IOException {
        byte[] json = Files.readAllBytes(sample);

        APIGatewayV2HTTPEvent ours = HttpEventJson.read(new ByteArrayInputStream(json));
        APIGatewayV2HTTPEvent runtimes = RUNTIME_EVENTS.fromJson(new ByteArrayInputStream(json));

        assertThat(ours).isEqualTo(runtimes);
        assertThat(ours.getRouteKey()).isNotBlank();
        assertThat(ours.getRequestContext().getTimeEpoch()).isPositive();
    }

    @Test
    void write_givesTheSameJsonAsTheRuntime() throws IOException {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(304)
                .withHeaders(Map.of("ETag", "\"abc\"", "Cache-Control", "private, max-age=60"))
                .withBody("{\"a\":1}")
                .withIsBase64Encoded(false)
                .build();
        ByteArrayOutputStream runtimes = new ByteArrayOutputStream();
        RUNTIME_RESPONSES.toJson(response, runtimes);

        JsonNode ours = Json.MAPPER.readTree(HttpEventJson.write(response));

        assertThat(ours).isEqualTo(Json.MAPPER.readTree(runtimes.toByteArray()));
        assertThat(ours.path("isBase64Encoded").isBoolean()).isTrue();
        assertThat(ours.has("cookies")).isFalse();
    }

    @Test
    void read_ofABase64Body_keepsTheFlag() throws IOException {
        InputStream json = new ByteArrayInputStream(
                "{\"routeKey\":\"POST /sends/summaries\",\"body\":\"e30=\",\"isBase64Encoded\":true}".getBytes());

        APIGatewayV2HTTPEvent event = HttpEventJson.read(json);

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getBody()).isEqualTo("e30=");
    }
}
