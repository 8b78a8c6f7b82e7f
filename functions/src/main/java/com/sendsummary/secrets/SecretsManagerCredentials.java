package com.sendsummary.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.SfmcCredentials;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SFMC credentials read from one Secrets Manager secret, cached per container for a maximum age.
 *
 * <p>The secret is a JSON object: {@code clientId}, {@code clientSecret}, {@code authBaseUri}, {@code soapBaseUri}
 * and optional {@code accountId} (OAuth2 client credentials), or {@code username}, {@code password} and
 * {@code soapBaseUri} (legacy WS-Security). A malformed secret raises {@link ConfigurationException} naming the key
 * at fault, never a value.
 *
 * <p>Only SFMC hosts are trusted with the credentials: {@code https} URLs without user info, query or fragment, on
 * the default port, whose host is {@code <subdomain>.auth.marketingcloudapis.com} ({@code authBaseUri}) and
 * {@code <subdomain>.soap.marketingcloudapis.com} ({@code soapBaseUri}), the same subdomain for both; the legacy
 * form may also use {@code *.exacttarget.com} SOAP hosts. Anything else is a {@link ConfigurationException} and
 * nothing is sent. Loopback {@code http} URLs are accepted only when the function's environment allows them
 * explicitly ({@code SFMC_LOCAL_ENDPOINTS_ALLOWED=true}, set by the local runner, never by the template).
 */
public final class SecretsManagerCredentials implements Supplier<SfmcCredentials> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CachedSecret<SfmcCredentials> secret;

    /**
     * @param secretsManager builds the Secrets Manager client, on the first read: a container that only serves cache
     *                       hits never pays for it (about 0.1 s of a cold start)
     */
    public SecretsManagerCredentials(Supplier<SecretsManagerClient> secretsManager, String secretId, Duration maxAge,
                                     Clock clock) {
        this(secretsManager, secretId, maxAge, clock, Duration.ofSeconds(5), false);
    }

    /**
     * @param callTimeout           the longest one read may take (shortened further by the request's deadline)
     * @param localEndpointsAllowed whether loopback {@code http} SFMC URLs are accepted (local runs only)
     */
    public SecretsManagerCredentials(Supplier<SecretsManagerClient> secretsManager, String secretId, Duration maxAge,
                                     Clock clock, Duration callTimeout, boolean localEndpointsAllowed) {
        this.secret = new CachedSecret<>(secretsManager, secretId, "SFMC secret", "SFMC_SECRET_ID", maxAge, clock,
                callTimeout, secretString -> {
                    if (secretString == null) {
                        throw new ConfigurationException("The secret named by SFMC_SECRET_ID has no SecretString "
                                + "(binary secrets are not supported)");
                    }
                    return parse(secretString, localEndpointsAllowed);
                });
    }

    @Override
    public SfmcCredentials get() {
        return secret.get();
    }

    /** Parses the secret's JSON, SFMC hosts only; messages name keys only. */
    static SfmcCredentials parse(String secretString) {
        return parse(secretString, false);
    }

    /** Parses the secret's JSON; messages name keys only. */
    static SfmcCredentials parse(String secretString, boolean localEndpointsAllowed) {
        JsonNode root;
        try {
            root = JSON.readTree(secretString);
        } catch (IOException e) {
            throw new ConfigurationException("SFMC secret is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException("SFMC secret must be a JSON object");
        }
        if (root.hasNonNull("username") || root.hasNonNull("password")) {
            URI soapBaseUri = trusted(root, "soapBaseUri", localEndpointsAllowed, SOAP_HOST, LEGACY_SOAP_HOST);
            return new SfmcCredentials(null, null, null, soapBaseUri, null,
                    text(root, "username"), text(root, "password"));
        }
        URI soapBaseUri = trusted(root, "soapBaseUri", localEndpointsAllowed, SOAP_HOST);
        URI authBaseUri = trusted(root, "authBaseUri", localEndpointsAllowed, AUTH_HOST);
        Matcher auth = AUTH_HOST.matcher(authBaseUri.getHost());
        Matcher soap = SOAP_HOST.matcher(soapBaseUri.getHost());
        if (auth.matches() && soap.matches() && !auth.group(1).equalsIgnoreCase(soap.group(1))) {
            throw new ConfigurationException("SFMC secret keys authBaseUri and soapBaseUri must name the same SFMC "
                    + "subdomain (<subdomain>.auth... and <subdomain>.soap.marketingcloudapis.com)");
        }
        return new SfmcCredentials(text(root, "clientId"), text(root, "clientSecret"), authBaseUri, soapBaseUri,
                accountId(root), null, null);
    }

    private static final Pattern AUTH_HOST = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})\\.auth\\.marketingcloudapis\\.com",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOAP_HOST = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})\\.soap\\.marketingcloudapis\\.com",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LEGACY_SOAP_HOST = Pattern.compile("([a-z0-9][a-z0-9-]{0,62}\\.)*exacttarget\\.com",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    /**
     * The key's URL if the credentials may be sent there: https, no user info, query or fragment, the default port,
     * a host of {@code hosts}; or, when allowed, a loopback http(s) URL. Otherwise a message naming the key only.
     */
    private static URI trusted(JsonNode root, String key, boolean localEndpointsAllowed, Pattern... hosts) {
        URI uri = uri(root, key);
        boolean clean = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (clean && localEndpointsAllowed && LOOPBACK_HOSTS.contains(host)) {
            return uri;
        }
        boolean sfmcHost = Arrays.stream(hosts).anyMatch(pattern -> pattern.matcher(host).matches());
        if (clean && sfmcHost && "https".equals(uri.getScheme()) && (uri.getPort() == -1 || uri.getPort() == 443)) {
            return uri;
        }
        throw new ConfigurationException("SFMC secret key " + key + " must be an https URL of an SFMC host ("
                + ("authBaseUri".equals(key) ? "https://<subdomain>.auth.marketingcloudapis.com/"
                : "https://<subdomain>.soap.marketingcloudapis.com/Service.asmx")
                + ") without user info, query or fragment");
    }

    private static String text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw new ConfigurationException("SFMC secret is missing key " + key + " (a non-empty string)");
        }
        return node.asText();
    }

    private static URI uri(JsonNode root, String key) {
        String value = text(root, key);
        try {
            URI uri = URI.create(value.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below without echoing the value
        }
        throw new ConfigurationException("SFMC secret key " + key + " must be an absolute http(s) URL");
    }

    private static Long accountId(JsonNode root) {
        JsonNode node = root.get("accountId");
        if (node == null || node.isNull()) {
            return null;
        }
        String digits = node.asText().trim();
        if (digits.matches("[1-9][0-9]{0,18}")) {
            return Long.parseLong(digits);
        }
        throw new ConfigurationException("SFMC secret key accountId must be a positive number (the MID)");
    }
}
