package com.sendsummary.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiRouteTest {

    private final ApiRoute summary = ApiRoute.of("GET /sends/{jobId}/summary", "http");

    @Test
    void match_whenPathFitsTemplate_returnsPathParameters() {
        assertThat(summary.match("GET", "/sends/910001/summary")).contains(Map.of("jobId", "910001"));
    }

    @Test
    void match_whenParameterIsPercentEncoded_decodesIt() {
        assertThat(summary.match("GET", "/sends/a%20b/summary")).contains(Map.of("jobId", "a b"));
    }

    @Test
    void match_whenMethodDiffers_isEmpty() {
        assertThat(summary.match("POST", "/sends/910001/summary")).isEmpty();
    }

    @Test
    void match_whenSegmentCountDiffers_isEmpty() {
        assertThat(summary.match("GET", "/sends/910001")).isEmpty();
        assertThat(summary.match("GET", "/sends/910001/summary/extra")).isEmpty();
        assertThat(summary.match("GET", "/sends//summary")).isEmpty();
    }

    @Test
    void match_whenGreedyParameter_takesTheRestOfThePath() {
        ApiRoute proxy = ApiRoute.of("ANY /files/{path+}", "http");

        assertThat(proxy.match("DELETE", "/files/a/b/c.txt")).contains(Map.of("path", "a/b/c.txt"));
        assertThat(proxy.match("GET", "/files/")).isEmpty();
    }

    @Test
    void routeKey_isMethodSpaceTemplate() {
        assertThat(summary.routeKey()).isEqualTo("GET /sends/{jobId}/summary");
    }

    @Test
    void mostSpecificFirst_putsLiteralsBeforeParametersBeforeGreedyAndMethodsBeforeAny() {
        List<ApiRoute> routes = Stream.of("ANY /sends/{path+}", "GET /sends/{jobId}", "ANY /sends/latest",
                        "GET /sends/latest", "GET /sends")
                .map(routeKey -> ApiRoute.of(routeKey, "http"))
                .sorted(ApiRoute.MOST_SPECIFIC_FIRST)
                .toList();

        assertThat(routes).extracting(ApiRoute::routeKey).containsExactly("GET /sends", "GET /sends/latest",
                "ANY /sends/latest", "GET /sends/{jobId}", "ANY /sends/{path+}");
    }

    @Test
    void of_whenNotARouteKey_throws() {
        assertThatThrownBy(() -> ApiRoute.of("/sends", "http")).isInstanceOf(IllegalArgumentException.class);
    }
}
