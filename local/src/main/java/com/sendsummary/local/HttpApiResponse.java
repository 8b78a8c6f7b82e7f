package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response API Gateway makes of a payload 2.0 function result.
 *
 * <p>A JSON object with {@code statusCode} is taken field by field ({@code headers}, {@code cookies} as
 * {@code Set-Cookie}, {@code body}, {@code isBase64Encoded}). Any other valid JSON is the simplified form:
 * 200, {@code content-type: application/json}, the payload as body. A function error, a timeout or a non-JSON
 * payload gives API Gateway's {@code 500 {"message":"Internal Server Error"}}.
 */
public record HttpApiResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {

    private static final Map<String, List<String>> JSON_CONTENT = Map.of("content-type", List.of("application/json"));

    public static HttpApiResponse from(Invocation invocation) {
        if (invocation.functionError()) {
            return internalServerError();
        }
        JsonNode payload = invocation.json();
        if (!payload.isObject() || !payload.has("statusCode")) {
            return new HttpApiResponse(200, JSON_CONTENT, invocation.body().getBytes(StandardCharsets.UTF_8));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        payload.path("headers").properties().forEach(header ->
                headers.put(header.getKey(), List.of(header.getValue().asText())));
        List<String> cookies = new ArrayList<>();
        payload.path("cookies").forEach(cookie -> cookies.add(cookie.asText()));
        if (!cookies.isEmpty()) {
            headers.put("set-cookie", cookies);
        }
        JsonNode body = payload.path("body");
        byte[] bytes = body.isMissingNode() || body.isNull() ? new byte[0]
                : payload.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body.asText())
                : body.asText().getBytes(StandardCharsets.UTF_8);
        return new HttpApiResponse(payload.path("statusCode").asInt(500), headers, bytes);
    }

    public static HttpApiResponse notFound() {
        return message(404, "Not Found");
    }

    public static HttpApiResponse internalServerError() {
        return message(500, "Internal Server Error");
    }

    private static HttpApiResponse message(int status, String message) {
        return new HttpApiResponse(status, JSON_CONTENT,
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
