package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /sends/summaries} end to end (local HTTP API, the real handler in the Runtime Interface Emulator, moto,
 * the SFMC simulator with its demo data): hits from one batch read, misses from SFMC, per-JobID errors.
 */
class HttpBatchSummariesIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void batch_whenCachedUncachedAndUnknown_fetchesOnlyTheMissesOnceEach() {
        env.api().get("/sends/910001/summary");
        env.simulator().reset();

        ApiResponse response = post("{\"jobIds\":[910001,910003,999999]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).hasValue("application/json");
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("summaries", "errors");
        assertThat(jobIds(body.path("summaries"))).containsExactly(910001, 910003);
        assertThat(body.path("summaries").get(0).path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(body.path("summaries").get(1).path("cache").path("status").asText()).isEqualTo("miss");
        assertThat(body.path("summaries").get(1).path("emailName").asText()).isEqualTo("Flash Sale 48h");
        assertThat(body.path("summaries").get(1).path("numberSent").asInt()).isEqualTo(8000);
        assertThat(body.path("errors")).hasSize(1);
        JsonNode error = body.path("errors").get(0);
        assertThat(error.path("jobId").asInt()).isEqualTo(999999);
        assertThat(error.path("error").asText()).isEqualTo("send_not_found");
        assertThat(error.path("message").asText()).contains("999999");

        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
        assertThat(sendRetrievesFor(910003)).isEqualTo(1);
        assertThat(sendRetrievesFor(999999)).isEqualTo(1);
        assertThat(sendRetrievesFor(910001)).isZero();
        assertThat(env.table().item("SUMMARY#default#910003").orElseThrow().get("kind").s()).isEqualTo("summary");
        assertThat(env.table().item("SUMMARY#default#999999").orElseThrow().get("kind").s()).isEqualTo("notFound");
    }

    @Test
    void batch_whenRepeated_answersEverythingFromTheCacheIncludingTheUnknownJobId() {
        post("{\"jobIds\":[910001,910003,999999]}");
        env.simulator().reset();

        JsonNode body = post("{\"jobIds\":[999999,910003,910001]}").json();

        assertThat(jobIds(body.path("summaries"))).containsExactly(910003, 910001);
        assertThat(body.path("summaries")).allSatisfy(
                summary -> assertThat(summary.path("cache").path("status").asText()).isEqualTo("hit"));
        assertThat(body.path("errors").get(0).path("error").asText()).isEqualTo("send_not_found");
        assertThat(env.simulator().requests().total()).isZero();
    }

    @Test
    void batch_whenSameSummaryAlsoFetchedSingly_reportsTheSameFetch() {
        JsonNode batch = post("{\"jobIds\":[910001]}").json().path("summaries").get(0);

        JsonNode single = env.api().get("/sends/910001/summary").json();

        assertThat(single.path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(single.path("cache").path("fetchedAt")).isEqualTo(batch.path("cache").path("fetchedAt"));
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void batch_whenChildBusinessUnit_readsAndCachesWithItsClientId() {
        JsonNode body = post("{\"jobIds\":[910002],\"clientId\":100002}").json();

        assertThat(body.path("summaries").get(0).path("clientId").asInt()).isEqualTo(100002);
        assertThat(body.path("summaries").get(0).path("numberSent").asInt()).isEqualTo(1200);
        assertThat(body.path("errors")).isEmpty();
        assertThat(env.table().item("SUMMARY#100002#910002")).isPresent();
    }

    @Test
    void batch_whenJobIdsRepeat_answersEachOnceInFirstOccurrenceOrder() {
        JsonNode body = post("{\"jobIds\":[910003,910001,910003,910001]}").json();

        assertThat(jobIds(body.path("summaries"))).containsExactly(910003, 910001);
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(2);
    }

    @Test
    void batch_whenSfmcFailsForOneJobId_reportsItAloneAndCachesNothingForIt() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send", "id", 910003), "action", "http500"));

        ApiResponse response = post("{\"jobIds\":[910001,910003,910004]}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(jobIds(body.path("summaries"))).containsExactly(910001, 910004);
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("jobId").asInt()).isEqualTo(910003);
        assertThat(body.path("errors").get(0).path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(body.path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(env.table().cached("SUMMARY#default#910003")).isEmpty();
        assertThat(env.table().item("SUMMARY#default#910001")).isPresent();
        assertThat(env.table().item("SUMMARY#default#910004")).isPresent();

        env.simulator().clearFaults();
        // The failure stays on 910003's lease for 5 s (the Retry-After): SFMC is not asked again meanwhile.
        JsonNode atOnce = post("{\"jobIds\":[910001,910003,910004]}").json();
        assertThat(atOnce.path("errors").get(0).path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(3);
        env.table().endLease("SUMMARY#default#910003");   // as 5 s later
        JsonNode retried = post("{\"jobIds\":[910001,910003,910004]}").json();
        assertThat(jobIds(retried.path("summaries"))).containsExactly(910001, 910003, 910004);
        assertThat(retried.path("summaries").get(1).path("cache").path("status").asText()).isEqualTo("miss");
    }

    @Test
    void batch_whenBodyArrivesBase64Encoded_decodesIt() {
        // A non-text content type makes the HTTP API (and the local one) base64-encode the body.
        ApiResponse response = env.api().request("POST", "/sends/summaries", "{\"jobIds\":[910001]}",
                Map.of("Content-Type", "application/octet-stream"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(jobIds(response.json().path("summaries"))).containsExactly(910001);
    }

    @Test
    void batch_whenMoreThan100JobIds_answers400AndCallsNothing() {
        String ids = IntStream.rangeClosed(910001, 910101).mapToObj(Integer::toString).collect(Collectors.joining(","));

        ApiResponse response = post("{\"jobIds\":[" + ids + "]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("too_many_job_ids");
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'' | invalid_body",
            "not json | invalid_body",
            "[910001] | invalid_body",
            "{} | invalid_job_ids",
            "{\"jobIds\":[]} | invalid_job_ids",
            "{\"jobIds\":[\"910001\"]} | invalid_job_ids",
            "{\"jobIds\":[0]} | invalid_job_ids",
            "{\"jobIds\":[2147483648]} | invalid_job_ids",
            "{\"jobIds\":[910001],\"clientId\":\"BU2\"} | invalid_client_id"})
    void batch_whenBodyInvalid_answers400WithStableCodeAndCallsNothing(String body, String code) {
        ApiResponse response = post(body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void sampleEvents_answerAsDocumented() throws Exception {
        Invocation batch = env.http().invoke(env.layout().root().resolve("events/http-batch-summaries.json"));
        Invocation tooMany = env.http().invoke(env.layout().root().resolve("events/http-batch-too-many.json"));

        assertThat(batch.json().path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = JSON.readTree(batch.json().path("body").asText());
        assertThat(jobIds(body.path("summaries"))).containsExactly(910001, 910003);
        assertThat(body.path("errors").get(0).path("jobId").asInt()).isEqualTo(999999);
        assertThat(tooMany.json().path("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.json().path("body").asText()).path("error").asText())
                .isEqualTo("too_many_job_ids");
    }

    private static ApiResponse post(String body) {
        return env.api().request("POST", "/sends/summaries", body, Map.of());
    }

    private static List<Integer> jobIds(JsonNode summaries) {
        List<Integer> ids = new ArrayList<>();
        summaries.forEach(summary -> ids.add(summary.path("jobId").asInt()));
        return ids;
    }

    /** Send Retrieves whose filter names this JobID, from the simulator's request log. */
    private static long sendRetrievesFor(int jobId) {
        Pattern byId = Pattern.compile("(?<![A-Za-z.])ID equals " + jobId + "(?!\\d)");
        URI uri = env.simulatorProcess().orElseThrow().baseUri().resolve("/admin/requests/log");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> entries = new ArrayList<>();
            JSON.readTree(response.body()).forEach(entries::add);
            return entries.stream()
                    .filter(entry -> "Retrieve".equals(entry.path("operation").asText()))
                    .filter(entry -> "Send".equals(entry.path("objectType").asText()))
                    .filter(entry -> byId.matcher(entry.path("filter").asText()).find())
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
