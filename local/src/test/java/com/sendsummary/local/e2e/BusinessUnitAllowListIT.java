package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.Invocation;
import com.sendsummary.local.LocalEnvironment;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A deployment restricted with {@code ALLOWED_CLIENT_IDS}: a business unit outside the list is refused on every route
 * ({@code 403 client_not_allowed}) before anything is read; the credentials' own BU and listed ones are served.
 */
class BusinessUnitAllowListIT {
    private static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = LocalApiTest.environment().functionEnv(Map.of("ALLOWED_CLIENT_IDS", "100001")).start();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @BeforeEach
    void cleanState() {
        env.table().clear();
        env.simulator().reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/sends/910002/summary?clientId=100002",
            "/sends/910002/events?type=open&clientId=100002",
            "/sends/910002/engagement?clientId=100002",
            "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z&clientId=100002"})
    void route_whenBusinessUnitNotAllowed_answers403AndReadsNothing(String path) {
        ApiResponse refused = env.api().get(path);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("client_not_allowed");
        assertThat(env.simulator().requests().total()).isZero();
        assertThat(env.table().cachedCount()).isZero();
    }

    @Test
    void batch_whenBusinessUnitNotAllowed_answers403() {
        ApiResponse refused = env.api().request("POST", "/sends/summaries",
                "{\"jobIds\":[910002],\"clientId\":100002}", Map.of());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("client_not_allowed");
        assertThat(env.simulator().requests().total()).isZero();
    }

    @Test
    void summary_whenTheCredentialsOwnOrAnAllowedBusinessUnit_isServed() {
        assertThat(env.api().get("/sends/910001/summary").status()).isEqualTo(200);
        assertThat(env.api().get("/sends/910001/summary?clientId=100001").status()).isEqualTo(200);
    }

    @Test
    void refresh_whenBusinessUnitNotAllowed_rejectsTheEventWithoutCallingSfmc() {
        Invocation invocation = env.refresh().invoke("""
                {"version":"0","id":"1","detail-type":"SendCompleted","source":"sfmc.send-summary",
                 "time":"2026-01-15T10:15:30Z","detail":{"jobId":910002,"clientId":100002}}""");

        assertThat(invocation.functionError()).isFalse();
        assertThat(invocation.json().path("status").asText()).isEqualTo("rejected");
        assertThat(invocation.json().path("error").asText()).isEqualTo("client_not_allowed");
        assertThat(env.simulator().requests().total()).isZero();
    }
}
