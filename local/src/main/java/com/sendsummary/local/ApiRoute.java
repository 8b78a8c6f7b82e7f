package com.sendsummary.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API route such as {@code GET /sends/{jobId}/summary} and the function it integrates with.
 * Supports literal segments, {@code {name}} (one segment) and a final {@code {name+}} (the rest of the path);
 * {@code ANY} matches every method.
 */
public record ApiRoute(String method, String pathTemplate, String function) {

    /**
     * The order API Gateway tries routes in: segment by segment, a literal before a {@code {name}} before a greedy
     * {@code {name+}}; then a method before {@code ANY}.
     */
    public static final Comparator<ApiRoute> MOST_SPECIFIC_FIRST = ApiRoute::compareSpecificity;

    /** Parses {@code "GET /sends/{jobId}/summary"}. */
    public static ApiRoute of(String routeKey, String function) {
        String[] parts = routeKey.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("Route key must look like 'GET /path', was: " + routeKey);
        }
        return new ApiRoute(parts[0].toUpperCase(), parts[1], function);
    }

    /** {@code routeKey} as API Gateway puts it in the event. */
    public String routeKey() {
        return method + " " + pathTemplate;
    }

    /** The path parameters if {@code httpMethod} and {@code rawPath} match this route. */
    public Optional<Map<String, String>> match(String httpMethod, String rawPath) {
        if (!method.equals("ANY") && !method.equalsIgnoreCase(httpMethod)) {
            return Optional.empty();
        }
        String[] template = pathTemplate.substring(1).split("/", -1);
        String[] actual = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            boolean greedy = segment.startsWith("{") && segment.endsWith("+}");
            if (greedy && i == template.length - 1) {
                if (i >= actual.length || actual[i].isEmpty()) {
                    return Optional.empty();
                }
                String rest = String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length));
                parameters.put(segment.substring(1, segment.length() - 2), decode(rest));
                return Optional.of(parameters);
            }
            if (i >= actual.length) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1), decode(actual[i]));
            } else if (!segment.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return actual.length == template.length ? Optional.of(parameters) : Optional.empty();
    }

    private static int compareSpecificity(ApiRoute first, ApiRoute second) {
        String[] firstSegments = first.pathTemplate.substring(1).split("/", -1);
        String[] secondSegments = second.pathTemplate.substring(1).split("/", -1);
        for (int i = 0; i < Math.min(firstSegments.length, secondSegments.length); i++) {
            int bySegment = Integer.compare(generality(firstSegments[i]), generality(secondSegments[i]));
            if (bySegment != 0) {
                return bySegment;
            }
        }
        // Routes of different lengths never match the same path, save by a greedy segment (decided above).
        int byLength = Integer.compare(firstSegments.length, secondSegments.length);
        return byLength != 0 ? byLength : Boolean.compare(first.method.equals("ANY"), second.method.equals("ANY"));
    }

    private static int generality(String segment) {
        if (segment.startsWith("{") && segment.endsWith("+}")) {
            return 2;
        }
        return segment.startsWith("{") && segment.endsWith("}") ? 1 : 0;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
