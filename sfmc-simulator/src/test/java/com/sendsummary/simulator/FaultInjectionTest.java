package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import com.sendsummary.simulator.faults.FaultAction;
import com.sendsummary.simulator.faults.FaultRule;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class FaultInjectionTest {

    private SfmcSimulator simulator;
    private SimulatorClient client;
    private String token;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.get();
        client = new SimulatorClient(simulator);
        token = client.token();
    }

    @Test
    void delay_answersNormallyAfterTheDelay() {
        addFault("{\"match\":{\"objectType\":\"Send\"},\"action\":\"delay\",\"delayMillis\":300,\"times\":1}");

        long started = System.nanoTime();
        SoapResponse response = retrieveSend();

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(response.overallStatus()).isEqualTo("OK");
    }

    @Test
    void http500_answersHtmlWithoutEnvelope_thenRecoversAfterTimes() {
        addFault("{\"match\":{\"objectType\":\"Send\",\"id\":910001},\"action\":\"http500\",\"times\":1}");

        SoapResponse throttled = retrieveSend();
        assertThat(throttled.status()).isEqualTo(500);
        assertThat(throttled.body()).contains("<html").doesNotContain("Envelope");

        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void soapFault_answersServerFaultWithApiFaultDetail() {
        addFault("{\"action\":\"soapFault\",\"apiFaultCode\":9,\"message\":\"In maintenance\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("{http://schemas.xmlsoap.org/soap/envelope/}Server");
        assertThat(response.faultString()).isEqualTo("In maintenance");
        Element apiFault = (Element) response.document()
                .getElementsByTagNameNS("urn:fault.partner.exacttarget.com", "apifault").item(0);
        assertThat(apiFault).isNotNull();
        assertThat(SoapResponse.text(apiFault, "Code")).isEqualTo("9");
        assertThat(SoapResponse.text(apiFault, "Message")).isEqualTo("In maintenance");
        assertThat(SoapResponse.text(apiFault, "LogID")).matches("\\d+");
    }

    @Test
    void errorStatus_answersHttp200WithErrorOverallStatus() {
        addFault("{\"action\":\"errorStatus\",\"message\":\"API Permission Failed\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).isEqualTo("Error: API Permission Failed");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void malformed_answersHttp200WithUnparsableBody() {
        addFault("{\"action\":\"malformed\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("<soap:Envelope");
        assertThatThrownBy(response::document).isInstanceOf(AssertionError.class);
    }

    @Test
    void unknownElements_addsErrorCodeIdToResponseAndResults() {
        addFault("{\"action\":\"unknownElements\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.overallStatus()).as(response.body()).isEqualTo("OK");
        assertThat(response.document().getElementsByTagNameNS(SimulatorClient.PARTNER, "ErrorCodeId").getLength())
                .isEqualTo(2);
        assertThat(SoapResponse.childNames(response.results().getFirst())).contains("ErrorCodeId");
    }

    @Test
    void unknownResultType_addsAResultsWithAnUnknownXsiType() {
        addFault("{\"action\":\"unknownResultType\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.results()).hasSize(2);
        assertThat(response.results().getLast().getAttributeNS(SimulatorClient.XSI, "type"))
                .endsWith("FutureTrackingEvent");
    }

    @Test
    void authFault_answersLoginFailedEvenWithAValidToken() {
        addFault("{\"action\":\"authFault\",\"times\":1}");

        assertThat(retrieveSend().faultString()).isEqualTo("Login failed");
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void tokenRules_applyToTheTokenEndpointOnly() {
        addFault("[{\"match\":{\"operation\":\"token\"},\"action\":\"http500\",\"times\":1},"
                + "{\"match\":{\"operation\":\"token\"},\"action\":\"authFault\",\"times\":1}]");

        assertThat(client.token("demo-client-id", "demo-client-secret", null).statusCode()).isEqualTo(500);
        HttpResponse<String> refused = client.token("demo-client-id", "demo-client-secret", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid_client");
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
        assertThat(client.token("demo-client-id", "demo-client-secret", null).statusCode()).isEqualTo(200);
    }

    @Test
    void continueMatch_appliesOnlyToContinuations() {
        simulator.addFault(FaultRule.always(FaultAction.ERROR_STATUS)
                .withMatch(FaultRule.Match.objectType("OpenEvent").withContinuation(true))
                .withMessage("Timeout expired."));

        SoapResponse first = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "OpenEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "100"));
        SoapResponse next = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "OpenEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "100",
                "CONTINUE_REQUEST", "<ContinueRequest>" + first.requestId() + "</ContinueRequest>"));

        assertThat(first.overallStatus()).isEqualTo("MoreDataAvailable");
        assertThat(next.overallStatus()).isEqualTo("Error: Timeout expired.");
    }

    @Test
    void faultsEndpoint_listsAndClearsRules() {
        addFault("{\"action\":\"delay\",\"delayMillis\":10,\"times\":3}");
        assertThat(client.get("admin/faults").body()).contains("\"action\":\"delay\"", "\"times\":3");

        assertThat(client.delete("admin/faults").body()).contains("\"cleared\":1");
        assertThat(simulator.faults()).isEmpty();
    }

    @Test
    void faultsEndpoint_whenActionUnknown_returns400() {
        HttpResponse<String> response = client.postJson("admin/faults", "{\"action\":\"explode\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("explode");
    }

    private void addFault(String json) {
        HttpResponse<String> response = client.postJson("admin/faults", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private SoapResponse retrieveSend() {
        return client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"));
    }
}
