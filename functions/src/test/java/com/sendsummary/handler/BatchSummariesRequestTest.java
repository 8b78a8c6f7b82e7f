package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchSummariesRequestTest {

    private static APIGatewayV2HTTPEvent event(String body) {
        return APIGatewayV2HTTPEvent.builder().withBody(body).withIsBase64Encoded(false).build();
    }

    private static void assertRejected(APIGatewayV2HTTPEvent event, String code) {
        assertThatThrownBy(() -> BatchSummariesRequest.from(event))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    private static String ids(IntStream ids) {
        return "{\"jobIds\":[" + ids.mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]}";
    }

    @Test
    void from_whenJobIdsOnly_parsesThemInOrder() {
        BatchSummariesRequest request = BatchSummariesRequest.from(event("{\"jobIds\":[910002,910001,2147483647]}"));

        assertThat(request).isEqualTo(new BatchSummariesRequest(List.of(910002, 910001, Integer.MAX_VALUE), null));
    }

    @Test
    void from_whenDuplicates_dropsThemKeepingFirstOccurrences() {
        BatchSummariesRequest request = BatchSummariesRequest.from(event("{\"jobIds\":[3,1,3,2,1]}"));

        assertThat(request.jobIds()).containsExactly(3, 1, 2);
    }

    @Test
    void from_whenClientIdAndUnknownFields_parsesClientIdAndIgnoresTheRest() {
        BatchSummariesRequest request = BatchSummariesRequest.from(
                event("{\"jobIds\":[910002],\"clientId\":100002,\"comment\":\"x\"}"));

        assertThat(request).isEqualTo(new BatchSummariesRequest(List.of(910002), 100002));
    }

    @Test
    void from_whenClientIdNull_usesTheCredentialsBusinessUnit() {
        assertThat(BatchSummariesRequest.from(event("{\"jobIds\":[1],\"clientId\":null}")).clientId()).isNull();
    }

    @Test
    void from_whenBodyBase64Encoded_decodesIt() {
        String encoded = Base64.getEncoder().encodeToString(
                "{\"jobIds\":[910001,910003]}".getBytes(StandardCharsets.UTF_8));

        BatchSummariesRequest request = BatchSummariesRequest.from(
                APIGatewayV2HTTPEvent.builder().withBody(encoded).withIsBase64Encoded(true).build());

        assertThat(request.jobIds()).containsExactly(910001, 910003);
    }

    @Test
    void from_whenExactly100DistinctAmongMoreEntries_acceptsThem() {
        String body = ids(IntStream.concat(IntStream.rangeClosed(1, 100), IntStream.rangeClosed(1, 50)));

        assertThat(BatchSummariesRequest.from(event(body)).jobIds()).hasSize(100);
    }

    @Test
    void from_whenMoreThan100Distinct_rejectsWithTooManyJobIds() {
        assertRejected(event(ids(IntStream.rangeClosed(1, 101))), "too_many_job_ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[910001]", "\"jobIds\"", "42", "null",
            "{\"jobIds\":[1]} trailing", "{\"jobIds\":[1]"})
    void from_whenBodyNotAJsonObject_rejectsWithInvalidBody(String body) {
        assertRejected(event(body), "invalid_body");
    }

    @Test
    void from_whenNoBody_rejectsWithInvalidBody() {
        assertRejected(new APIGatewayV2HTTPEvent(), "invalid_body");
    }

    @Test
    void from_whenBase64FlagSetButBodyNotBase64_rejectsWithInvalidBody() {
        assertRejected(APIGatewayV2HTTPEvent.builder().withBody("{\"jobIds\":[1]}").withIsBase64Encoded(true).build(),
                "invalid_body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"jobIds\":null}", "{\"jobIds\":[]}", "{\"jobIds\":910001}",
            "{\"jobIds\":\"910001\"}", "{\"jobIds\":{\"0\":910001}}", "{\"jobIds\":[\"910001\"]}",
            "{\"jobIds\":[0]}", "{\"jobIds\":[-1]}", "{\"jobIds\":[2147483648]}", "{\"jobIds\":[910001.5]}",
            "{\"jobIds\":[910001.0]}", "{\"jobIds\":[1e3]}", "{\"jobIds\":[null]}", "{\"jobIds\":[[1]]}",
            "{\"jobIds\":[1,true]}"})
    void from_whenJobIdsInvalid_rejectsWithInvalidJobIds(String body) {
        assertRejected(event(body), "invalid_job_ids");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"100002\"", "0", "-2", "4294967296", "1.5", "true", "{}"})
    void from_whenClientIdInvalid_rejectsWithInvalidClientId(String clientId) {
        assertRejected(event("{\"jobIds\":[1],\"clientId\":" + clientId + "}"), "invalid_client_id");
    }
}
