package com.sendsummary.local.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sendsummary.handler.HttpSendSummaryHandler;
import com.sendsummary.local.ApiRoute;
import com.sendsummary.local.LocalEnvironment;
import com.sendsummary.local.ProjectLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * One set of routes everywhere: the HTTP function's route table, template.yaml's HttpApi events and the paths of its
 * DefinitionBody (where each route's security is set: a route missing there would be open), the local runner's
 * routes and docs/openapi.yaml's operations. Every operation of the document is protected.
 */
class RouteTableTest {
    private static final ProjectLayout LAYOUT = ProjectLayout.detect();

    @Test
    void everyRouteList_namesTheSameRoutes() throws Exception {
        JsonNode template = new YAMLMapper().readTree(LAYOUT.root().resolve("template.yaml").toFile());
        JsonNode function = template.path("Resources").path("SendSummaryFunction").path("Properties");
        List<String> events = new ArrayList<>();
        function.path("Events").forEach(event -> {
            if (event.path("Type").asText().equals("HttpApi")) {
                events.add(event.path("Properties").path("Method").asText().toUpperCase(Locale.ROOT) + " "
                        + event.path("Properties").path("Path").asText());
            }
        });
        List<String> securedPaths = new ArrayList<>();
        template.path("Resources").path("SendSummaryApi").path("Properties").path("DefinitionBody").path("paths")
                .properties().forEach(path -> path.getValue().properties().forEach(operation -> {
                    assertThat(operation.getValue().path("security").isArray())
                            .as("security of %s %s in the DefinitionBody", operation.getKey(), path.getKey()).isTrue();
                    securedPaths.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }));
        List<String> local = LocalEnvironment.routes().stream().map(ApiRoute::routeKey).toList();
        List<String> contract = OpenApiContract.load(LAYOUT.openApiDocument()).routeKeys();

        assertThat(events).as("template.yaml events").containsExactlyInAnyOrderElementsOf(HttpSendSummaryHandler.ROUTE_KEYS);
        assertThat(securedPaths).as("template.yaml DefinitionBody paths")
                .containsExactlyInAnyOrderElementsOf(HttpSendSummaryHandler.ROUTE_KEYS);
        assertThat(local).as("local runner routes").containsExactlyInAnyOrderElementsOf(HttpSendSummaryHandler.ROUTE_KEYS);
        assertThat(contract).as("docs/openapi.yaml operations")
                .containsExactlyInAnyOrderElementsOf(HttpSendSummaryHandler.ROUTE_KEYS);
    }

    @Test
    void everyOperationOfTheContract_isProtectedByIamOrJwt() {
        JsonNode document = OpenApiContract.load(LAYOUT.openApiDocument()).document();
        List<String> schemes = new ArrayList<>();
        document.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);

        assertThat(schemes).containsExactlyInAnyOrder("sigv4", "jwt");
        assertThat(document.path("security").toString()).isEqualTo("[{\"sigv4\":[]},{\"jwt\":[]}]");
        document.path("paths").forEach(path -> path.forEach(operation ->
                assertThat(operation.has("security") ? operation.path("security") : document.path("security"))
                        .as("security of %s", operation.path("operationId").asText()).isNotEmpty()
                        .allSatisfy(requirement -> assertThat(requirement.isEmpty()).isFalse())));
    }
}
