package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiEventTest {

    private static final ApiRoute ROUTE = ApiRoute.of("GET /sends/{jobId}/summary", "http");
    private static final Instant TIME = Instant.parse("2026-01-15T10:15:30.123Z");

    @Test
    void build_whenGetWithQueryAndCookies_producesPayload2Event() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("127.0.0.1:3000"));
        headers.put("User-Agent", List.of("curl/8.5.0"));
        headers.put("Accept", List.of("application/json", "text/plain"));
        headers.put("Cookie", List.of("a=1; b=2"));
        HttpApiEvent.Request request = new HttpApiEvent.Request("GET", "/sends/910002/summary",
                "clientId=100002&x=1&x=2&empty", headers, new byte[0], "127.0.0.1", "HTTP/1.1", 3000, TIME);

        JsonNode event = HttpApiEvent.build(request, ROUTE, Map.of("jobId", "910002"));

        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /sends/{jobId}/summary");
        assertThat(event.path("rawPath").asText()).isEqualTo("/sends/910002/summary");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("clientId=100002&x=1&x=2&empty");
        assertThat(event.path("cookies").toString()).isEqualTo("[\"a=1\",\"b=2\"]");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("headers").path("accept").asText()).isEqualTo("application/json,text/plain");
        assertThat(event.path("headers").path("user-agent").asText()).isEqualTo("curl/8.5.0");
        assertThat(event.path("headers").path("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("headers").path("x-forwarded-port").asText()).isEqualTo("3000");
        assertThat(event.path("headers").path("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(event.path("queryStringParameters").toString())
                .isEqualTo("{\"clientId\":\"100002\",\"x\":\"1,2\",\"empty\":\"\"}");
        assertThat(event.path("pathParameters").toString()).isEqualTo("{\"jobId\":\"910002\"}");
        assertThat(event.has("body")).isFalse();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void build_requestContext_hasApiGatewayFields() {
        JsonNode context = HttpApiEvent.build(HttpApiEvent.Request.get("/sends/1/summary"), ROUTE,
                Map.of("jobId", "1")).path("requestContext");

        assertThat(context.path("accountId").asText()).isEqualTo("123456789012");
        assertThat(context.path("apiId").asText()).isEqualTo("1234567890");
        assertThat(context.path("domainName").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/sends/1/summary");
        assertThat(context.path("http").path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("local-bench");
        assertThat(context.path("requestId").asText()).isNotBlank();
        assertThat(context.path("routeKey").asText()).isEqualTo("GET /sends/{jobId}/summary");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.path("timeEpoch").isIntegralNumber()).isTrue();
    }

    @Test
    void build_whenNoQuery_omitsQueryStringParameters() {
        JsonNode event = HttpApiEvent.build(HttpApiEvent.Request.get("/sends/1/summary"), ROUTE, Map.of());

        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.has("pathParameters")).isFalse();
        assertThat(event.path("rawQueryString").asText()).isEmpty();
    }

    @Test
    void build_whenTimeGiven_formatsItLikeApiGateway() {
        HttpApiEvent.Request request = new HttpApiEvent.Request("GET", "/x", "", Map.of(), new byte[0],
                "127.0.0.1", "HTTP/1.1", 3000, TIME);

        JsonNode context = HttpApiEvent.build(request, ROUTE, Map.of()).path("requestContext");

        assertThat(context.path("time").asText()).isEqualTo("15/Jan/2026:10:15:30 +0000");
        assertThat(context.path("timeEpoch").asLong()).isEqualTo(TIME.toEpochMilli());
    }

    @Test
    void build_whenJsonBody_keepsItAsText() {
        HttpApiEvent.Request request = new HttpApiEvent.Request("POST", "/x", "",
                Map.of("Content-Type", List.of("application/json")), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "127.0.0.1", "HTTP/1.1", 3000, TIME);

        JsonNode event = HttpApiEvent.build(request, ROUTE, Map.of());

        assertThat(event.path("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void build_whenBinaryBody_base64EncodesIt() {
        HttpApiEvent.Request request = new HttpApiEvent.Request("POST", "/x", "",
                Map.of("Content-Type", List.of("application/octet-stream")), new byte[] {1, 2, 3},
                "127.0.0.1", "HTTP/1.1", 3000, TIME);

        JsonNode event = HttpApiEvent.build(request, ROUTE, Map.of());

        assertThat(event.path("body").asText()).isEqualTo("AQID");
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
    }

    @Test
    void queryParameters_decodesNamesAndValues() {
        assertThat(HttpApiEvent.queryParameters("a%20b=c%2Bd&e=f+g")).containsExactly(
                Map.entry("a b", "c+d"), Map.entry("e", "f g"));
    }
}
