package com.sendsummary.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Client of the simulator's admin API: request counts, reset, fault rules, token expiry, data additions and the
 * engagement oracle.
 *
 * <p>Every call throws {@link IllegalStateException} when the simulator answers with a non-2xx status.
 */
public final class SimulatorAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public SimulatorAdmin(URI baseUri) {
        this.baseUri = baseUri;
    }

    /** {@code GET /admin/requests}: what the simulator has received since start or the last reset. */
    public SimulatorRequests requests() {
        return SimulatorRequests.from(readJson(send(get("/admin/requests"))));
    }

    /** {@code POST /admin/reset}: zeroes the counts and removes fault rules. */
    public void reset() {
        send(post("/admin/reset", ""));
    }

    /** {@code POST /admin/faults} with a rule in the simulator's JSON format; returns the simulator's answer. */
    public JsonNode addFault(String ruleJson) {
        return readJson(send(post("/admin/faults", ruleJson)));
    }

    /** Same as {@link #addFault(String)} with the rule given as a JSON tree or a Map. */
    public JsonNode addFault(Object rule) {
        try {
            return addFault(JSON.writeValueAsString(rule));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Fault rule is not serialisable to JSON", e);
        }
    }

    /** {@code DELETE /admin/faults}. */
    public void clearFaults() {
        send(request("/admin/faults").DELETE().build());
    }

    /** {@code POST /admin/expire-tokens}: every token issued so far is refused from now on. */
    public void expireTokens() {
        send(post("/admin/expire-tokens", ""));
    }

    /** {@code POST /admin/events} with the JSON text of the events (a list or one object, data-file format). */
    public JsonNode addEvents(String eventsJson) {
        return readJson(send(post("/admin/events", eventsJson, Duration.ofSeconds(60))));
    }

    /** {@code POST /admin/events}: adds event rows and/or generators (a list or one object, data-file format). */
    public JsonNode addEvents(Object events) {
        try {
            return readJson(send(post("/admin/events", JSON.writeValueAsString(events), Duration.ofSeconds(60))));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Events are not serialisable to JSON", e);
        }
    }

    /**
     * {@code GET /admin/truth/engagement?sendId=N}: the exact engagement figures of a send from a plain scan of its
     * rows (a scan of a large lazy send takes a while, hence the long timeout).
     */
    public JsonNode engagementTruth(int sendId) {
        return readJson(send(request("/admin/truth/engagement?sendId=" + sendId).timeout(Duration.ofMinutes(5))
                .GET().build()));
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, String json) {
        return post(path, json, Duration.ofSeconds(10));
    }

    private HttpRequest post(String path, String json, Duration timeout) {
        return request(path).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(10));
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling " + request.uri(), e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Simulator answered non-JSON: " + body, e);
        }
    }
}
