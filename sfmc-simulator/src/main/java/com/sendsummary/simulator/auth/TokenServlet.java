package com.sendsummary.simulator.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.simulator.RequestStats;
import com.sendsummary.simulator.RequestSummary;
import com.sendsummary.simulator.data.ApiClient;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.DataStore;
import com.sendsummary.simulator.faults.FaultAction;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.faults.FaultRules;
import com.sendsummary.simulator.faults.FaultTarget;
import com.sendsummary.simulator.faults.GeneratedBody;
import com.sendsummary.simulator.faults.HttpFaults;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v2/token}: OAuth2 client credentials in JSON, as the SFMC auth endpoint. */
public final class TokenServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(TokenServlet.class);
    private static final String SCOPE = "email_read email_write email_send list_and_subscribers_read "
            + "data_extensions_read tracking_events_read tracking_events_write";
    private static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String INVALID_CLIENT_DESCRIPTION = "Client authentication failed. Make sure that the "
            + "client ID and client secret are valid and that the client has access to the requested account_id.";

    private final transient DataStore data;
    private final transient TokenStore tokens;
    private final transient FaultRules faults;
    private final transient RequestStats stats;
    private final transient ObjectMapper mapper;
    private final transient Supplier<URI> baseUri;
    private final transient Clock clock;

    public TokenServlet(DataStore data, TokenStore tokens, FaultRules faults, RequestStats stats, ObjectMapper mapper,
                        Supplier<URI> baseUri, Clock clock) {
        this.data = data;
        this.tokens = tokens;
        this.faults = faults;
        this.stats = stats;
        this.mapper = mapper;
        this.baseUri = baseUri;
        this.clock = clock;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        JsonNode json = parse(body);
        Optional<FaultRule> fault = faults.take(FaultTarget.token());
        stats.record(new RequestSummary(clock.instant(), "token", null, accountIds(json), false, null, null, null,
                null, null, null, fault.map(rule -> rule.action().wireName()).orElse(null)));
        if (fault.isPresent()) {
            FaultRule rule = fault.get();
            switch (rule.action()) {
                case DELAY -> HttpFaults.delay(rule);
                case HTTP500 -> {
                    HttpFaults.throttled(response, rule);
                    return;
                }
                case AUTH_FAULT -> {
                    error(response, 401, "invalid_client", INVALID_CLIENT_DESCRIPTION);
                    return;
                }
                case MALFORMED -> {
                    // Only a successful answer is worth truncating: the client must fail on parsing, not on status.
                }
                case TRICKLE -> {
                    // The normal answer, whatever it is, written slowly by answer().
                }
                case OVERSIZED -> {
                    // Like malformed: only a successful answer is replaced, so the client fails on its size.
                }
                default -> throw new IllegalStateException("Action not allowed on token: " + rule.action());
            }
        }
        answer(json, response, fault.orElse(null));
    }

    /**
     * The normal answer; {@code fault} (nullable) is malformed (success truncated), oversized (success replaced by an
     * endless one) or trickle (sent slowly).
     */
    private void answer(JsonNode json, HttpServletResponse response, FaultRule fault) throws IOException {
        boolean malformed = fault != null && fault.action() == FaultAction.MALFORMED;
        FaultRule trickle = fault != null && fault.action() == FaultAction.TRICKLE ? fault : null;
        if (json == null || !json.isObject()) {
            error(response, 400, "invalid_request", "The request body must be a JSON object.", trickle);
            return;
        }
        String grantType = text(json, "grant_type");
        if (!"client_credentials".equals(grantType)) {
            error(response, 400, "unsupported_grant_type", "Use grant_type client_credentials.", trickle);
            return;
        }
        String clientId = text(json, "client_id");
        String clientSecret = text(json, "client_secret");
        if (clientId == null || clientSecret == null) {
            error(response, 400, "invalid_request", "client_id and client_secret are required.", trickle);
            return;
        }
        DataSet dataSet = data.current();
        Optional<ApiClient> client = dataSet.client(clientId)
                .filter(candidate -> candidate.clientSecret().equals(clientSecret));
        if (client.isEmpty()) {
            LOG.info("Token refused: unknown client or wrong secret for client_id {}", clientId);
            error(response, 401, "invalid_client", INVALID_CLIENT_DESCRIPTION, trickle);
            return;
        }
        int mid = client.get().defaultMid();
        JsonNode accountId = json.get("account_id");
        if (accountId != null && !accountId.isNull()) {
            Integer requested = accountId.canConvertToInt() ? Integer.valueOf(accountId.asInt())
                    : accountId.isTextual() && accountId.asText().trim().matches("\\d{1,9}")
                    ? Integer.valueOf(accountId.asText().trim()) : null;
            if (requested == null || !dataSet.selfAndDescendants(mid).contains(requested)) {
                LOG.info("Token refused: client {} may not act for account_id {}", clientId, accountId.asText());
                error(response, 401, "invalid_client", INVALID_CLIENT_DESCRIPTION, trickle);
                return;
            }
            mid = requested;
        }
        if (fault != null && fault.action() == FaultAction.OVERSIZED) {
            HttpFaults.oversized(response, 200, JSON_CONTENT_TYPE, oversizedToken(fault.sizeBytesOrDefault()));
            return;
        }
        String token = tokens.issue(new AuthContext(clientId, mid));
        LOG.info("Token issued to client {} for MID {}", clientId, mid);
        String base = baseUri.get().toString();
        ObjectNode body = mapper.createObjectNode()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("expires_in", tokens.ttl().toSeconds())
                .put("scope", SCOPE)
                .put("soap_instance_url", base)
                .put("rest_instance_url", base);
        byte[] bytes = mapper.writeValueAsBytes(body);
        send(response, 200, malformed ? HttpFaults.truncate(bytes) : bytes, trickle);
    }

    /** Well-formed token JSON of about {@code sizeBytes}, nearly all of it the {@code access_token}. */
    private static GeneratedBody oversizedToken(long sizeBytes) {
        return GeneratedBody.ofSize("{\"access_token\":\"", "A".repeat(64 * 1024), "",
                "\",\"token_type\":\"Bearer\",\"expires_in\":1200,\"scope\":\"" + SCOPE + "\"}", sizeBytes);
    }

    private void error(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        error(response, status, error, description, null);
    }

    private void error(HttpServletResponse response, int status, String error, String description, FaultRule trickle)
            throws IOException {
        ObjectNode body = mapper.createObjectNode()
                .put("error", error)
                .put("error_description", description)
                .put("error_uri", "https://developer.salesforce.com/docs");
        send(response, status, mapper.writeValueAsBytes(body), trickle);
    }

    /** Writes a JSON answer, slowly when {@code trickle} (a trickle rule, nullable) says so. */
    private static void send(HttpServletResponse response, int status, byte[] body, FaultRule trickle)
            throws IOException {
        if (trickle == null) {
            HttpFaults.write(response, status, JSON_CONTENT_TYPE, body);
        } else {
            HttpFaults.trickle(response, status, JSON_CONTENT_TYPE, body, trickle);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Integer> accountIds(JsonNode json) {
        if (json == null || json.get("account_id") == null || !json.get("account_id").canConvertToInt()
                && !json.get("account_id").asText().matches("\\d{1,9}")) {
            return null;
        }
        return List.of(json.get("account_id").asInt());
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
