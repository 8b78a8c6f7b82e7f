package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation a newcomer walks: a short README that reaches every page of docs/, links that lead somewhere, and
 * an API reference (docs/api.md) that names every route, query parameter and error code of the OpenAPI document,
 * whose list of codes is in turn the one the function's source can answer.
 */
class DocsTest {
    private static final Path ROOT = ProjectLayout.detect().root();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void readme_isShortAndLinksEveryDocsPage() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as("README size")
                .isLessThanOrEqualTo(10_240);
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            List<String> docs = pages.map(page -> "docs/" + page.getFileName()).sorted().toList();
            assertThat(docs).contains("docs/api.md", "docs/openapi.yaml", "docs/operations.md");
            assertThat(docs).allSatisfy(doc -> assertThat(readme).as("README links " + doc).contains("](" + doc));
        }
    }

    @Test
    void everyRelativeLink_leadsToAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : markdownPages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void apiReference_namesEveryRouteParameterAndErrorCodeOfTheContract() throws IOException {
        JsonNode contract = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docs/openapi.yaml").toFile());
        String reference = Files.readString(ROOT.resolve("docs/api.md"));

        List<String> missing = new ArrayList<>();
        contract.path("paths").properties().forEach(path -> {
            path.getValue().properties().forEach(operation -> {
                String route = "`" + operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!reference.contains(route)) {
                    missing.add("route " + route + "`");
                }
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    JsonNode resolved = resolve(contract, parameter);
                    if ("query".equals(resolved.path("in").asText())
                            && !reference.contains("`" + resolved.path("name").asText())) {
                        missing.add("query parameter " + resolved.path("name").asText());
                    }
                }
            });
        });
        for (String code : knownCodes(contract)) {
            if (!reference.contains("`" + code + "`")) {
                missing.add("error code " + code);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void contractErrorCodes_areTheCodesTheFunctionCanAnswer() throws IOException {
        JsonNode contract = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docs/openapi.yaml").toFile());
        Set<String> documented = knownCodes(contract);
        Set<String> inSource = new TreeSet<>();
        Pattern literal = Pattern.compile(
                "(?:InvalidRequestException\\((?:\\d+, )?|ApiError\\(\\d+, |error\\(\\d+, |case )\"([a-z][a-z0-9_]*[a-z0-9])\"");
        Pattern named = Pattern.compile("\\.(?:flag|count)\\(\"([a-z]+)\"");
        try (Stream<Path> sources = Files.walk(ROOT.resolve("functions/src/main/java/com/sendsummary"))) {
            // The refresh function answers EventBridge, not callers: its rejections are log lines, not API codes.
            for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().matches("RefreshRequest.java|SendCompletedRefresh.*"))
                    .toList()) {
                String text = Files.readString(source);
                Matcher code = literal.matcher(text);
                while (code.find()) {
                    inSource.add(code.group(1));
                }
                Matcher parameter = named.matcher(text);
                while (parameter.find()) {
                    inSource.add("invalid_" + parameter.group(1)); // RequestParameters: invalid_<name>
                }
            }
        }
        assertThat(inSource).as("codes found in the source").contains("invalid_job_id", "sfmc_busy", "invalid_top");
        assertThat(documented).as("codes the OpenAPI document lists").containsAll(inSource);
    }

    private static JsonNode resolve(JsonNode contract, JsonNode node) {
        String ref = node.path("$ref").asText();
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = contract;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private static Set<String> knownCodes(JsonNode contract) {
        Set<String> codes = new TreeSet<>();
        contract.path("components").path("schemas").path("ErrorCode").path("x-known-codes")
                .forEach(list -> list.forEach(code -> codes.add(code.asText())));
        assertThat(codes).as("x-known-codes of ErrorCode").isNotEmpty();
        return codes;
    }

    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("local/README.md"),
                ROOT.resolve("events/README.md"), ROOT.resolve("sfmc-simulator/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
