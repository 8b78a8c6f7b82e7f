package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.Invocation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /sends} end to end (local HTTP API, the real handler in the Runtime Interface Emulator, moto, the SFMC
 * simulator with its demo data): the demo sends of a SendDate window, paging, child business units, caching.
 */
class HttpSendsIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOVEMBER = "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z";

    @Test
    void sends_whenWindowHoldsOneParentSend_listsItWithTheSummaryContract() throws Exception {
        ApiResponse response = env.api().get(NOVEMBER);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).hasValue("application/json");
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("from", "to", "clientId", "sends", "nextCursor");
        assertThat(body.path("from").asText()).isEqualTo("2025-11-01T00:00:00Z");
        assertThat(body.path("to").asText()).isEqualTo("2025-12-01T00:00:00Z");
        assertThat(body.path("clientId").isNull()).isTrue();
        assertThat(body.path("nextCursor").isNull()).isTrue();
        assertThat(body.path("sends")).hasSize(1);
        assertThat(body.path("sends").get(0)).isEqualTo(JSON.readTree("""
                {"jobId":910001,"clientId":null,"emailName":"November Newsletter",
                 "subject":"Your November update is here","fromName":"Demo Brand",
                 "fromAddress":"news@demo-brand.example","status":"Complete",
                 "sentDate":"2025-11-04T15:14:02.113Z","sendDate":"2025-11-04T15:00:00Z",
                 "numberSent":25000,"numberDelivered":24710,"numberTargeted":25060,"numberErrored":0,
                 "numberExcluded":60,"uniqueOpens":4100,"uniqueClicks":811,"hardBounces":95,"softBounces":180,
                 "otherBounces":15,"unsubscribes":42,"forwardedEmails":7,"existingUndeliverables":25,
                 "existingUnsubscribes":35,"missingAddresses":0,"invalidAddresses":0,"duplicates":12,
                 "rates":{"delivery":0.9884,"open":0.1659,"click":0.0328,"bounce":0.0116,"unsubscribe":0.0017}}"""));
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void sends_whenChildBusinessUnitRequested_listsOnlyItsSends() {
        JsonNode body = env.api().get(NOVEMBER + "&clientId=100002").json();

        assertThat(body.path("clientId").asInt()).isEqualTo(100002);
        assertThat(jobIds(body)).containsExactly(910002);
        JsonNode send = body.path("sends").get(0);
        assertThat(send.path("clientId").asInt()).isEqualTo(100002);
        assertThat(send.path("emailName").asText()).isEqualTo("Child BU Welcome #1");
        assertThat(send.path("numberSent").asInt()).isEqualTo(1200);
        assertThat(send.path("uniqueOpens").asInt()).isEqualTo(430);
        assertThat(send.path("rates").path("delivery").decimalValue()).isEqualByComparingTo("0.99");
    }

    @Test
    void sends_whenPagedWithLimitOne_walksEverySendOnceInSfmcOrderAndEndsWithNullCursor() {
        addSend(910005, "now-PT1H");   // SendDate between 910003 and 910004, but SFMC orders by JobID
        String window = recentWindow();

        List<Integer> seen = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = env.api().get(window + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("sends")).hasSizeLessThanOrEqualTo(1);
            seen.addAll(jobIds(page.json()));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            cursors.add(cursor);
        } while (cursor != null && seen.size() < 10);

        assertThat(seen).containsExactly(910003, 910004, 910005);
        assertThat(cursors).hasSize(3).last().isNull();
        assertThat(cursors.subList(0, 2)).allSatisfy(c -> assertThat(c).matches("2\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(3);   // one SFMC page per API page
    }

    @Test
    void sends_whenLimitCoversTheWindow_returnsAllWithoutCursor() {
        JsonNode body = env.api().get(recentWindow() + "&limit=2").json();

        assertThat(jobIds(body)).containsExactly(910003, 910004);
        assertThat(body.path("nextCursor").isNull()).isTrue();
        assertThat(body.path("sends").get(1).path("status").asText()).isEqualTo("Scheduled");
        assertThat(body.path("sends").get(1).path("sentDate").isNull()).isTrue();
    }

    @Test
    void sends_whenListed_cachesEachSummarySoTheSummaryRouteHits() {
        env.api().get(NOVEMBER);

        ApiResponse summary = env.api().get("/sends/910001/summary");

        assertThat(summary.json().path("cache").path("status").asText()).isEqualTo("hit");
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
        JsonNode cache = summary.json().path("cache");
        Duration ttl = Duration.between(Instant.parse(cache.path("fetchedAt").asText()).truncatedTo(ChronoUnit.SECONDS),
                Instant.parse(cache.path("expiresAt").asText()));
        assertThat(ttl).isEqualTo(Duration.ofSeconds(259_200));   // settled send: the long TTL, as on a miss
        assertThat(env.table().item("SUMMARY#default#910001").orElseThrow().get("payload").s())
                .contains("\"jobId\":910001").doesNotContain("\"cache\"");
    }

    @Test
    void sends_whenChildBusinessUnitListed_cachesUnderItsKey() {
        env.api().get(NOVEMBER + "&clientId=100002");

        assertThat(env.table().item("SUMMARY#100002#910002")).isPresent();
        assertThat(env.api().get("/sends/910002/summary?clientId=100002").json().path("cache").path("status").asText())
                .isEqualTo("hit");
    }

    @Test
    void sends_whenCursorUsedWithAnotherQuery_answers400InvalidCursor() {
        String cursor = env.api().get(recentWindow() + "&limit=1").json().path("nextCursor").asText();
        env.simulator().reset();

        ApiResponse otherClient = env.api().get(recentWindow() + "&clientId=100002&cursor=" + cursor);
        ApiResponse tampered = env.api().get(recentWindow() + "&cursor=" + cursor.substring(0, cursor.length() - 2));

        assertThat(otherClient.status()).isEqualTo(400);
        assertThat(otherClient.json().path("error").asText()).isEqualTo("invalid_cursor");
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.json().path("error").asText()).isEqualTo("invalid_cursor");
        assertThat(env.simulator().requests().total()).isZero();
    }

    @Test
    void sends_whenSendsBeforeTheCursorChanged_answers409CursorStale() {
        String window = recentWindow();
        String cursor = env.api().get(window + "&limit=1").json().path("nextCursor").asText();
        addSend(910000, "now-PT30M");   // a lower JobID now comes first: the page boundary moved

        ApiResponse response = env.api().get(window + "&limit=1&cursor=" + cursor);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("error").asText()).isEqualTo("cursor_stale");
        assertThat(response.json().path("message").asText()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/sends | missing_parameter",
            "/sends?from=2025-11-01T00:00:00Z | missing_parameter",
            "/sends?to=2025-12-01T00:00:00Z | missing_parameter",
            "/sends?from=2025-11-01&to=2025-12-01T00:00:00Z | invalid_window",
            "/sends?from=2025-11-01T00:00:00&to=2025-12-01T00:00:00Z | invalid_window",
            "/sends?from=2025-12-01T00:00:00Z&to=2025-11-01T00:00:00Z | invalid_window",
            "/sends?from=2025-11-01T00:00:00Z&to=2026-02-03T00:00:00Z | invalid_window",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&limit=0 | invalid_limit",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&limit=201 | invalid_limit",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&clientId=BU2 | invalid_client_id",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&cursor=bm9wZQ | invalid_cursor"})
    void sends_whenInputInvalid_answers400WithStableCodeAndCallsNothing(String path, String code) {
        ApiResponse response = env.api().get(path.strip());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void sends_whenOffsetsAreUsed_readsTheSameInstants() {
        JsonNode body = env.api().get("/sends?from=2025-10-31T18:00:00-06:00&to=2025-12-01T01:00:00%2B01:00").json();

        assertThat(body.path("from").asText()).isEqualTo("2025-11-01T00:00:00Z");
        assertThat(body.path("to").asText()).isEqualTo("2025-12-01T00:00:00Z");
        assertThat(jobIds(body)).containsExactly(910001);
    }

    @Test
    void sends_whenSfmcThrottles_answers503AndCachesNothing() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send"), "action", "http500"));

        ApiResponse response = env.api().get(NOVEMBER);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_throttled");
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void sampleEvent_listsTheNovemberWindow() throws Exception {
        Invocation invocation = env.http().invoke(env.layout().root().resolve("events/http-sends-window.json"));

        assertThat(invocation.json().path("statusCode").asInt()).isEqualTo(200);
        assertThat(jobIds(JSON.readTree(invocation.json().path("body").asText()))).containsExactly(910001);
    }

    private static String recentWindow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return "/sends?from=" + now.minus(Duration.ofHours(4)) + "&to=" + now.plus(Duration.ofDays(2));
    }

    private static List<Integer> jobIds(JsonNode body) {
        List<Integer> ids = new ArrayList<>();
        body.path("sends").forEach(send -> ids.add(send.path("jobId").asInt()));
        return ids;
    }

    /** {@code POST /admin/sends} of the simulator (removed again by its reset). */
    private static void addSend(int jobId, String sendDate) {
        ObjectNode send = JSON.createObjectNode()
                .put("id", jobId).put("clientId", 100001).put("emailId", 41010)
                .put("emailName", "Added " + jobId).put("subject", "Added").put("fromName", "Demo Brand")
                .put("fromAddress", "news@demo-brand.example").put("status", "Complete").put("isMultipart", true)
                .put("sendDate", sendDate).put("sentDate", sendDate)
                .put("numberSent", 10).put("numberDelivered", 10);
        URI uri = env.simulatorProcess().orElseThrow().baseUri().resolve("/admin/sends");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(send.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode() / 100).as(response.body()).isEqualTo(2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
