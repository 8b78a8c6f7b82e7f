package com.sendsummary.sfmc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * OAuth2 client-credentials tokens from {@code {authBaseUri}/v2/token}, cached and reused until 5 minutes before
 * they expire (half their lifetime for tokens shorter than 10 minutes). Thread-safe; at most one token request at
 * a time. Never logs or puts the token or the secret in an exception message.
 */
final class OAuthTokenSource implements AutoCloseable {

    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final Long accountId;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token current;

    OAuthTokenSource(SfmcCredentials credentials, SfmcClientSettings settings, Clock clock) {
        this.tokenUri = tokenUri(credentials.authBaseUri());
        this.clientId = credentials.clientId();
        this.clientSecret = credentials.clientSecret();
        this.accountId = credentials.accountId();
        this.requestTimeout = settings.receiveTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static URI tokenUri(URI authBaseUri) {
        String base = authBaseUri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v2/token");
    }

    /** A valid access token, fetched only when none is cached or the cached one is near expiry. */
    String token() {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.value();
        }
        lock.lock();
        try {
            token = current;
            if (token == null || !clock.instant().isBefore(token.refreshAt())) {
                token = fetch();
                current = token;
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code rejected} (SFMC refused it) unless another thread already replaced it. */
    void invalidate(String rejected) {
        lock.lock();
        try {
            Token token = current;
            if (token != null && token.value().equals(rejected)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private Token fetch() {
        ObjectNode body = JSON.createObjectNode()
                .put("grant_type", "client_credentials")
                .put("client_id", clientId)
                .put("client_secret", clientSecret);
        if (accountId != null) {
            body.put("account_id", accountId);
        }
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        Instant requestedAt = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SfmcTimeoutException("SFMC token endpoint timed out", e);
        } catch (ConnectException e) {
            throw new SfmcTimeoutException("SFMC token endpoint unreachable", e);
        } catch (IOException e) {
            throw new SfmcTimeoutException("SFMC token request failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SfmcTimeoutException("SFMC token request interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new SfmcThrottledException(status, null);
        }
        if (status != 200) {
            throw new SfmcAuthenticationException("SFMC token endpoint refused the client credentials (HTTP "
                    + status + errorCode(response.body()) + ")");
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            String accessToken = json == null ? null : json.path("access_token").asText(null);
            long expiresIn = json == null ? 0 : json.path("expires_in").asLong(0);
            if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
                throw new SfmcMalformedResponseException(
                        "SFMC token response lacks access_token or expires_in", null);
            }
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0
                    ? lifetime.dividedBy(2) : REFRESH_MARGIN;
            return new Token(accessToken, requestedAt.plus(lifetime).minus(margin));
        } catch (IOException e) {
            throw new SfmcMalformedResponseException("SFMC token response is not JSON", e);
        }
    }

    // Only the OAuth "error" code (e.g. invalid_client) is echoed; descriptions could quote request values.
    private static String errorCode(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String error = json == null ? null : json.path("error").asText(null);
            return error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? ", " + error : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }
}
