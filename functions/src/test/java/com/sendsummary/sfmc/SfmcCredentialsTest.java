package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SfmcCredentialsTest {

    @Test
    void toString_whenSecretsPresent_redactsThem() {
        SfmcCredentials credentials = new SfmcCredentials("id", "very-secret", URI.create("https://a/"),
                URI.create("https://s/"), 1L, "user", "pass-word");

        assertThat(credentials.toString()).doesNotContain("very-secret", "pass-word").contains("id", "user");
    }

    @Test
    void endpoint_whenBaseUri_appendsServiceAsmxOnce() {
        assertThat(SfmcSoapClient.endpoint(URI.create("https://x.soap.marketingcloudapis.com/")))
                .isEqualTo("https://x.soap.marketingcloudapis.com/Service.asmx");
        assertThat(SfmcSoapClient.endpoint(URI.create("http://127.0.0.1:8080")))
                .isEqualTo("http://127.0.0.1:8080/Service.asmx");
        assertThat(SfmcSoapClient.endpoint(URI.create("https://webservice.s7.exacttarget.com/Service.asmx")))
                .isEqualTo("https://webservice.s7.exacttarget.com/Service.asmx");
    }

    @Test
    void constructor_whenNeitherOAuthNorUser_throws() {
        SfmcCredentials incomplete = new SfmcCredentials(null, null, null, URI.create("https://s/"), null, null, null);
        SfmcClientSettings settings = new SfmcClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 10);

        assertThatThrownBy(() -> new SfmcSoapClient(incomplete, settings))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settings_whenBatchSizeAbove2500_throws() {
        assertThatThrownBy(() -> new SfmcClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2501))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
