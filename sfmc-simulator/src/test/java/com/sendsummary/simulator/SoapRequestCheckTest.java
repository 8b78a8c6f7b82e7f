package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication and schema validation of SOAP requests. */
class SoapRequestCheckTest {

    private static final String SOAP_CLIENT = "{http://schemas.xmlsoap.org/soap/envelope/}Client";
    private static final String SECURITY = "{" + SimulatorClient.WSSE + "}Security";

    private SfmcSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.get();
        client = new SimulatorClient(simulator);
    }

    @Test
    void retrieve_whenBodyViolatesSchema_returnsClientFaultNamingTheViolation() {
        SoapResponse response = client.soap("retrieve-send-properties-before-object-type.xml",
                values("TOKEN", client.token()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo(SOAP_CLIENT);
        assertThat(response.faultString()).startsWith("cvc-complex-type.2.4.a").contains("Properties", "ObjectType");
    }

    @Test
    void retrieve_whenContinuationOmitsObjectType_returnsClientFault() {
        SoapResponse response = client.soap("retrieve-continue-only.xml",
                values("TOKEN", client.token(), "CONTINUE", "7d9e51c4-2222-4f0a-8b6e-00000000abcd"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo(SOAP_CLIENT);
        assertThat(response.faultString()).contains("cvc-complex-type.2.4.a", "ObjectType");
    }

    @Test
    void retrieve_whenNoCredentials_returnsLoginFailedSecurityFault() {
        SoapResponse response = client.soap("retrieve-send-no-auth.xml", values());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo(SECURITY);
        assertThat(response.body()).contains("<faultcode>q0:Security</faultcode>");
        assertThat(response.faultString()).isEqualTo("Login failed");
    }

    @Test
    void retrieve_whenTokenUnknown_returnsLoginFailed() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", "no-such-token",
                "JOB_ID", "910001"));

        assertThat(response.faultCode()).isEqualTo(SECURITY);
        assertThat(response.faultString()).isEqualTo("Login failed");
    }

    @Test
    void retrieve_whenTokenExpiredByAdmin_returnsLoginFailedUntilANewTokenIsUsed() {
        String token = client.token();
        assertThat(client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"))
                .overallStatus()).isEqualTo("OK");

        assertThat(client.postJson("admin/expire-tokens", "").statusCode()).isEqualTo(200);

        SoapResponse expired = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"));
        assertThat(expired.faultCode()).isEqualTo(SECURITY);
        assertThat(expired.faultString()).isEqualTo("Login failed");
        assertThat(client.soap("retrieve-send-by-id.xml", values("TOKEN", client.token(), "JOB_ID", "910001"))
                .overallStatus()).isEqualTo("OK");
    }

    @Test
    void retrieve_whenUsernameTokenValid_isAccepted() {
        SoapResponse response = client.soap("retrieve-send-username-token.xml",
                values("USERNAME", "demo-user", "PASSWORD", "demo-password"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.results()).hasSize(1);
    }

    @Test
    void retrieve_whenUsernameTokenPasswordWrong_returnsLoginFailed() {
        SoapResponse response = client.soap("retrieve-send-username-token.xml",
                values("USERNAME", "demo-user", "PASSWORD", "nope"));

        assertThat(response.faultCode()).isEqualTo(SECURITY);
        assertThat(response.faultString()).isEqualTo("Login failed");
    }

    @Test
    void retrieve_whenTokenOutlivesTtl_returnsLoginFailed() throws InterruptedException {
        try (SfmcSimulator shortLived = SfmcSimulator.start(SimulatorOptions.defaults()
                .withTokenTtl(Duration.ofMillis(300)))) {
            SimulatorClient shortClient = new SimulatorClient(shortLived);
            String token = shortClient.token();
            Thread.sleep(400);

            SoapResponse response = shortClient.soap("retrieve-send-by-id.xml",
                    values("TOKEN", token, "JOB_ID", "910001"));

            assertThat(response.faultString()).isEqualTo("Login failed");
        }
    }
}
