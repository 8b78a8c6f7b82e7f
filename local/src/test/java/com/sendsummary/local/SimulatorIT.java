package com.sendsummary.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The simulator wrapper against the real simulator jar; skipped until that jar is built. */
class SimulatorIT {

    private static Simulator simulator;

    @BeforeAll
    static void start() {
        ProjectLayout layout = ProjectLayout.detect();
        assumeTrue(Files.isRegularFile(layout.simulatorJar()),
                "sfmc-simulator/target/sfmc-simulator.jar not built (mvn -pl sfmc-simulator -DskipTests package)");
        simulator = Simulator.start(layout, List.of(), Logs.toFiles(layout.logDirectory()));
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void start_readsTheListeningLine() {
        assertThat(simulator.baseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(simulator.soapUri().toString()).endsWith("/Service.asmx");
    }

    @Test
    void requests_countsTokenRequests_andResetZeroesThem() throws Exception {
        simulator.admin().reset();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUri() + "/v2/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\","
                        + "\"client_id\":\"demo-client-id\",\"client_secret\":\"demo-client-secret\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());

        SimulatorRequests requests = simulator.admin().requests();
        assertThat(requests.token()).isEqualTo(1);
        assertThat(requests.total()).isGreaterThanOrEqualTo(1);
        assertThat(requests.retrieve("Send")).isZero();

        simulator.admin().reset();
        assertThat(simulator.admin().requests().token()).isZero();
    }

    @Test
    void expireTokensAndClearFaults_areAccepted() {
        simulator.admin().expireTokens();
        simulator.admin().clearFaults();
    }
}
