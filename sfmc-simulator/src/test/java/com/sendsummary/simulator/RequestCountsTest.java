package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestCountsTest {

    private SfmcSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.get();
        client = new SimulatorClient(simulator);
    }

    @Test
    void requests_countsTokensAndRetrievesPerObjectTypeIncludingContinuations() {
        String token = client.token();
        client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"));
        SoapResponse first = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "ClickEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "1000"));
        client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "ClickEvent", "SEND_ID", "910001",
                "BATCH_SIZE", "1000", "CONTINUE_REQUEST", "<ContinueRequest>" + first.requestId()
                        + "</ContinueRequest>"));

        RequestCounts counts = simulator.requestCounts();
        assertThat(counts.token()).as(simulator.requestLog().toString()).isEqualTo(1);
        assertThat(counts.retrieve("Send")).isEqualTo(1);
        assertThat(counts.retrieve("ClickEvent")).isEqualTo(2);
        assertThat(counts.total()).isEqualTo(4);
        assertThat(client.get("admin/requests").body())
                .isEqualTo("{\"token\":1,\"Retrieve\":{\"ClickEvent\":2,\"Send\":1},\"total\":4}");
    }

    @Test
    void requestLog_recordsSummariesWithoutSecrets() {
        String token = client.token();
        client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "OpenEvent", "SEND_ID", "910002",
                "BATCH_SIZE", "10", "CLIENT_IDS", "<ClientIDs><ID>100002</ID></ClientIDs>"));

        String log = client.get("admin/requests/log").body();

        assertThat(log).contains("\"operation\":\"token\"", "\"objectType\":\"OpenEvent\"", "\"clientIds\":[100002]",
                        "\"continuation\":false", "(SendID equals 910002 AND EventDate greaterThanOrEqual")
                .doesNotContain(token, "demo-client-secret");
        assertThat(simulator.requestLog()).last().extracting(RequestSummary::batchSize).isEqualTo(10);
    }

    @Test
    void reset_clearsCountsAndFaults() {
        client.token();
        client.postJson("admin/faults", "{\"action\":\"http500\"}");

        assertThat(client.postJson("admin/reset", "").statusCode()).isEqualTo(200);

        assertThat(simulator.requestCounts().total()).isZero();
        assertThat(simulator.faults()).isEmpty();
    }
}
