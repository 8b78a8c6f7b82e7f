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
    void from_whenExactly100Entries_acceptsThem() {
        assertThat(BatchSummariesRequest.from(event(ids(IntStream.rangeClosed(1, 100)))).jobIds()).hasSize(100);
    }

    @Test
    void from_whenMoreThan100EntriesWithDuplicates_rejectsWithTooManyJobIds() {
        // Duplicates count: a body cannot make the function parse and dedupe an unbounded array.
        String body = ids(IntStream.concat(IntStream.rangeClosed(1, 100), IntStream.rangeClosed(1, 50)));

        assertRejected(event(body), "too_many_job_ids");
    }

    @Test
    void from_whenBodyLargerThanTheLimit_rejectsWith413BodyTooLarge() {
        String body = "{\"jobIds\":[910001],\"padding\":\"" + " ".repeat(BatchSummariesRequest.MAX_BODY_BYTES) + "\"}";

        assertThatThrownBy(() -> BatchSummariesRequest.from(event(body)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("body_too_large");
                });
    }

    @Test
    void from_whenBase64BodyLargerThanTheLimit_rejectsWith413BeforeDecoding() {
        String encoded = Base64.getEncoder().encodeToString(
                ("{\"jobIds\":[1]}" + " ".repeat(BatchSummariesRequest.MAX_BODY_BYTES)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BatchSummariesRequest.from(
                APIGatewayV2HTTPEvent.builder().withBody(encoded).withIsBase64Encoded(true).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("body_too_large"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"jobIds\":[910001],\"jobIds\":[910002]}",
            "{\"jobIds\":[910001],\"clientId\":100001,\"clientId\":100002}",
            "{\"jobIds\":[910001],\"x\":{\"a\":1,\"a\":2}}"})
    void from_whenAKeyIsRepeated_rejectsWithInvalidBody(String body) {
        assertThatThrownBy(() -> BatchSummariesRequest.from(event(body)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_body");
                    assertThat(e.getMessage()).contains("duplicate key");
                });
    }

    @Test
    void from_whenNestedTooDeep_rejectsWithInvalidBody() {
        String body = "{\"jobIds\":[1],\"x\":" + "[".repeat(20) + "]".repeat(20) + "}";

        assertRejected(event(body), "invalid_body");
    }

    @Test
    void from_whenAStringIsTooLong_rejectsWithInvalidBody() {
        String body = "{\"jobIds\":[1],\"note\":\"" + "x".repeat(2_000) + "\"}";

        assertRejected(event(body), "invalid_body");
    }

    @Test
    void from_whenANumberIsTooLong_rejectsWithInvalidBody() {
        assertRejected(event("{\"jobIds\":[" + "9".repeat(500) + "]}"), "invalid_body");
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
