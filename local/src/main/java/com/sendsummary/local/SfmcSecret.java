package com.sendsummary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth2 form of the {@code sfmc/send-summary} secret the functions read:
 * {@code {"clientId","clientSecret","authBaseUri","soapBaseUri","accountId"}}.
 *
 * @param accountId MID of the business unit the token is for; empty to let SFMC use the package's default
 */
public record SfmcSecret(String clientId, String clientSecret, URI authBaseUri, URI soapBaseUri,
                         Optional<Long> accountId) {

    public static final String DEMO_CLIENT_ID = "demo-client-id";
    public static final String DEMO_CLIENT_SECRET = "demo-client-secret";
    public static final long DEMO_ACCOUNT_ID = 100001L;

    /** The simulator's demo credentials, pointing at a running simulator. */
    public static SfmcSecret forSimulator(URI simulatorBaseUri) {
        return new SfmcSecret(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, simulatorBaseUri,
                URI.create(simulatorBaseUri + "/Service.asmx"), Optional.of(DEMO_ACCOUNT_ID));
    }

    /**
     * A real (or other) SFMC tenant from {@code SFMC_AUTH_BASE_URL}, {@code SFMC_SOAP_BASE_URL},
     * {@code SFMC_CLIENT_ID}, {@code SFMC_CLIENT_SECRET} and optional {@code SFMC_ACCOUNT_ID}; empty when neither
     * URL is set (then the simulator is used).
     *
     * @throws IllegalArgumentException naming the missing variables when only part of the set is given
     */
    public static Optional<SfmcSecret> fromEnvironment(Map<String, String> env) {
        if (blank(env.get("SFMC_AUTH_BASE_URL")) && blank(env.get("SFMC_SOAP_BASE_URL"))) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("SFMC_AUTH_BASE_URL", "SFMC_SOAP_BASE_URL", "SFMC_CLIENT_ID",
                "SFMC_CLIENT_SECRET")) {
            if (blank(env.get(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("To use an external SFMC also set " + String.join(", ", missing));
        }
        String accountId = env.get("SFMC_ACCOUNT_ID");
        return Optional.of(new SfmcSecret(env.get("SFMC_CLIENT_ID"), env.get("SFMC_CLIENT_SECRET"),
                URI.create(env.get("SFMC_AUTH_BASE_URL")), URI.create(env.get("SFMC_SOAP_BASE_URL")),
                blank(accountId) ? Optional.empty() : Optional.of(Long.parseLong(accountId.trim()))));
    }

    /** The SecretString stored in Secrets Manager. */
    public String toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("clientId", clientId)
                .put("clientSecret", clientSecret)
                .put("authBaseUri", authBaseUri.toString())
                .put("soapBaseUri", soapBaseUri.toString());
        accountId.ifPresent(id -> json.put("accountId", id));
        return json.toString();
    }

    @Override
    public String toString() {
        return "SfmcSecret[clientId=" + clientId + ", clientSecret=***, authBaseUri=" + authBaseUri
                + ", soapBaseUri=" + soapBaseUri + ", accountId=" + accountId.map(String::valueOf).orElse("-") + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
