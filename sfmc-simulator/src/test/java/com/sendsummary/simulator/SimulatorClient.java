package com.sendsummary.simulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Talks to a simulator the way a client would: plain HTTP and hand-written envelopes from {@code /soap/*.xml}. */
final class SimulatorClient {

    static final String PARTNER = "http://exacttarget.com/wsdl/partnerAPI";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final URI base;

    SimulatorClient(SfmcSimulator simulator) {
        this.base = simulator.baseUri();
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    HttpResponse<String> token(String clientId, String clientSecret, Integer accountId) {
        String account = accountId == null ? "" : ",\"account_id\":" + accountId;
        return postJson("v2/token", "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId
                + "\",\"client_secret\":\"" + clientSecret + "\"" + account + "}");
    }

    /** A token for the demo client (parent BU 100001). */
    String token() {
        return accessToken(token("demo-client-id", "demo-client-secret", null));
    }

    static String accessToken(HttpResponse<String> response) {
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new AssertionError("No token: " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    /** Posts an envelope template with SOAPAction "Retrieve"; unset placeholders become empty. */
    SoapResponse soap(String template, Map<String, String> values) {
        return soapRaw(envelope(template, values));
    }

    SoapResponse soapRaw(String envelope) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("Service.asmx"))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"Retrieve\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)));
        return new SoapResponse(response.statusCode(), response.body());
    }

    static String envelope(String template, Map<String, String> values) {
        String text;
        try (InputStream in = SimulatorClient.class.getResourceAsStream("/soap/" + template)) {
            if (in == null) {
                throw new IllegalArgumentException("No template " + template);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PLACEHOLDER.matcher(text).replaceAll(match ->
                Matcher.quoteReplacement(values.getOrDefault(match.group(1), "")));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer of the SOAP endpoint with DOM helpers. */
    record SoapResponse(int status, String body) {

        Document document() {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                var builder = factory.newDocumentBuilder();
                builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
                return builder.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("Not well-formed XML: " + body, e);
            }
        }

        String overallStatus() {
            return text(document().getDocumentElement(), "OverallStatus");
        }

        String requestId() {
            return text(document().getDocumentElement(), "RequestID");
        }

        List<Element> results() {
            NodeList nodes = document().getElementsByTagNameNS(PARTNER, "Results");
            List<Element> results = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                results.add((Element) nodes.item(i));
            }
            return results;
        }

        String faultString() {
            return text(document().getDocumentElement(), "faultstring");
        }

        /** The faultcode as {namespace}local, resolving its prefix. */
        String faultCode() {
            Element code = (Element) document().getElementsByTagName("faultcode").item(0);
            String value = code.getTextContent().trim();
            String prefix = value.contains(":") ? value.substring(0, value.indexOf(':')) : null;
            return "{" + code.lookupNamespaceURI(prefix) + "}" + value.substring(value.indexOf(':') + 1);
        }

        static String text(Element parent, String localName) {
            NodeList nodes = parent.getElementsByTagNameNS("*", localName);
            return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
        }

        /** Local names of the child elements of a Results, in order. */
        static List<String> childNames(Element result) {
            List<String> names = new ArrayList<>();
            for (var node = result.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element) {
                    names.add(element.getLocalName());
                }
            }
            return names;
        }
    }

    static Map<String, String> values(String... keysAndValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
