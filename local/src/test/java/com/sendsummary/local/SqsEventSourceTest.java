package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which messages of a batch failed, as Lambda's SQS event source mapping reads the function's answer. */
class SqsEventSourceTest {

    private static final List<String> BATCH = List.of("m-1", "m-2", "m-3");

    private static Invocation answer(String body) {
        return new Invocation(200, body, Duration.ofMillis(5), false);
    }

    @Test
    void failedMessageIds_whenTheFunctionFailed_isTheWholeBatch() {
        Invocation threw = answer("{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");

        assertThat(SqsEventSource.failedMessageIds(BATCH, threw, true)).containsExactlyElementsOf(BATCH);
        assertThat(SqsEventSource.failedMessageIds(BATCH, threw, false)).containsExactlyElementsOf(BATCH);
    }

    @Test
    void failedMessageIds_whenTheFunctionTimedOut_isTheWholeBatch() {
        Invocation timedOut = answer("Task timed out after 2.00 seconds");

        assertThat(SqsEventSource.failedMessageIds(BATCH, timedOut, true)).containsExactlyElementsOf(BATCH);
    }

    @Test
    void failedMessageIds_whenTheInvokeCouldNotBeMade_isTheWholeBatch() {
        assertThat(SqsEventSource.failedMessageIds(BATCH, null, true)).containsExactlyElementsOf(BATCH);
    }

    @Test
    void failedMessageIds_whenBatchItemFailuresNamesMessages_isThoseMessages() {
        Invocation partial = answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}");

        assertThat(SqsEventSource.failedMessageIds(BATCH, partial, true)).containsExactly("m-2");
    }

    @Test
    void failedMessageIds_withoutReportBatchItemFailures_ignoresTheAnswer() {
        Invocation partial = answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}");

        assertThat(SqsEventSource.failedMessageIds(BATCH, partial, false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"batchItemFailures\":[]}", "{\"batchItemFailures\":null}", "{}", "null", "\"done\"",
            "[]"})
    void failedMessageIds_whenTheAnswerReportsNoFailure_isEmpty(String body) {
        assertThat(SqsEventSource.failedMessageIds(BATCH, answer(body), true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-the-batch\"}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
            "{\"batchItemFailures\":\"m-1\"}"})
    void failedMessageIds_whenBatchItemFailuresIsInvalid_isTheWholeBatch(String body) {
        assertThat(SqsEventSource.failedMessageIds(BATCH, answer(body), true)).containsExactlyElementsOf(BATCH);
    }

    @Test
    void settings_refuseWhatOneReceiveMessageCannotDo() {
        assertThatThrownBy(() -> new SqsEventSource.Settings("url", "arn", "us-east-1", 11, true, 2))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new SqsEventSource.Settings("url", "arn", "us-east-1", 1, true, 21))
                .hasMessageContaining("waitTimeSeconds");
    }
}
