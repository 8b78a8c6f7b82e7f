package com.sendsummary.simulator.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.RequestCounts;
import com.sendsummary.simulator.RequestStats;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.DataStore;
import com.sendsummary.simulator.data.SendRow;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.faults.FaultRules;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/*}: request counts and log, fault rules, token expiry, reset, data additions and the exact engagement
 * of a send (for tests). JSON in and out.
 */
public final class AdminServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);

    private final transient RequestStats stats;
    private final transient FaultRules faults;
    private final transient DataStore data;
    private final transient IntSupplier expireTokens;
    private final transient Runnable reset;
    private final transient ObjectMapper mapper;

    public AdminServlet(RequestStats stats, FaultRules faults, DataStore data, IntSupplier expireTokens,
                        Runnable reset, ObjectMapper mapper) {
        this.stats = stats;
        this.faults = faults;
        this.data = data;
        this.expireTokens = expireTokens;
        this.reset = reset;
        this.mapper = mapper;
    }

    /** The JSON shape of {@code GET /admin/requests}: {"token":N,"Retrieve":{"Send":N,...},...,"total":N}. */
    public static Map<String, Object> countsJson(RequestCounts counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token", counts.token());
        json.put("Retrieve", counts.retrieve());
        counts.soap().forEach((operation, types) -> {
            if (!operation.equals("Retrieve")) {
                json.put(operation, types);
            }
        });
        json.put("total", counts.total());
        return json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (path(request)) {
            case "/requests" -> json(response, 200, countsJson(stats.counts()));
            case "/requests/log" -> json(response, 200, stats.log());
            case "/faults" -> json(response, 200, faults.active());
            case "/health" -> {
                DataSet current = data.current();
                json(response, 200, Map.of("status", "UP", "sends", current.sends().size(),
                        "events", current.eventCount()));
            }
            case "/truth/engagement" -> engagementTruth(request, response);
            default -> notFound(request, response);
        }
    }

    private void engagementTruth(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Integer sendId = number(request.getParameter("sendId"));
        String clientParameter = request.getParameter("clientId");
        Integer clientId = number(clientParameter);
        if (sendId == null || clientParameter != null && clientId == null) {
            json(response, 400, Map.of("error", "invalid_request",
                    "message", "sendId (and clientId, when given) must be numbers"));
            return;
        }
        Map<String, Object> truth = EngagementTruth.of(data.current(), sendId, clientId);
        if (truth == null) {
            json(response, 404, Map.of("error", "not_found", "message", "no send " + sendId));
        } else {
            json(response, 200, truth);
        }
    }

    private static Integer number(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            switch (path(request)) {
                case "/reset" -> {
                    reset.run();
                    json(response, 200, Map.of("status", "reset"));
                }
                case "/faults" -> {
                    List<FaultRule> rules = readList(request, new TypeReference<>() {
                    }, FaultRule.class);
                    faults.add(rules);
                    LOG.info("Fault rules added: {}", rules.size());
                    json(response, 200, faults.active());
                }
                case "/expire-tokens" -> json(response, 200, Map.of("expired", expireTokens.getAsInt()));
                case "/sends" -> {
                    List<SendRow> sends = readList(request, new TypeReference<>() {
                    }, SendRow.class);
                    DataSet current = data.addSends(sends);
                    json(response, 200, Map.of("sends", current.sends().size()));
                }
                case "/events" -> {
                    JsonNode body = mapper.readTree(request.getInputStream());
                    List<JsonNode> events = new ArrayList<>();
                    if (body != null && body.isArray()) {
                        body.forEach(events::add);
                    } else if (body != null && body.isObject()) {
                        events.add(body);
                    }
                    DataSet current = data.addEvents(events);
                    json(response, 200, Map.of("events", current.eventCount()));
                }
                default -> notFound(request, response);
            }
        } catch (IOException | IllegalArgumentException e) {
            json(response, 400, Map.of("error", "invalid_request", "message", String.valueOf(e.getMessage())));
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path(request).equals("/faults")) {
            json(response, 200, Map.of("cleared", faults.clear()));
        } else {
            notFound(request, response);
        }
    }

    private <T> List<T> readList(HttpServletRequest request, TypeReference<List<T>> listType, Class<T> type)
            throws IOException {
        JsonNode body = mapper.readTree(request.getInputStream());
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new IllegalArgumentException("A JSON body is required");
        }
        return body.isArray() ? mapper.convertValue(body, listType) : List.of(mapper.treeToValue(body, type));
    }

    private void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json(response, 404, Map.of("error", "not_found", "message",
                request.getMethod() + " /admin" + path(request) + " is not an admin endpoint"));
    }

    private static String path(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }
}
