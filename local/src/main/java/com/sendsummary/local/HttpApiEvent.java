package com.sendsummary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Builds the API Gateway HTTP API payload format 2.0 event for a request, as {@code sam local start-api} does.
 *
 * <p>Rules followed (API Gateway's): header names lower-cased, repeated headers and query parameters joined with
 * commas, {@code Cookie} headers moved to {@code cookies}, {@code x-forwarded-*} added, absent parts omitted
 * (no {@code queryStringParameters}, {@code pathParameters} or {@code body} when there are none), binary bodies
 * base64-encoded.
 */
public final class HttpApiEvent {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String API_ID = "1234567890";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiEvent() {
    }

    /**
     * The HTTP request as received.
     *
     * @param rawPath        path as sent, still percent-encoded
     * @param rawQueryString query as sent without {@code ?}; empty when none
     * @param headers        header name (any case) to values, in arrival order
     */
    public record Request(String method, String rawPath, String rawQueryString, Map<String, List<String>> headers,
                          byte[] body, String sourceIp, String protocol, int port, Instant time) {

        /** A bodiless request from 127.0.0.1, e.g. {@code get("/sends/910001/summary?refresh=true")}. */
        public static Request get(String pathAndQuery) {
            int question = pathAndQuery.indexOf('?');
            String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
            String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
            return new Request("GET", path, query, Map.of("Host", List.of("127.0.0.1:3000"),
                    "User-Agent", List.of("local-bench")), new byte[0], "127.0.0.1", "HTTP/1.1", 3000, Instant.now());
        }
    }

    public static ObjectNode build(Request request, ApiRoute route, Map<String, String> pathParameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> splitCookies(value, cookies));
            } else {
                headers.merge(lower, String.join(",", values), (first, more) -> first + "," + more);
            }
        });
        headers.putIfAbsent("x-forwarded-for", request.sourceIp());
        headers.putIfAbsent("x-forwarded-port", Integer.toString(request.port()));
        headers.putIfAbsent("x-forwarded-proto", "http");

        ObjectNode event = JSON.createObjectNode()
                .put("version", "2.0")
                .put("routeKey", route.routeKey())
                .put("rawPath", request.rawPath())
                .put("rawQueryString", request.rawQueryString());
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        Map<String, String> query = queryParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }

        String host = headers.getOrDefault("host", "localhost").replaceFirst(":\\d+$", "");
        ObjectNode context = event.putObject("requestContext")
                .put("accountId", ACCOUNT_ID)
                .put("apiId", API_ID)
                .put("domainName", host)
                .put("domainPrefix", host.split("\\.", 2)[0]);
        context.putObject("http")
                .put("method", request.method())
                .put("path", request.rawPath())
                .put("protocol", request.protocol())
                .put("sourceIp", request.sourceIp())
                .put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString())
                .put("routeKey", route.routeKey())
                .put("stage", "$default")
                .put("time", REQUEST_TIME.format(request.time()))
                .put("timeEpoch", request.time().toEpochMilli());

        if (!pathParameters.isEmpty()) {
            ObjectNode pathNode = event.putObject("pathParameters");
            pathParameters.forEach(pathNode::put);
        }
        boolean binary = request.body().length > 0 && !isText(headers.get("content-type"));
        if (request.body().length > 0) {
            event.put("body", binary ? Base64.getEncoder().encodeToString(request.body())
                    : new String(request.body(), StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", binary);
        return event;
    }

    /**
     * Decoded query parameters as API Gateway hands them over (form decoding: a bare {@code +} is a space); a name given
     * several times gets its values joined with commas.
     */
    static Map<String, String> queryParameters(String rawQueryString) {
        return queryParameters(rawQueryString, HttpApiEvent::decode);
    }

    /** The same with another decoding of each name and value (e.g. one that keeps a bare {@code +}). */
    public static Map<String, String> queryParameters(String rawQueryString, UnaryOperator<String> decode) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode.apply(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode.apply(pair.substring(equals + 1));
            parameters.merge(name, value, (first, more) -> first + "," + more);
        }
        return parameters;
    }

    private static void splitCookies(String header, List<String> cookies) {
        for (String cookie : header.split(";")) {
            if (!cookie.isBlank()) {
                cookies.add(cookie.strip());
            }
        }
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.startsWith("application/x-www-form-urlencoded");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
