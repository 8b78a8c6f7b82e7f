package com.sendsummary.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * An HTTP forwarding proxy in front of an AWS endpoint (moto), on a free loopback port, to inject faults into the AWS
 * calls the functions make. Give the functions {@link #endpoint()} as {@code AWS_ENDPOINT_URL} (see
 * {@link LocalEnvironment.Builder#withAwsFaultProxy()}).
 *
 * <p>Every request is forwarded as it came (method, path, query, headers except the hop-by-hop ones and
 * {@code Host}, body) and the response is relayed as it came (status, headers, body), unless the request belongs to a
 * {@link Target} that was made to fail. Requests are classified by their {@code X-Amz-Target} header (the JSON
 * protocols of DynamoDB and Secrets Manager). Two kinds of failure:
 * <ul>
 *   <li>{@link #fail(Target)}: unreachable. The request is read and the connection closed without any response, so
 *       the SDK sees an I/O error ({@code SdkClientException}), as for a dropped connection.</li>
 *   <li>{@link #failWithStatus(Target, int)}: the service answers an error, by default
 *       {@code InternalServerError} (DynamoDB) / {@code InternalServiceError} (Secrets Manager) with that status.</li>
 * </ul>
 *
 * <p>Nothing is logged but forwarding errors (method, operation and exception, never bodies or headers).
 */
public final class AwsFaultProxy implements AutoCloseable {

    /** What can be made to fail. */
    public enum Target {
        /** DynamoDB {@code GetItem}, {@code BatchGetItem}, {@code Query}, {@code Scan}, {@code TransactGetItems}. */
        DYNAMODB_READS,
        /**
         * DynamoDB {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code BatchWriteItem},
         * {@code TransactWriteItems}.
         */
        DYNAMODB_WRITES,
        /** Every Secrets Manager operation ({@code secretsmanager.*}). */
        SECRETS_MANAGER
    }

    /** Key of {@link #counts()} for requests without an {@code X-Amz-Target} header (REST APIs such as Scheduler). */
    public static final String OTHER = "other";

    private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
    private static final String SECRETS_MANAGER_PREFIX = "secretsmanager.";
    private static final Set<String> DYNAMODB_READ_OPERATIONS =
            Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    private static final Set<String> DYNAMODB_WRITE_OPERATIONS =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
    /** Not forwarded in either direction: hop-by-hop (RFC 9110 7.6.1), the Host, and the framing of the body. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect");
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);

    private sealed interface Fault permits Drop, Status {
    }

    private record Drop() implements Fault {
    }

    private record Status(int status, String errorType) implements Fault {
    }

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI endpoint;
    private final Map<Target, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();

    private AwsFaultProxy(URI target, HttpServer server, ExecutorService executor, HttpClient client) {
        this.target = target;
        this.server = server;
        this.executor = executor;
        this.client = client;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts the proxy on 127.0.0.1 and a free port, forwarding to {@code target} (e.g. moto's endpoint). */
    public static AwsFaultProxy start(URI target) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            AwsFaultProxy proxy = new AwsFaultProxy(withoutTrailingSlash(target), server, executor, client);
            server.createContext("/", proxy::handle);
            server.setExecutor(executor);
            server.start();
            return proxy;
        } catch (IOException e) {
            client.close();
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the AWS fault proxy", e);
        }
    }

    /** The proxy's endpoint, for {@code AWS_ENDPOINT_URL} / SDK {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Where requests are forwarded to. */
    public URI targetEndpoint() {
        return target;
    }

    /** Makes {@code target} unreachable: its requests are read and their connection closed without a response. */
    public void fail(Target target) {
        faults.put(target, new Drop());
    }

    /**
     * Makes {@code target} answer {@code status} with the service's internal error ({@code InternalServerError} for
     * DynamoDB, {@code InternalServiceError} for Secrets Manager) instead of forwarding.
     */
    public void failWithStatus(Target target, int status) {
        failWithStatus(target, status, target == Target.SECRETS_MANAGER
                ? "InternalServiceError" : "com.amazonaws.dynamodb.v20120810#InternalServerError");
    }

    /**
     * Makes {@code target} answer {@code status} with {@code errorType} as {@code __type}, e.g. {@code 400} and
     * {@code com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException} for throttling.
     */
    public void failWithStatus(Target target, int status, String errorType) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("An error status is 400..599, was " + status);
        }
        faults.put(target, new Status(status, errorType));
    }

    /** Forwards {@code target}'s requests again. */
    public void heal(Target target) {
        faults.remove(target);
    }

    public void healAll() {
        faults.clear();
    }

    /** Requests seen (forwarded or failed) per {@code X-Amz-Target}, e.g. {@code DynamoDB_20120810.PutItem -> 3}. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((operation, count) -> snapshot.put(operation, count.sum()));
        return snapshot;
    }

    /** Requests seen for one operation, e.g. {@code count("DynamoDB_20120810.GetItem")}. */
    public long count(String operation) {
        LongAdder count = counts.get(operation);
        return count == null ? 0 : count.sum();
    }

    /** Requests failed on purpose (dropped or answered with an injected error) so far. */
    public long failed() {
        return failed.get();
    }

    public void resetCounts() {
        counts.clear();
        failed.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        client.shutdownNow();
        executor.shutdownNow();
    }

    /** Which target a request with this {@code X-Amz-Target} belongs to, if any. */
    static Optional<Target> classify(String amzTarget) {
        if (amzTarget == null) {
            return Optional.empty();
        }
        if (amzTarget.startsWith(DYNAMODB_PREFIX)) {
            String operation = amzTarget.substring(DYNAMODB_PREFIX.length());
            if (DYNAMODB_READ_OPERATIONS.contains(operation)) {
                return Optional.of(Target.DYNAMODB_READS);
            }
            if (DYNAMODB_WRITE_OPERATIONS.contains(operation)) {
                return Optional.of(Target.DYNAMODB_WRITES);
            }
            return Optional.empty();
        }
        if (amzTarget.startsWith(SECRETS_MANAGER_PREFIX)) {
            return Optional.of(Target.SECRETS_MANAGER);
        }
        return Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        counts.computeIfAbsent(amzTarget == null ? OTHER : amzTarget, key -> new LongAdder()).increment();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Fault fault = classify(amzTarget).map(faults::get).orElse(null);
            if (fault instanceof Drop) {
                failed.incrementAndGet();
                // No response at all: closing the exchange before sendResponseHeaders closes the connection (FIN),
                // and the client reads end-of-stream where it expects the status line.
                return;
            }
            if (fault instanceof Status(int status, String errorType)) {
                failed.incrementAndGet();
                respondWithError(exchange, status, errorType, amzTarget);
                return;
            }
            forward(exchange, body, amzTarget);
        }
    }

    private void forward(HttpExchange exchange, byte[] body, String amzTarget) throws IOException {
        URI requestUri = exchange.getRequestURI();
        String rawQuery = requestUri.getRawQuery();
        URI uri = URI.create(target + requestUri.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
        Headers requestHeaders = exchange.getRequestHeaders();
        boolean hasBody = body.length > 0 || requestHeaders.containsKey("Content-Length")
                || requestHeaders.containsKey("Transfer-Encoding");
        Set<String> connectionOptions = connectionOptions(requestHeaders.get("Connection"));
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(FORWARD_TIMEOUT)
                    .method(exchange.getRequestMethod(), hasBody
                            ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
            requestHeaders.forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!NOT_FORWARDED.contains(lower) && !connectionOptions.contains(lower)) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("[aws-fault-proxy] forwarding " + exchange.getRequestMethod() + " "
                    + (amzTarget == null ? requestUri.getRawPath() : amzTarget) + " failed: " + e);
            byte[] error = ("{\"message\":\"AWS fault proxy could not reach " + target + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(502, error.length);
            exchange.getResponseBody().write(error);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // Closing: the exchange is closed without a response.
        }
        Headers responseHeaders = exchange.getResponseHeaders();
        Set<String> responseConnectionOptions =
                connectionOptions(response.headers().allValues("Connection"));
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !responseConnectionOptions.contains(lower)
                    && !lower.startsWith(":")) {
                responseHeaders.put(name, List.copyOf(values));
            }
        });
        byte[] responseBody = response.body();
        int status = response.statusCode();
        boolean noBody = "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || status == 204 || status == 304
                || status < 200 || responseBody.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : responseBody.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
    }

    private void respondWithError(HttpExchange exchange, int status, String errorType, String amzTarget)
            throws IOException {
        boolean secretsManager = amzTarget != null && amzTarget.startsWith(SECRETS_MANAGER_PREFIX);
        byte[] error = ("{\"__type\":\"" + errorType + "\",\"message\":\"injected\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                secretsManager ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, error.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(error);
        }
    }

    /** Header names listed in {@code Connection}, which are hop-by-hop too. */
    private static Set<String> connectionOptions(List<String> connectionHeaders) {
        if (connectionHeaders == null || connectionHeaders.isEmpty()) {
            return Set.of();
        }
        return connectionHeaders.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(option -> option.trim().toLowerCase(Locale.ROOT))
                .filter(option -> !option.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
