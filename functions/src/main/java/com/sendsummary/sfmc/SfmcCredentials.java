package com.sendsummary.sfmc;

import java.net.URI;

/**
 * How to reach and authenticate to one SFMC tenant.
 *
 * <p>Either OAuth2 client credentials ({@code clientId}, {@code clientSecret}, {@code authBaseUri}, optional
 * {@code accountId} = MID of the business unit the token is for) or a legacy API user ({@code username},
 * {@code password}, sent as a WS-Security UsernameToken). {@code soapBaseUri} is the tenant's SOAP base
 * ({@code https://{subdomain}.soap.marketingcloudapis.com/}); {@code Service.asmx} is appended unless the URI
 * already names it. {@link #toString()} never prints the secrets.
 */
public record SfmcCredentials(String clientId, String clientSecret, URI authBaseUri, URI soapBaseUri,
                              Long accountId, String username, String password) {

    /** True when these credentials use OAuth2 client credentials rather than a legacy API user. */
    public boolean usesOAuth() {
        return clientId != null;
    }

    @Override
    public String toString() {
        return "SfmcCredentials[clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? null : "***")
                + ", authBaseUri=" + authBaseUri
                + ", soapBaseUri=" + soapBaseUri
                + ", accountId=" + accountId
                + ", username=" + username
                + ", password=" + (password == null ? null : "***") + "]";
    }
}
