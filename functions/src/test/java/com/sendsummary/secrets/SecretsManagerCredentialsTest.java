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
                {"clientId":"visible-client-id","authBaseUri":"https://mc1.auth.marketingcloudapis.com","soapBaseUri":"https://mc1.soap.marketingcloudapis.com/Service.asmx"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("clientSecret")
                .hasMessageNotContaining("visible-client-id");
    }

    @Test
    void parse_whenUrlInvalid_namesTheKeyAndShowsNoValue() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("""
                {"clientId":"a","clientSecret":"hidden-secret","authBaseUri":"not a url","soapBaseUri":"https://mc1.soap.marketingcloudapis.com/Service.asmx"}"""))
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
                {"clientId":"a","clientSecret":"b","authBaseUri":"https://mc1.auth.marketingcloudapis.com","soapBaseUri":"https://mc1.soap.marketingcloudapis.com/x","accountId":"MID-1"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountId")
                .hasMessageNotContaining("MID-1");
    }

    private static final String SOAP = "https://mc123.soap.marketingcloudapis.com/Service.asmx";
    private static final String AUTH = "https://mc123.auth.marketingcloudapis.com/";

    private static String oauth(String authBaseUri, String soapBaseUri) {
        return "{\"clientId\":\"abc\",\"clientSecret\":\"s3cr3t-value\",\"authBaseUri\":\"" + authBaseUri
                + "\",\"soapBaseUri\":\"" + soapBaseUri + "\"}";
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "http://mc123.auth.marketingcloudapis.com/, authBaseUri",
            "https://evil.example.com/, authBaseUri",
            "https://mc123.auth.marketingcloudapis.com.evil.example/, authBaseUri",
            "https://user:pw@mc123.auth.marketingcloudapis.com/, authBaseUri",
            "https://mc123.auth.marketingcloudapis.com/?next=https://evil.example, authBaseUri",
            "https://mc123.auth.marketingcloudapis.com/#frag, authBaseUri",
            "https://mc123.auth.marketingcloudapis.com:8443/, authBaseUri",
            "https://mc123.soap.marketingcloudapis.com/, authBaseUri",
            "http://127.0.0.1:8080/, authBaseUri"})
    void parse_whenAuthBaseUriIsNotAnSfmcAuthHost_refusesItNamingOnlyTheKey(String authBaseUri, String key) {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse(oauth(authBaseUri, SOAP)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(key)
                .hasMessageNotContaining(authBaseUri)
                .hasMessageNotContaining("s3cr3t-value");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "https://evil.example.com/Service.asmx",
            "http://mc123.soap.marketingcloudapis.com/Service.asmx",
            "https://webservice.s7.exacttarget.com/Service.asmx",
            "https://mc123.soap.marketingcloudapis.com/Service.asmx?x=1"})
    void parse_whenOAuthSoapBaseUriIsNotAnSfmcSoapHost_refusesIt(String soapBaseUri) {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse(oauth(AUTH, soapBaseUri)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("soapBaseUri")
                .hasMessageNotContaining(soapBaseUri);
    }

    @Test
    void parse_whenAuthAndSoapSubdomainsDiffer_refusesThem() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse(
                oauth("https://mc123.auth.marketingcloudapis.com/", "https://other9.soap.marketingcloudapis.com/")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("same SFMC subdomain")
                .hasMessageNotContaining("mc123")
                .hasMessageNotContaining("other9");
    }

    @Test
    void parse_whenLegacyHostIsNotAnSfmcHost_refusesIt() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("""
                {"username":"api-user","password":"pw-value","soapBaseUri":"https://evilexacttarget.com/Service.asmx"}"""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("soapBaseUri")
                .hasMessageNotContaining("pw-value");
    }

    @Test
    void parse_whenLoopbackUrls_acceptsThemOnlyWhenLocalEndpointsAreAllowed() {
        String local = oauth("http://127.0.0.1:4566/", "http://127.0.0.1:4566/Service.asmx");

        assertThatThrownBy(() -> SecretsManagerCredentials.parse(local)).isInstanceOf(ConfigurationException.class);
        assertThat(SecretsManagerCredentials.parse(local, true).authBaseUri())
                .isEqualTo(URI.create("http://127.0.0.1:4566/"));
        assertThatThrownBy(() -> SecretsManagerCredentials.parse(
                oauth("http://10.0.0.5:4566/", "http://127.0.0.1:4566/Service.asmx"), true))
                .isInstanceOf(ConfigurationException.class);
    }
}
