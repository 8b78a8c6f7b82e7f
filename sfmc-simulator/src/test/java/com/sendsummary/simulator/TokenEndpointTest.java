package com.sendsummary.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

    private SfmcSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.get();
        client = new SimulatorClient(simulator);
    }

    @Test
    void token_whenCredentialsValid_returnsBearerTokenWithInstanceUrls() {
        HttpResponse<String> response = client.token("demo-client-id", "demo-client-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"token_type\":\"Bearer\"", "\"expires_in\":1200", "tracking_events_read")
                .contains("\"soap_instance_url\":\"" + simulator.baseUri() + "\"")
                .contains("\"rest_instance_url\":\"" + simulator.baseUri() + "\"");
        assertThat(SimulatorClient.accessToken(response)).hasSizeGreaterThan(20);
    }

    @Test
    void token_whenSecretWrong_returns401InvalidClient() {
        HttpResponse<String> response = client.token("demo-client-id", "wrong", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":\"invalid_client\"").doesNotContain("wrong");
    }

    @Test
    void token_whenAccountIdIsAChildBu_isIssued() {
        assertThat(client.token("demo-client-id", "demo-client-secret", 100002).statusCode()).isEqualTo(200);
    }

    @Test
    void token_whenChildClientAsksForParentBu_returns401() {
        HttpResponse<String> response = client.token("demo-child-client-id", "demo-child-client-secret", 100001);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void token_whenGrantTypeNotClientCredentials_returns400() {
        HttpResponse<String> response = client.postJson("v2/token",
                "{\"grant_type\":\"password\",\"client_id\":\"demo-client-id\","
                        + "\"client_secret\":\"demo-client-secret\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("unsupported_grant_type");
    }
}
