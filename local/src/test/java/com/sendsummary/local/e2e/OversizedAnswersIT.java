package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.local.ApiResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SFMC answers far larger than any real one (the simulator's {@code oversized} fault: gigabytes, generated while they
 * are sent) are refused while they are read: {@code GET /sends/{jobId}/summary} answers {@code 503 sfmc_unavailable}
 * well before the request's deadline, caches nothing, and the function's JVM stays far below the memory that reading
 * the answer whole would take. Each SOAP shape grows one dimension of the XML without end, so each is stopped by
 * one of the client's StAX limits (total size, element count, children, text, attribute, depth); the token answer by
 * the 64 KiB cap on token answers.
 *
 * <p>Each case runs in a new container (a fresh JVM) warmed by one normal miss, so the peak RSS ({@code VmHWM}) read
 * afterwards belongs to that container alone. With CXF's default limits instead of the client's, the size, elements
 * and text cases go past the bound (up to about 800 MB, or out of memory), and so does the token case without its
 * cap; children, attribute and depth are also held by CXF's defaults or by the other limits.
 */
class OversizedAnswersIT extends LocalApiTest {
    /** The function JVM's peak RSS after a warm-up miss and one oversized answer; about 200 MB is usual. */
    private static final long PEAK_RSS_BOUND_MB = 320;
    /** Every answer is 8 GiB, over 25 times the bound: read whole, or even a tenth of it, it could not stay under. */
    private static final long ANSWER_BYTES = 8L << 30;
    /** API Gateway's 30 s less DEADLINE_MARGIN_MS (1 s); the function's own timeout is 30 s too. */
    private static final Duration DEADLINE = Duration.ofSeconds(29);
    /** A failed token request is remembered for 5 s in the container and on the token's lease. */
    private static final Duration TOKEN_FAILURE_MEMORY = Duration.ofSeconds(5);
    private static final String SUMMARY = "/sends/910001/summary";
    private static final String KEY = "SUMMARY#default#910001";

    @ParameterizedTest(name = "shape {0}")
    @ValueSource(strings = {"size", "elements", "children", "text", "attribute", "depth"})
    void summary_whenTheRetrieveAnswerIsOversized_answers503InTimeAndBoundedMemoryAndCachesNothing(String shape) {
        long warmRssMb = newWarmContainer();
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send", "id", 910001), "action", "oversized",
                "shape", shape, "sizeBytes", ANSWER_BYTES));

        assertRefused("Retrieve, shape " + shape, warmRssMb);

        assertThat(env.simulator().requests().retrieve("Send")).as("Retrieves of Send").isGreaterThanOrEqualTo(2);
        env.simulator().clearFaults();
        env.table().endLease(KEY);   // as 5 s later: the failure is no longer on the send's lease
        assertReachesSfmcAgain(false);
    }

    @Test
    void summary_whenTheTokenAnswerIsOversized_answers503InTimeAndBoundedMemoryAndCachesNothing() throws Exception {
        long warmRssMb = newWarmContainer();
        env.simulator().expireTokens();   // the next Retrieve is refused, so the function asks for a new token
        env.simulator().addFault(Map.of("match", Map.of("operation", "token"), "action", "oversized",
                "sizeBytes", ANSWER_BYTES));

        assertRefused("token", warmRssMb);

        assertThat(env.simulator().requests().token()).as("token requests").isGreaterThanOrEqualTo(2);
        env.simulator().clearFaults();
        env.table().endLease(KEY);
        Thread.sleep(TOKEN_FAILURE_MEMORY.plusMillis(200));
        assertReachesSfmcAgain(true);
    }

    /** A new container that has served one normal miss (token and SFMC client ready); its peak RSS in MB. */
    private static long newWarmContainer() {
        env.http().restart();
        ApiResponse warm = env.api().get("/sends/910003/summary");
        assertThat(warm.status()).as(warm.body()).isEqualTo(200);
        return peakRssMb();
    }

    /** The summary request under the armed fault, reported, then checked for what any oversized answer must give. */
    private static void assertRefused(String variant, long warmRssMb) {
        long started = System.nanoTime();
        ApiResponse response = env.api().get(SUMMARY);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long peakRssMb = peakRssMb();
        System.out.printf("[oversized] %-22s answer %d MB: HTTP %d in %d ms; function JVM peak RSS %d MB after the "
                        + "warm-up miss, %d MB after the oversized answer (bound %d MB)%n", variant,
                ANSWER_BYTES >> 20, response.status(), took.toMillis(), warmRssMb, peakRssMb, PEAK_RSS_BOUND_MB);

        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_unavailable");
        assertThat(response.json().path("message").asText()).isEqualTo("SFMC is unavailable; try again later");
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "com.sendsummary", "org.apache");
        assertThat(response.header("retry-after")).isPresent();
        assertThat(took).as("answered before the request's deadline").isLessThan(DEADLINE);
        assertThat(peakRssMb).as("peak RSS of the function's JVM, MB (the answer: %d MB)", ANSWER_BYTES >> 20)
                .isLessThan(PEAK_RSS_BOUND_MB);
        assertThat(env.table().cached(KEY)).as("nothing cached").isEmpty();
    }

    /** With the fault gone, the same request goes to SFMC again (for a new token too) and is a plain miss. */
    private static void assertReachesSfmcAgain(boolean newToken) {
        int retrieves = env.simulator().requests().retrieve("Send");
        int tokens = env.simulator().requests().token();
        ApiResponse again = env.api().get(SUMMARY);

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("cache").path("status").asText()).isEqualTo("miss");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(retrieves + 1);
        assertThat(env.simulator().requests().token()).isEqualTo(tokens + (newToken ? 1 : 0));
    }

    private static long peakRssMb() {
        return env.http().runtimePeakRssKb().orElseThrow(() -> new AssertionError("No function JVM to measure"))
                / 1024;
    }
}
