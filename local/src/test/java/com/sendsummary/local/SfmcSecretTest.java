package com.sendsummary.local;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SfmcSecretTest {

    @Test
    void forSimulator_pointsBothUrisAtTheSimulator() {
        SfmcSecret secret = SfmcSecret.forSimulator(URI.create("http://127.0.0.1:4567"));

        assertThat(secret.toJson()).isEqualTo("{\"clientId\":\"demo-client-id\","
                + "\"clientSecret\":\"demo-client-secret\","
                + "\"authBaseUri\":\"http://127.0.0.1:4567\",\"soapBaseUri\":\"http://127.0.0.1:4567/Service.asmx\","
                + "\"accountId\":100001}");
    }

    @Test
    void fromEnvironment_whenNoSfmcVariables_isEmpty() {
        assertThat(SfmcSecret.fromEnvironment(Map.of("PATH", "/bin"))).isEmpty();
    }

    @Test
    void fromEnvironment_whenComplete_buildsSecretWithoutAccountIdIfUnset() {
        Optional<SfmcSecret> secret = SfmcSecret.fromEnvironment(Map.of(
                "SFMC_AUTH_BASE_URL", "https://x.auth.marketingcloudapis.com/",
                "SFMC_SOAP_BASE_URL", "https://x.soap.marketingcloudapis.com/Service.asmx",
                "SFMC_CLIENT_ID", "id", "SFMC_CLIENT_SECRET", "s3cr3t"));

        assertThat(secret).get().extracting(SfmcSecret::accountId).isEqualTo(Optional.empty());
        assertThat(secret.get().toJson()).doesNotContain("accountId");
    }

    @Test
    void fromEnvironment_whenPartial_namesTheMissingVariables() {
        assertThatThrownBy(() -> SfmcSecret.fromEnvironment(Map.of("SFMC_SOAP_BASE_URL", "https://x")))
                .hasMessageContaining("SFMC_AUTH_BASE_URL")
                .hasMessageContaining("SFMC_CLIENT_ID")
                .hasMessageContaining("SFMC_CLIENT_SECRET");
    }

    @Test
    void toString_redactsTheClientSecret() {
        assertThat(SfmcSecret.forSimulator(URI.create("http://127.0.0.1:1")).toString())
                .doesNotContain("demo-client-secret").contains("***");
    }
}
