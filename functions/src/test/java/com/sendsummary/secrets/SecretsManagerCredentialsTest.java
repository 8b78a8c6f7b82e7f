package com.sendsummary.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.SfmcCredentials;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SecretsManagerCredentialsTest {

    @Test
    void parse_whenOAuthSecret_returnsClientCredentials() {
        SfmcCredentials credentials = SecretsManagerCredentials.parse("""
                {"clientId":"abc","clientSecret":"s3cr3t-value","authBaseUri":"https://mc123.auth.marketingcloudapis.com/",
                 "soapBaseUri":"https://mc123.soap.marketingcloudapis.com/Service.asmx","accountId":"100001"}""");

        assertThat(credentials.clientId()).isEqualTo("abc");
        assertThat(credentials.clientSecret()).isEqualTo("s3cr3t-value");
        assertThat(credentials.authBaseUri()).isEqualTo(URI.create("https://mc123.auth.marketingcloudapis.com/"));
        assertThat(credentials.accountId()).isEqualTo(100001L);
        assertThat(credentials.username()).isNull();
    }

    @Test
    void parse_whenLegacySecret_returnsUsernamePassword() {
        SfmcCredentials credentials = SecretsManagerCredentials.parse("""
                {"username":"api-user","password":"pw-value","soapBaseUri":"https://webservice.s7.exacttarget.com/Service.asmx"}""");

        assertThat(credentials.username()).isEqualTo("api-user");
        assertThat(credentials.clientId()).isNull();
    }

    @Test
    void parse_whenClientSecretMissing_namesTheKeyAndShowsNoValue() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("""
                {"clientId":"visible-client-id","authBaseUri":"https://a.example.com","soapBaseUri":"https://s.example.com/Service.asmx"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("clientSecret")
                .hasMessageNotContaining("visible-client-id");
    }

    @Test
    void parse_whenUrlInvalid_namesTheKeyAndShowsNoValue() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("""
                {"clientId":"a","clientSecret":"hidden-secret","authBaseUri":"not a url","soapBaseUri":"https://s.example.com/Service.asmx"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("authBaseUri")
                .hasMessageNotContaining("not a url")
                .hasMessageNotContaining("hidden-secret");
    }

    @Test
    void parse_whenNotJson_saysSoWithoutEchoingIt() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("password=hunter2"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("SFMC secret is not valid JSON");
    }

    @Test
    void parse_whenAccountIdNotNumeric_namesTheKey() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("""
                {"clientId":"a","clientSecret":"b","authBaseUri":"https://a.example.com","soapBaseUri":"https://s.example.com/x","accountId":"MID-1"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountId")
                .hasMessageNotContaining("MID-1");
    }
}
