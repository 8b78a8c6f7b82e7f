package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /sends/{jobId}/events} end to end (local HTTP API, the real handler in the Runtime Interface Emulator,
 * moto, the SFMC simulator with its demo data): paging through thousands of events, windows, cursors, errors.
 */
class HttpEventsIT extends LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void events_whenPagingThroughAllOpensOf910001_returnsEach6200OnceIn7PagesOfDateOrder() {
        List<JsonNode> pages = allPages("/sends/910001/events?type=open&limit=1000");

        assertThat(pages).hasSize(7);
        assertThat(pages.subList(0, 6)).allSatisfy(page -> assertThat(page.path("events")).hasSize(1000));
        List<JsonNode> events = events(pages);
        assertThat(events).hasSize(6200);
        Set<String> pairs = new HashSet<>();
        events.forEach(e -> pairs.add(e.path("subscriberKey").asText() + "|" + e.path("eventDate").asText()));
        assertThat(pairs).hasSize(6200);
        assertThat(events.stream().map(e -> e.path("subscriberKey").asText()).distinct().count()).isEqualTo(4100);
        List<Instant> dates = events.stream().map(e -> Instant.parse(e.path("eventDate").asText())).toList();
        assertThat(dates).isSorted();
        assertThat(events).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("open"));
        // Resuming by EventDate: each page is one Retrieve (a 2,500-row SFMC page), earlier pages are never re-read.
        assertThat(env.simulator().requests().retrieve("OpenEvent")).isEqualTo(7);
        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @Test
    void events_firstPage_hasTheEnvelopeAndAnOpaqueCursor() {
        JsonNode page = env.api().get("/sends/910001/events?type=open&limit=2").json();

        assertThat(page.fieldNames()).toIterable()
                .containsExactly("jobId", "clientId", "type", "from", "to", "events", "nextCursor");
        assertThat(page.path("jobId").asInt()).isEqualTo(910001);
        assertThat(page.path("clientId").isNull()).isTrue();
        assertThat(page.path("type").asText()).isEqualTo("open");
        assertThat(page.path("from").isNull()).isTrue();
        assertThat(Instant.parse(page.path("to").asText())).isCloseTo(Instant.now(), within(60));
        assertThat(page.path("nextCursor").asText()).matches("2\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(page.path("events").get(0).fieldNames()).toIterable()
                .containsExactly("subscriberKey", "eventDate", "type", "batchId");
    }

    @Test
    void events_whenWindowGiven_returnsExactlyTheEventsInsideItBothEndsIncluded() {
        List<JsonNode> all = events(allPages("/sends/910001/events?type=open&limit=1000"));
        Instant from = Instant.parse(all.get(1000).path("eventDate").asText());
        Instant to = Instant.parse(all.get(2999).path("eventDate").asText());
        List<JsonNode> expected = all.stream().filter(e -> inWindow(e, from, to)).toList();

        List<JsonNode> pages = allPages("/sends/910001/events?type=open&limit=700&from=" + from + "&to=" + to);

        assertThat(events(pages)).containsExactlyElementsOf(expected);
        assertThat(expected.size()).isGreaterThanOrEqualTo(2000);
        assertThat(pages.getFirst().path("from").asText()).isEqualTo(from.toString());
        assertThat(pages.getFirst().path("to").asText()).isEqualTo(to.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void events_whenWindowHasOffsets_readsThemAsThoseInstants(boolean encodePlus) {
        String from = "2025-11-04T10:00:00-06:00";
        // An unencoded '+' arrives as a space (form decoding); it is read as the offset's sign.
        String to = encodePlus ? URLEncoder.encode("2025-11-04T18:00:00+01:00", StandardCharsets.UTF_8)
                : "2025-11-04T18:00:00+01:00";

        JsonNode page = env.api().get("/sends/910001/events?type=open&limit=1000&from=" + from + "&to=" + to).json();

        assertThat(page.path("from").asText()).isEqualTo("2025-11-04T16:00:00Z");
        assertThat(page.path("to").asText()).isEqualTo("2025-11-04T17:00:00Z");
        assertThat(page.path("events")).isNotEmpty().allSatisfy(e -> assertThat(inWindow(e,
                Instant.parse("2025-11-04T16:00:00Z"), Instant.parse("2025-11-04T17:00:00Z"))).isTrue());
    }

    @Test
    void events_clickPage_carriesUrlAndUrlId() {
        JsonNode page = env.api().get("/sends/910001/events?type=click&limit=50").json();

        assertThat(page.path("events")).hasSize(50).allSatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("click");
            assertThat(e.path("url").asText()).startsWith("https://demo-brand.example/");
            assertThat(e.path("urlId").asInt()).isBetween(55501, 55503);
        });
    }

    @Test
    void events_bouncePage_carriesTheBounceFields() {
        List<JsonNode> bounces = events(allPages("/sends/910001/events?type=bounce&limit=1000"));

        assertThat(bounces).hasSize(290).allSatisfy(e -> {
            assertThat(e.path("bounceCategory").asText()).isIn("Hard bounce", "Soft bounce", "Block bounce");
            assertThat(e.path("smtpCode").asText()).isIn("550", "452", "554");
            assertThat(e.path("smtpReason").asText()).isNotBlank();
            assertThat(e.path("bounceType").asText()).isIn("immediate", "delayed");
            assertThat(e.has("url")).isFalse();
        });
    }

    @Test
    void events_notSentPage_carriesTheReason() {
        List<JsonNode> notSent = events(allPages("/sends/910001/events?type=notsent&limit=1000"));

        assertThat(notSent).hasSize(60);
        assertThat(notSent.stream().filter(e -> e.path("reason").asText().equals("Unsubscribed")).count()).isEqualTo(35);
        assertThat(notSent.stream().filter(e -> e.path("reason").asText().equals("Undeliverable")).count()).isEqualTo(25);
    }

    @Test
    void events_whenChildBusinessUnit_readsItWithClientId() {
        JsonNode page = env.api().get("/sends/910002/events?type=open&limit=1000&clientId=100002").json();

        assertThat(page.path("events")).hasSize(610);
        assertThat(page.path("clientId").asInt()).isEqualTo(100002);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        assertThat(env.api().get("/sends/910002/events?type=open").status()).isEqualTo(404);
    }

    @Test
    void events_whenNoToGiven_freezesItSoLaterEventsDoNotShiftPages() {
        JsonNode first = env.api().get("/sends/910003/events?type=open&limit=1000").json();
        Instant frozen = Instant.parse(first.path("to").asText());
        addOpen(910003, "late-opener", Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(5));

        JsonNode second = env.api().get("/sends/910003/events?type=open&limit=1000&cursor="
                + first.path("nextCursor").asText()).json();
        List<JsonNode> fresh = events(allPages("/sends/910003/events?type=open&limit=1000"));

        assertThat(first.path("events")).hasSize(1000);
        assertThat(second.path("events")).hasSize(420);
        assertThat(second.path("to").asText()).isEqualTo(frozen.toString());
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(fresh).hasSize(1421);
        assertThat(fresh.getLast().path("subscriberKey").asText()).isEqualTo("late-opener");
    }

    @Test
    void events_whenJobIdUnknown_answers404OnTheFirstPage() {
        ApiResponse response = env.api().get("/sends/999999/events?type=open");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("send_not_found");
        assertThat(env.simulator().requests().retrieve("OpenEvent")).isZero();
    }

    @Test
    void events_whenSummaryCached_checksTheSendWithoutSfmc() {
        env.api().get("/sends/910001/summary");

        env.api().get("/sends/910001/events?type=unsub");

        assertThat(env.simulator().requests().retrieve("Send")).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/sends/910001/events | invalid_event_type",
            "/sends/910001/events?type=opens | invalid_event_type",
            "/sends/910001/events?type=OpenEvent | invalid_event_type",
            "/sends/abc/events?type=open | invalid_job_id",
            "/sends/0/events?type=open | invalid_job_id",
            "/sends/910001/events?type=open&clientId=BU2 | invalid_client_id",
            "/sends/910001/events?type=open&limit=0 | invalid_limit",
            "/sends/910001/events?type=open&limit=1001 | invalid_limit",
            "/sends/910001/events?type=open&limit=ten | invalid_limit",
            "/sends/910001/events?type=open&from=2025-11-04 | invalid_window",
            "/sends/910001/events?type=open&from=2025-11-04T15:00:00 | invalid_window",
            "/sends/910001/events?type=open&from=2025-11-05T00:00:00Z&to=2025-11-04T00:00:00Z | invalid_window",
            "/sends/910001/events?type=open&from=2025-06-01T00:00:00Z&to=2025-11-04T00:00:00Z | invalid_window",
            "/sends/910001/events?type=open&from=2099-01-01T00:00:00Z | invalid_window",
            "/sends/910001/events?type=open&cursor=garbage | invalid_cursor",
            "/sends/910001/events?type=open&cursor= | invalid_cursor"})
    void events_whenInputInvalid_answers400WithStableCodeAndCallsNothing(String path, String code) {
        ApiResponse response = env.api().get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(env.simulator().requests().total()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/sends/910001/events?type=click&limit=10",
            "/sends/910003/events?type=open&limit=10",
            "/sends/910001/events?type=open&limit=10&clientId=100001",
            "/sends/910001/events?type=open&limit=10&to=2025-11-10T00:00:00Z"})
    void events_whenCursorUsedWithOtherParameters_answers400InvalidCursor(String otherQuery) {
        String cursor = env.api().get("/sends/910001/events?type=open&limit=10").json().path("nextCursor").asText();

        ApiResponse response = env.api().get(otherQuery + "&cursor=" + cursor);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void events_whenCursorPayloadEditedAndMacKept_answers400InvalidCursor() {
        String cursor = env.api().get("/sends/910001/events?type=open&limit=10").json().path("nextCursor").asText();
        String[] parts = cursor.split("\\.");
        String json = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String edited = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.replace("\"ties\":", "\"ties\":1").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        ApiResponse response = env.api().get("/sends/910001/events?type=open&limit=10&cursor=" + edited);

        assertThat(parts).hasSize(3);
        assertThat(edited).isNotEqualTo(cursor);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void events_whenCursorForgedUnderAGuessedKey_answers400InvalidCursor() throws Exception {
        // A cursor that skips 99,999 rows, "signed" the way a forger would have to: with a key they do not have.
        String state = "{\"job\":910001,\"type\":\"open\",\"asOf\":\"2026-01-01T00:00:00Z\",\"offset\":99999}";
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(state.getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        mac.update("sfmc-send-summary cursor v2\nevents\n".getBytes(StandardCharsets.UTF_8));
        String forged = "2." + payload + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.util.Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), 16));

        ApiResponse response = env.api().get("/sends/910001/events?type=open&cursor=" + forged);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("invalid_cursor");
    }

    @Test
    void events_whenSfmcThrottles_answers503AndCachesNoEvents() {
        env.simulator().addFault(Map.of("match", Map.of("objectType", "OpenEvent"), "action", "http500"));

        ApiResponse response = env.api().get("/sends/910001/events?type=open");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().path("error").asText()).isEqualTo("sfmc_throttled");
        // Only the summary read by the existence check is cached; events never are.
        assertThat(env.table().cachedItems()).extracting(item -> item.get("pk").s()).containsExactly("SUMMARY#default#910001");
    }

    private static boolean inWindow(JsonNode event, Instant from, Instant to) {
        Instant date = Instant.parse(event.path("eventDate").asText());
        return !date.isBefore(from) && !date.isAfter(to);
    }

    /** Every page of a listing, following nextCursor; fails on any non-200. */
    private static List<JsonNode> allPages(String firstPage) {
        List<JsonNode> pages = new ArrayList<>();
        String path = firstPage;
        while (true) {
            ApiResponse response = env.api().get(path);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode page = response.json();
            pages.add(page);
            if (page.path("nextCursor").isNull()) {
                return pages;
            }
            assertThat(pages).as("runaway paging").hasSizeLessThan(100);
            path = firstPage + "&cursor=" + page.path("nextCursor").asText();
        }
    }

    private static List<JsonNode> events(List<JsonNode> pages) {
        List<JsonNode> events = new ArrayList<>();
        pages.forEach(page -> page.path("events").forEach(events::add));
        return events;
    }

    private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(seconds, ChronoUnit.SECONDS);
    }

    /** {@code POST /admin/events} of the simulator (removed again by its reset). */
    private static void addOpen(int jobId, String subscriberKey, Instant eventDate) {
        ObjectNode event = JSON.createObjectNode().put("type", "OpenEvent").put("sendId", jobId)
                .put("subscriberKey", subscriberKey).put("eventDate", eventDate.toString());
        URI uri = env.simulatorProcess().orElseThrow().baseUri().resolve("/admin/events");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode() / 100).as(response.body()).isEqualTo(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
