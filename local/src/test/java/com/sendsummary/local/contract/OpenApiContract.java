package com.sendsummary.local.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.sendsummary.local.ApiExchangeCheck;
import com.sendsummary.local.ApiRequest;
import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.ApiRoute;
import com.sendsummary.local.HttpApiEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's contract, docs/openapi.yaml (OpenAPI 3.1), as a check of HTTP exchanges: parameters, request bodies,
 * response statuses, headers and bodies are validated with a JSON Schema 2020-12 validator (networknt, OpenAPI 3.1
 * dialect, {@code format} asserted) against the document's own schemas, resolved in place.
 *
 * <ul>
 *   <li>A request must name a path and method of the document. A request the document rejects (a bad parameter or
 *       body) must be answered with a 4xx that the document lists: the end-to-end tests send bad input on purpose,
 *       and the contract's promise for it is a documented error, never a 200.</li>
 *   <li>A response must have a status the operation lists, its required headers, each header as its schema says, a
 *       {@code Content-Type} the response lists and a body its schema accepts; a response without content (304) must
 *       have no body.</li>
 *   <li>Response bodies are checked strictly: every object schema with {@code properties} and no
 *       {@code additionalProperties} gets {@code unevaluatedProperties: false}, so a property the document does not
 *       declare fails (the published document leaves success bodies open for clients). For that, a schema with
 *       {@code properties} is only ever combined ({@code allOf}) with schemas that add none.</li>
 *   <li>Security is not checked: the local runner has no authorizer.</li>
 * </ul>
 * Query parameters are percent-decoded as URIs are (a {@code +} stays a {@code +}), repeated ones joined with commas as
 * API Gateway does; undeclared query parameters are ignored, as the function ignores them.
 */
public final class OpenApiContract implements ApiExchangeCheck {
    private static final String DOCUMENT_IRI = "https://sendsummary.example/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry requests;
    private final SchemaRegistry responses;
    private final Map<String, Schema> requestSchemas = new ConcurrentHashMap<>();
    private final Map<String, Schema> responseSchemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.requests = registry(document);
        this.responses = registry(strict(document.deepCopy()));
    }

    public static OpenApiContract load(Path yaml) {
        try {
            return new OpenApiContract(new YAMLMapper().readTree(yaml.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document " + yaml, e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** The document's operations as route keys, e.g. {@code GET /sends/{jobId}/summary}. */
    public List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (HTTP_METHODS.contains(operation.getKey())) {
                keys.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return keys;
    }

    @Override
    public void check(ApiRequest request, ApiResponse response) {
        List<String> problems = violations(request, response);
        if (!problems.isEmpty()) {
            throw new AssertionError("Exchange outside docs/openapi.yaml: " + request.method() + " "
                    + request.pathAndQuery() + " -> " + response.status() + "\n  - " + String.join("\n  - ", problems)
                    + "\n  response headers: " + response.headers() + "\n  response body: " + abbreviate(response.body()));
        }
    }

    /** Everything in this exchange that the document does not allow; empty when it conforms. */
    public List<String> violations(ApiRequest request, ApiResponse response) {
        URI uri = URI.create(request.pathAndQuery());
        Optional<Operation> found = operation(request.method(), uri.getRawPath());
        if (found.isEmpty()) {
            return List.of("no operation " + request.method() + " " + uri.getRawPath() + " in the document");
        }
        Operation operation = found.get();
        List<String> requestProblems = requestViolations(operation, request, uri.getRawQuery());
        List<String> problems = new ArrayList<>();
        if (!requestProblems.isEmpty() && response.status() / 100 != 4) {
            problems.add("the request is outside the contract (" + String.join("; ", requestProblems)
                    + ") but was answered " + response.status() + " instead of a 4xx");
        }
        problems.addAll(responseViolations(operation, response));
        return problems;
    }

    /** An operation of the document, with the path parameters of the request and its parameters' locations. */
    private record Operation(String pointer, JsonNode node, Map<String, String> pathParameters,
                             List<Resolved> parameters) {
    }

    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private Optional<Operation> operation(String method, String rawPath) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").properties().iterator();
             paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode operation = path.getValue().get(method.toLowerCase(Locale.ROOT));
            if (operation == null) {
                continue;
            }
            Optional<Map<String, String>> match = ApiRoute.of(method + " " + path.getKey(), "api").match(method, rawPath);
            if (match.isPresent()) {
                String pathPointer = "/paths/" + escape(path.getKey());
                String pointer = pathPointer + "/" + method.toLowerCase(Locale.ROOT);
                List<Resolved> parameters = new ArrayList<>();
                for (int i = 0; i < path.getValue().path("parameters").size(); i++) {
                    parameters.add(resolve(path.getValue().path("parameters").get(i), pathPointer + "/parameters/" + i));
                }
                for (int i = 0; i < operation.path("parameters").size(); i++) {
                    parameters.add(resolve(operation.path("parameters").get(i), pointer + "/parameters/" + i));
                }
                return Optional.of(new Operation(pointer, operation, match.get(), parameters));
            }
        }
        return Optional.empty();
    }

    private List<String> requestViolations(Operation operation, ApiRequest request, String rawQuery) {
        List<String> problems = new ArrayList<>();
        Map<String, String> query = HttpApiEvent.queryParameters(rawQuery, OpenApiContract::decode);
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        for (Resolved parameter : operation.parameters()) {
            String name = parameter.node().path("name").asText();
            String in = parameter.node().path("in").asText();
            String value = switch (in) {
                case "path" -> operation.pathParameters().get(name);
                case "query" -> query.get(name);
                case "header" -> headers.get(name.toLowerCase(Locale.ROOT));
                default -> null;
            };
            if (value == null) {
                if (parameter.node().path("required").asBoolean(false)) {
                    problems.add(in + " parameter " + name + " is required");
                }
                continue;
            }
            if (value.isEmpty() && parameter.node().path("allowEmptyValue").asBoolean(false)) {
                continue;
            }
            String schemaPointer = parameter.pointer() + "/schema";
            validate(requests, requestSchemas, schemaPointer, coerce(value, schemaAt(schemaPointer)))
                    .forEach(error -> problems.add(in + " parameter " + name + "=" + value + ": " + error));
        }
        JsonNode body = operation.node().get("requestBody");
        if (body == null) {
            if (!request.body().isEmpty()) {
                problems.add("a body was sent to an operation that takes none");
            }
            return problems;
        }
        Resolved requestBody = resolve(body, operation.pointer() + "/requestBody");
        if (request.body().isEmpty()) {
            if (requestBody.node().path("required").asBoolean(false)) {
                problems.add("the request body is required");
            }
            return problems;
        }
        String contentType = headers.getOrDefault("content-type", "");
        Optional<String> mediaType = mediaType(requestBody.node().path("content"), contentType);
        if (mediaType.isEmpty()) {
            problems.add("request Content-Type " + contentType + " is not listed");
            return problems;
        }
        String schemaPointer = requestBody.pointer() + "/content/" + escape(mediaType.get()) + "/schema";
        try {
            JsonNode json = JSON.readTree(request.body());
            validate(requests, requestSchemas, schemaPointer, json).forEach(error -> problems.add("request body: " + error));
        } catch (IOException e) {
            problems.add("request body is not JSON");
        }
        return problems;
    }

    private List<String> responseViolations(Operation operation, ApiResponse response) {
        JsonNode responsesNode = operation.node().path("responses");
        String status = Integer.toString(response.status());
        String key = responsesNode.has(status) ? status
                : responsesNode.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
                : responsesNode.has("default") ? "default" : null;
        if (key == null) {
            return List.of("status " + status + " is not listed for this operation");
        }
        Resolved declared = resolve(responsesNode.get(key), operation.pointer() + "/responses/" + key);
        List<String> problems = new ArrayList<>();
        declared.node().path("headers").properties().forEach(entry -> {
            Resolved header = resolve(entry.getValue(), declared.pointer() + "/headers/" + escape(entry.getKey()));
            Optional<String> value = response.header(entry.getKey());
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    problems.add("header " + entry.getKey() + " is required");
                }
                return;
            }
            String schemaPointer = header.pointer() + "/schema";
            validate(responses, responseSchemas, schemaPointer, coerce(value.get(), schemaAt(schemaPointer)))
                    .forEach(error -> problems.add("header " + entry.getKey() + ": " + value.get() + ": " + error));
        });
        JsonNode content = declared.node().get("content");
        if (content == null || content.isEmpty()) {
            if (!response.body().isEmpty()) {
                problems.add("a body was sent where the document has none");
            }
            return problems;
        }
        String contentType = response.header("Content-Type").orElse("");
        Optional<String> mediaType = mediaType(content, contentType);
        if (mediaType.isEmpty()) {
            problems.add("Content-Type " + contentType + " is not listed");
            return problems;
        }
        String schemaPointer = declared.pointer() + "/content/" + escape(mediaType.get()) + "/schema";
        try {
            JsonNode json = JSON.readTree(response.body());
            if (json == null) {
                problems.add("the body is empty");
            } else {
                validate(responses, responseSchemas, schemaPointer, json).forEach(error -> problems.add("body: " + error));
            }
        } catch (IOException e) {
            problems.add("the body is not JSON");
        }
        return problems;
    }

    /** The media type of {@code content} that {@code contentType} falls under: exact, then {@code type/*}, then any. */
    private static Optional<String> mediaType(JsonNode content, String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!base.isEmpty() && content.has(base)) {
            return Optional.of(base);
        }
        String wildcard = base.contains("/") ? base.substring(0, base.indexOf('/')) + "/*" : "";
        if (!wildcard.isEmpty() && content.has(wildcard)) {
            return Optional.of(wildcard);
        }
        return content.has("*/*") ? Optional.of("*/*") : Optional.empty();
    }

    private List<String> validate(SchemaRegistry registry, Map<String, Schema> cache, String pointer, JsonNode value) {
        Schema schema = cache.computeIfAbsent(pointer,
                key -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + key)));
        List<Error> errors = schema.validate(value);
        return errors.stream().map(error -> error.getInstanceLocation() + " " + error.getMessage()).toList();
    }

    /** A header or query value as the JSON its schema expects: a number, a boolean, else the text. */
    private JsonNode coerce(String value, JsonNode schema) {
        JsonNode type = schema.path("type");
        String text = value.strip();
        if (hasType(type, "integer") && text.matches("-?[0-9]+")) {
            return JsonNodeFactory.instance.numberNode(new BigInteger(text));
        }
        if (hasType(type, "number") && text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(text));
        }
        if (hasType(type, "boolean") && (text.equals("true") || text.equals("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        return TextNode.valueOf(value);
    }

    private static boolean hasType(JsonNode type, String name) {
        if (type.isArray()) {
            for (JsonNode each : type) {
                if (each.asText().equals(name)) {
                    return true;
                }
            }
            return false;
        }
        return type.asText().equals(name);
    }

    /** The schema at {@code pointer}, its {@code $ref}s within the document followed. */
    private JsonNode schemaAt(String pointer) {
        JsonNode schema = document.at(pointer);
        while (schema.has("$ref") && schema.get("$ref").asText().startsWith("#/")) {
            schema = document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private record Resolved(String pointer, JsonNode node) {
    }

    /** A parameter, header, response or request body, its {@code $ref} (within the document) followed. */
    private Resolved resolve(JsonNode node, String pointer) {
        String at = pointer;
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only references within the document are supported: " + ref);
            }
            at = ref.substring(1);
            current = document.at(at);
        }
        return new Resolved(at, current);
    }

    /** Percent-decoding as in a URI: a {@code +} stays a {@code +} (the API reads a bare one as the offset sign). */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A JSON Pointer token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static SchemaRegistry registry(JsonNode document) {
        String text;
        try {
            text = JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemas(Map.of(DOCUMENT_IRI, text)));
    }

    /** Every object schema with {@code properties} and no rule for others gets {@code unevaluatedProperties: false}. */
    static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.get("properties") instanceof ObjectNode && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("unevaluatedProperties", false);
            }
            object.properties().forEach(entry -> strict(entry.getValue()));
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::strict);
        }
        return node;
    }

    private static String abbreviate(String body) {
        return body.length() <= 2000 ? body : body.substring(0, 2000) + "... (" + body.length() + " chars)";
    }
}
