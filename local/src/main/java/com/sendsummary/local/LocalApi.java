package com.sendsummary.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP API (what {@code sam local start-api} serves): every request matching a route becomes a payload
 * 2.0 event ({@link HttpApiEvent}) for that route's function, and the function's answer becomes the HTTP response
 * ({@link HttpApiResponse}). No route matches: {@code 404 {"message":"Not Found"}}, as API Gateway answers.
 * {@code GET /openapi.yaml} serves the API's contract (docs/openapi.yaml), which API Gateway does not.
 * Listens on 127.0.0.1 only.
 */
public final class LocalApi implements AutoCloseable {
    /** Where the contract is served. */
    public static final String OPENAPI_PATH = "/openapi.yaml";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ApiRoute> routes;
    private final Function<String, LambdaEmulator> functions;
    private final Optional<PrintStream> accessLog;
    private final Optional<Path> openApiDocument;
    private final ApiExchangeCheck exchangeCheck;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private LocalApi(HttpServer server, List<ApiRoute> routes, Function<String, LambdaEmulator> functions,
                     Optional<PrintStream> accessLog, Optional<Path> openApiDocument, ApiExchangeCheck exchangeCheck) {
        this.server = server;
        this.routes = List.copyOf(routes);
        this.functions = functions;
        this.accessLog = accessLog;
        this.openApiDocument = openApiDocument;
        this.exchangeCheck = exchangeCheck;
    }

    /**
     * Starts the API on 127.0.0.1:{@code port} (0 = any free port).
     *
     * @param functions       resolves a route's function name to its emulator
     * @param accessLog       where to print one line per request, if anywhere
     * @param openApiDocument the file served at {@code /openapi.yaml} (read on each request), if any
     * @param exchangeCheck   sees every exchange of the client side ({@link #get}, {@link #request})
     */
    public static LocalApi start(int port, List<ApiRoute> routes, Function<String, LambdaEmulator> functions,
                                 Optional<PrintStream> accessLog, Optional<Path> openApiDocument,
                                 ApiExchangeCheck exchangeCheck) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            LocalApi api = new LocalApi(server, routes, functions, accessLog, openApiDocument, exchangeCheck);
            server.createContext("/", api::handle);
            server.setExecutor(api.executor);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port
                    + " (set LOCAL_API_PORT to use another port)", e);
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<ApiRoute> routes() {
        return routes;
    }

    /** Client side, for tests: {@code GET <baseUri><pathAndQuery>}. */
    public ApiResponse get(String pathAndQuery) {
        return request("GET", pathAndQuery, "", Map.of());
    }

    /** Client side, for tests: any method, optional body (sent as {@code application/json}), extra headers. */
    public ApiResponse request(String method, String pathAndQuery, String body, Map<String, String> headers) {
        Map<String, String> sent = new LinkedHashMap<>();
        if (!body.isEmpty() && !headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("content-type"))) {
            sent.put("Content-Type", "application/json");
        }
        sent.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri().resolve(pathAndQuery))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        sent.forEach(request::header);
        ApiResponse response = send(request);
        exchangeCheck.check(new ApiRequest(method, pathAndQuery, sent, body), response);
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new ApiResponse(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Request to the local API failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling the local API", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        HttpApiResponse response;
        try {
            response = dispatch(exchange);
        } catch (RuntimeException e) {
            accessLog.ifPresent(log -> log.println("[api] " + e));
            response = HttpApiResponse.internalServerError();
        }
        write(exchange, response);
        HttpApiResponse sent = response;
        accessLog.ifPresent(log -> log.printf("[api] %s %s -> %d (%d ms)%n", exchange.getRequestMethod(),
                exchange.getRequestURI(), sent.statusCode(), (System.nanoTime() - start) / 1_000_000));
    }

    private HttpApiResponse dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        if (method.equals("GET") && rawPath.equals(OPENAPI_PATH) && openApiDocument.isPresent()
                && Files.isRegularFile(openApiDocument.get())) {
            return new HttpApiResponse(200, Map.of("content-type", List.of("application/yaml"),
                    "cache-control", List.of("no-cache")), Files.readAllBytes(openApiDocument.get()));
        }
        for (ApiRoute route : routes) {
            Optional<Map<String, String>> pathParameters = route.match(method, rawPath);
            if (pathParameters.isPresent()) {
                String rawQuery = exchange.getRequestURI().getRawQuery();
                HttpApiEvent.Request request = new HttpApiEvent.Request(method, rawPath,
                        rawQuery == null ? "" : rawQuery, exchange.getRequestHeaders(),
                        exchange.getRequestBody().readAllBytes(),
                        exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol(),
                        server.getAddress().getPort(), Instant.now());
                String event = HttpApiEvent.build(request, route, pathParameters.get()).toString();
                return HttpApiResponse.from(functions.apply(route.function()).invoke(event));
            }
        }
        return HttpApiResponse.notFound();
    }

    private static void write(HttpExchange exchange, HttpApiResponse response) throws IOException {
        response.headers().forEach((name, values) -> values.forEach(value ->
                exchange.getResponseHeaders().add(name, value)));
        boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                || response.statusCode() == 204 || response.statusCode() == 304;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }
}
