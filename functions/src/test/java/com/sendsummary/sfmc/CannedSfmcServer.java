package com.sendsummary.sfmc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server answering {@code POST /v2/token} with numbered tokens and {@code POST /Service.asmx}
 * with queued canned replies; it records what it received.
 */
final class CannedSfmcServer implements AutoCloseable {

    record Reply(int status, String contentType, String body, Duration delay) {
    }

    record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedDeque<Reply> soapReplies = new ConcurrentLinkedDeque<>();
    private final List<Received> soapRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<Received> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile long tokenExpiresIn = 1079;
    private volatile int tokenStatus = 200;
    private volatile String tokenPadding = "";

    CannedSfmcServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "canned-sfmc");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/v2/token", this::token);
        server.createContext("/Service.asmx", this::soap);
        server.start();
    }

    static String resource(String name) {
        try (InputStream in = CannedSfmcServer.class.getResourceAsStream("/sfmc/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource sfmc/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply envelope(String resourceName) {
        return new Reply(200, "text/xml; charset=utf-8", resource(resourceName), Duration.ZERO);
    }

    static Reply fault(String resourceName) {
        return new Reply(500, "text/xml; charset=utf-8", resource(resourceName), Duration.ZERO);
    }

    CannedSfmcServer reply(Reply... replies) {
        soapReplies.addAll(List.of(replies));
        return this;
    }

    CannedSfmcServer tokenExpiresIn(long seconds) {
        this.tokenExpiresIn = seconds;
        return this;
    }

    /** Makes token answers larger by a JSON field of {@code bytes} characters. */
    CannedSfmcServer tokenPadding(int bytes) {
        this.tokenPadding = "x".repeat(bytes);
        return this;
    }

    CannedSfmcServer tokenStatus(int status) {
        this.tokenStatus = status;
        return this;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<Received> soapRequests() {
        return List.copyOf(soapRequests);
    }

    List<Received> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    SfmcCredentials oauthCredentials(Long accountId) {
        return new SfmcCredentials("test-client-id", "test-client-secret", baseUri(), baseUri(), accountId,
                null, null);
    }

    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        tokenRequests.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
        if (tokenStatus != 200) {
            send(exchange, new Reply(tokenStatus, "application/json",
                    "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}",
                    Duration.ZERO));
            return;
        }
        int n = tokensIssued.incrementAndGet();
        String json = "{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + tokenExpiresIn + ",\"scope\":\"tracking_events_read\",\"soap_instance_url\":\"" + baseUri()
                + "\",\"rest_instance_url\":\"" + baseUri() + "\""
                + (tokenPadding.isEmpty() ? "" : ",\"padding\":\"" + tokenPadding + "\"") + "}";
        send(exchange, new Reply(200, "application/json", json, Duration.ZERO));
    }

    private void soap(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        soapRequests.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
        Reply reply = soapReplies.pollFirst();
        if (reply == null) {
            reply = new Reply(500, "text/plain", "no canned reply left", Duration.ZERO);
        }
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(exchange, reply);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (receive timeout); nothing to do
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
