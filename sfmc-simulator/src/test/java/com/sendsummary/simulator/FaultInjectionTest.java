package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import com.sendsummary.simulator.faults.FaultAction;
import com.sendsummary.simulator.faults.FaultRule;
import com.sendsummary.simulator.faults.HttpFaults;
import com.sendsummary.simulator.faults.OversizeShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

class FaultInjectionTest {

    private SfmcSimulator simulator;
    private SimulatorClient client;
    private String token;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.get();
        client = new SimulatorClient(simulator);
        token = client.token();
    }

    @Test
    void delay_answersNormallyAfterTheDelay() {
        addFault("{\"match\":{\"objectType\":\"Send\"},\"action\":\"delay\",\"delayMillis\":300,\"times\":1}");

        long started = System.nanoTime();
        SoapResponse response = retrieveSend();

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(response.overallStatus()).isEqualTo("OK");
    }

    @Test
    void http500_answersHtmlWithoutEnvelope_thenRecoversAfterTimes() {
        addFault("{\"match\":{\"objectType\":\"Send\",\"id\":910001},\"action\":\"http500\",\"times\":1}");

        SoapResponse throttled = retrieveSend();
        assertThat(throttled.status()).isEqualTo(500);
        assertThat(throttled.body()).contains("<html").doesNotContain("Envelope");

        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void soapFault_answersServerFaultWithApiFaultDetail() {
        addFault("{\"action\":\"soapFault\",\"apiFaultCode\":9,\"message\":\"In maintenance\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultCode()).isEqualTo("{http://schemas.xmlsoap.org/soap/envelope/}Server");
        assertThat(response.faultString()).isEqualTo("In maintenance");
        Element apiFault = (Element) response.document()
                .getElementsByTagNameNS("urn:fault.partner.exacttarget.com", "apifault").item(0);
        assertThat(apiFault).isNotNull();
        assertThat(SoapResponse.text(apiFault, "Code")).isEqualTo("9");
        assertThat(SoapResponse.text(apiFault, "Message")).isEqualTo("In maintenance");
        assertThat(SoapResponse.text(apiFault, "LogID")).matches("\\d+");
    }

    @Test
    void errorStatus_answersHttp200WithErrorOverallStatus() {
        addFault("{\"action\":\"errorStatus\",\"message\":\"API Permission Failed\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).isEqualTo("Error: API Permission Failed");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void malformed_answersHttp200WithUnparsableBody() {
        addFault("{\"action\":\"malformed\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("<soap:Envelope");
        assertThatThrownBy(response::document).isInstanceOf(AssertionError.class);
    }

    @Test
    void unknownElements_addsErrorCodeIdToResponseAndResults() {
        addFault("{\"action\":\"unknownElements\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.overallStatus()).as(response.body()).isEqualTo("OK");
        assertThat(response.document().getElementsByTagNameNS(SimulatorClient.PARTNER, "ErrorCodeId").getLength())
                .isEqualTo(2);
        assertThat(SoapResponse.childNames(response.results().getFirst())).contains("ErrorCodeId");
    }

    @Test
    void unknownResultType_addsAResultsWithAnUnknownXsiType() {
        addFault("{\"action\":\"unknownResultType\"}");

        SoapResponse response = retrieveSend();

        assertThat(response.results()).hasSize(2);
        assertThat(response.results().getLast().getAttributeNS(SimulatorClient.XSI, "type"))
                .endsWith("FutureTrackingEvent");
    }

    @Test
    void authFault_answersLoginFailedEvenWithAValidToken() {
        addFault("{\"action\":\"authFault\",\"times\":1}");

        assertThat(retrieveSend().faultString()).isEqualTo("Login failed");
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void tokenRules_applyToTheTokenEndpointOnly() {
        addFault("[{\"match\":{\"operation\":\"token\"},\"action\":\"http500\",\"times\":1},"
                + "{\"match\":{\"operation\":\"token\"},\"action\":\"authFault\",\"times\":1}]");

        assertThat(client.token("demo-client-id", "demo-client-secret", null).statusCode()).isEqualTo(500);
        HttpResponse<String> refused = client.token("demo-client-id", "demo-client-secret", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("invalid_client");
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
        assertThat(client.token("demo-client-id", "demo-client-secret", null).statusCode()).isEqualTo(200);
    }

    @Test
    void continueMatch_appliesOnlyToContinuations() {
        simulator.addFault(FaultRule.always(FaultAction.ERROR_STATUS)
                .withMatch(FaultRule.Match.objectType("OpenEvent").withContinuation(true))
                .withMessage("Timeout expired."));

        SoapResponse first = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "OpenEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "100"));
        SoapResponse next = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "OpenEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "100",
                "CONTINUE_REQUEST", "<ContinueRequest>" + first.requestId() + "</ContinueRequest>"));

        assertThat(first.overallStatus()).isEqualTo("MoreDataAvailable");
        assertThat(next.overallStatus()).isEqualTo("Error: Timeout expired.");
    }

    @Test
    void faultsEndpoint_listsAndClearsRules() {
        addFault("{\"action\":\"delay\",\"delayMillis\":10,\"times\":3}");
        assertThat(client.get("admin/faults").body()).contains("\"action\":\"delay\"", "\"times\":3");

        assertThat(client.delete("admin/faults").body()).contains("\"cleared\":1");
        assertThat(simulator.faults()).isEmpty();
    }

    @Test
    void faultsEndpoint_whenActionUnknown_returns400() {
        HttpResponse<String> response = client.postJson("admin/faults", "{\"action\":\"explode\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("explode");
    }

    @Test
    void trickle_retrieveAnswersTheCompleteResponseSlowly() {
        addFault("{\"match\":{\"objectType\":\"Send\",\"id\":910001},\"action\":\"trickle\","
                + "\"delayMillis\":20,\"chunkBytes\":512,\"times\":1}");

        long started = System.nanoTime();
        SoapResponse response = retrieveSend();
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).as(response.body()).isEqualTo("OK");
        assertThat(response.results()).hasSize(1);
        assertThat(SoapResponse.childNames(response.results().getFirst())).contains("ID", "EmailName", "Status");
        assertThat(SoapResponse.text(response.results().getFirst(), "NumberSent")).isEqualTo("25000");
        int bodyLength = response.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bodyLength).isGreaterThan(2 * 512);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo((long) (bodyLength / 512) * 20);
        // Counted and logged like any other request.
        assertThat(simulator.requestCounts().retrieve("Send")).isEqualTo(1);
        assertThat(simulator.requestLog().getLast().fault()).isEqualTo("trickle");
        assertThat(simulator.requestLog().getLast().objectType()).isEqualTo("Send");
        assertThat(client.get("admin/requests/log").body()).contains("\"fault\":\"trickle\"");
        // The rule is used up: the next answer comes at once and is the same document.
        SoapResponse next = retrieveSend();
        assertThat(SoapResponse.childNames(next.results().getFirst()))
                .isEqualTo(SoapResponse.childNames(response.results().getFirst()));
    }

    @Test
    void trickle_tokenAnswersAValidTokenSlowly() throws IOException {
        addFault("{\"match\":{\"operation\":\"token\"},\"action\":\"trickle\",\"delayMillis\":20,"
                + "\"chunkBytes\":64,\"times\":1}");

        long started = System.nanoTime();
        HttpResponse<String> response = client.token("demo-client-id", "demo-client-secret", null);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertThat(json.path("access_token").asText()).isNotBlank();
        assertThat(json.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.path("expires_in").asInt()).isEqualTo(1200);
        assertThat(json.path("soap_instance_url").asText()).isEqualTo(simulator.baseUri().toString());
        int bodyLength = response.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(elapsedMillis).isGreaterThanOrEqualTo((long) (bodyLength / 64) * 20);
        assertThat(simulator.requestLog().getLast().fault()).isEqualTo("trickle");
        // The trickled token is a real one.
        token = json.path("access_token").asText();
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void trickle_sendsHeadersWithContentLengthAtOnce_thenTheBodyInPieces() throws IOException {
        addFault("{\"match\":{\"operation\":\"token\"},\"action\":\"trickle\",\"delayMillis\":50,"
                + "\"chunkBytes\":64,\"times\":1}");
        String json = "{\"grant_type\":\"client_credentials\",\"client_id\":\"demo-client-id\","
                + "\"client_secret\":\"demo-client-secret\"}";

        try (Socket socket = rawPost("/v2/token", "application/json", "", json)) {
            InputStream in = socket.getInputStream();
            String headers = readHeaders(in);
            long headersAt = System.nanoTime();
            int contentLength = contentLength(headers);
            byte[] body = in.readNBytes(contentLength);
            long bodyMillis = (System.nanoTime() - headersAt) / 1_000_000;

            assertThat(headers).startsWith("HTTP/1.1 200");
            assertThat(headers.toLowerCase(Locale.ROOT)).doesNotContain("transfer-encoding");
            assertThat(body).hasSize(contentLength);
            assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"access_token\"").endsWith("}");
            assertThat(in.read()).isEqualTo(-1);
            // The headers came first: the body still needed all its pauses after them.
            int pieces = (contentLength + 63) / 64;
            assertThat(pieces).isGreaterThan(2);
            assertThat(bodyMillis).isGreaterThanOrEqualTo((long) (pieces - 1) * 50);
        }
    }

    @Test
    void trickle_whenTheClientGoesAway_stopsWriting() throws Exception {
        // One byte every 20 ms: about a minute for the whole Send response if the simulator kept writing.
        addFault("{\"action\":\"trickle\",\"delayMillis\":20,\"chunkBytes\":1,\"times\":1}");
        String envelope = SimulatorClient.envelope("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID",
                "910001"));

        try (Socket socket = rawPost("/Service.asmx", "text/xml; charset=UTF-8", "SOAPAction: \"Retrieve\"\r\n",
                envelope)) {
            InputStream in = socket.getInputStream();
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 200");
            assertThat(in.readNBytes(10)).hasSize(10);
            assertThat(tricklingThreads()).isPositive();
        }

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (tricklingThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(tricklingThreads()).as("threads still in HttpFaults.trickle").isZero();
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void faultsEndpoint_whenChunkBytesOutOfRange_returns400() {
        for (String rule : new String[] {"{\"action\":\"trickle\",\"chunkBytes\":0}",
                "{\"action\":\"trickle\",\"chunkBytes\":65537}",
                "[{\"action\":\"trickle\",\"chunkBytes\":-1}]"}) {
            HttpResponse<String> response = client.postJson("admin/faults", rule);

            assertThat(response.statusCode()).as(rule).isEqualTo(400);
            assertThat(response.body()).as(rule).contains("chunkBytes");
        }
        assertThat(simulator.faults()).isEmpty();
        assertThatThrownBy(() -> FaultRule.always(FaultAction.TRICKLE).withChunkBytes(0))
                .isInstanceOf(IllegalArgumentException.class);

        addFault("{\"match\":{\"operation\":\"any\"},\"action\":\"trickle\",\"chunkBytes\":65536}");
        assertThat(client.get("admin/faults").body()).contains("\"action\":\"trickle\"", "\"chunkBytes\":65536");
        assertThat(simulator.faults().getFirst())
                .isEqualTo(FaultRule.always(FaultAction.TRICKLE).withChunkBytes(65536)
                        .withMatch(new FaultRule.Match(null, null, "any", null)));
    }

    @ParameterizedTest
    @EnumSource(OversizeShape.class)
    void oversized_retrieveAnswersTheRealResponseGrownInOneShape_wellFormed(OversizeShape shape) {
        addFault("{\"action\":\"oversized\",\"shape\":\"" + shape.wireName() + "\",\"sizeBytes\":4096,"
                + "\"times\":1}");

        SoapResponse answer = retrieveSend();
        // The JDK's parser refuses more than 100 levels: the nest is checked as text, the rest as XML.
        String nest = "(<Deeper>)+(</Deeper>)+";
        SoapResponse response = shape == OversizeShape.DEPTH
                ? new SoapResponse(answer.status(), answer.body().replaceFirst(nest, "")) : answer;

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).as("well-formed, status kept").isEqualTo("OK");
        List<Element> results = response.results();
        assertThat(SoapResponse.text(results.getFirst(), "NumberSent")).as("the real Send comes first")
                .isEqualTo("25000");
        assertThat(answer.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(4096);
        Element added = results.get(1);
        assertThat(added.getAttributeNS(SimulatorClient.XSI, "type")).isEqualTo("Send");
        switch (shape) {
            case SIZE -> assertThat(SoapResponse.text(added, "EmailName")).hasSize(256 * 1024);
            case ELEMENTS -> assertThat(added.getElementsByTagNameNS(SimulatorClient.PARTNER, "*").getLength())
                    .isEqualTo(97);
            case CHILDREN -> assertThat(results).hasSizeGreaterThan(10);
            case TEXT -> assertThat(SoapResponse.text(added, "EmailName")).hasSizeGreaterThanOrEqualTo(64 * 1024);
            case ATTRIBUTE -> assertThat(added.getAttribute("Note")).hasSizeGreaterThanOrEqualTo(64 * 1024);
            case DEPTH -> {
                String body = answer.body();
                int opened = body.split("<Deeper>", -1).length - 1;
                assertThat(opened).isGreaterThan(100).isEqualTo(body.split("</Deeper>", -1).length - 1);
                assertThat(body).containsPattern("<ID>910001</ID>" + nest + "</Results>");
            }
        }
        assertThat(simulator.requestLog().getLast().fault()).isEqualTo("oversized");
        assertThat(retrieveSend().results()).as("the rule is used up").hasSize(1);
    }

    @Test
    void oversized_streamsATerabyteWithoutContentLength_andStopsWhenTheClientHangsUp() throws Exception {
        addFault("{\"action\":\"oversized\",\"sizeBytes\":" + FaultRule.MAX_SIZE_BYTES + ",\"times\":1}");
        String envelope = SimulatorClient.envelope("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID",
                "910001"));

        try (Socket socket = rawPost("/Service.asmx", "text/xml; charset=UTF-8", "SOAPAction: \"Retrieve\"\r\n",
                envelope)) {
            InputStream in = socket.getInputStream();
            String headers = readHeaders(in).toLowerCase(Locale.ROOT);
            // Chunked for a keep-alive client, delimited by the end of the connection for this one.
            assertThat(headers).startsWith("http/1.1 200").doesNotContain("content-length");
            // 64 MiB of a 1 TiB answer: it can only be generated while it is written.
            assertThat(in.readNBytes(64 * 1024 * 1024)).hasSize(64 * 1024 * 1024);
            assertThat(threadsIn("oversized")).isPositive();
        }

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (threadsIn("oversized") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(threadsIn("oversized")).as("threads still in HttpFaults.oversized").isZero();
        assertThat(retrieveSend().overallStatus()).isEqualTo("OK");
    }

    @Test
    void oversized_whenTheAnswerIsAFault_passesItUnchanged() {
        addFault("{\"action\":\"oversized\",\"times\":1}");

        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", "not-a-token", "JOB_ID",
                "910001"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.faultString()).isEqualTo("Login failed");
    }

    @Test
    void oversized_tokenAnswersWellFormedJsonWithAnAccessTokenOfAboutSizeBytes() throws IOException {
        addFault("{\"match\":{\"operation\":\"token\"},\"action\":\"oversized\",\"sizeBytes\":300000,"
                + "\"times\":1}");

        HttpResponse<String> response = client.token("demo-client-id", "demo-client-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertThat(json.path("access_token").asText()).hasSizeGreaterThan(300000 - 200);
        assertThat(json.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length)
                .isBetween(300000, 300000 + 64 * 1024);
        assertThat(simulator.requestLog().getLast().fault()).isEqualTo("oversized");
        assertThat(client.token()).as("the rule is used up").hasSizeLessThan(1000);
    }

    @Test
    void faultsEndpoint_whenOversizedSettingsInvalid_returns400() {
        for (String rule : new String[] {"{\"action\":\"oversized\",\"sizeBytes\":1023}",
                "{\"action\":\"oversized\",\"sizeBytes\":" + (FaultRule.MAX_SIZE_BYTES + 1) + "}",
                "{\"action\":\"oversized\",\"shape\":\"huge\"}"}) {
            HttpResponse<String> response = client.postJson("admin/faults", rule);

            assertThat(response.statusCode()).as(rule).isEqualTo(400);
            assertThat(response.body()).as(rule).containsAnyOf("sizeBytes", "huge");
        }
        assertThat(simulator.faults()).isEmpty();

        addFault("{\"action\":\"oversized\",\"shape\":\"depth\",\"sizeBytes\":1048576}");
        assertThat(client.get("admin/faults").body()).contains("\"shape\":\"depth\"", "\"sizeBytes\":1048576");
        assertThat(simulator.faults().getFirst()).isEqualTo(FaultRule.always(FaultAction.OVERSIZED)
                .withShape(OversizeShape.DEPTH).withSizeBytes(1_048_576));
        assertThat(FaultRule.always(FaultAction.OVERSIZED).shapeOrDefault()).isEqualTo(OversizeShape.SIZE);
        assertThat(FaultRule.always(FaultAction.OVERSIZED).sizeBytesOrDefault()).isEqualTo(1L << 30);
    }

    private Socket rawPost(String path, String contentType, String extraHeaders, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket(simulator.baseUri().getHost(), simulator.port());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + simulator.baseUri().getAuthority() + "\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + bytes.length + "\r\n" + extraHeaders
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("Connection closed inside the headers: " + headers);
            }
            headers.write(b);
            byte[] sofar = headers.toByteArray();
            if (sofar.length >= 4 && Arrays.equals(sofar, sofar.length - 4, sofar.length, end, 0, 4)) {
                return headers.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    private static int contentLength(String headers) {
        return headers.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No Content-Length in " + headers));
    }

    /** Simulator threads currently inside {@link HttpFaults#trickle} (the simulator runs in this JVM). */
    private static long tricklingThreads() {
        return threadsIn("trickle");
    }

    /** Simulator threads currently inside this method of {@link HttpFaults}. */
    private static long threadsIn(String method) {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(frame ->
                        frame.getClassName().equals(HttpFaults.class.getName())
                                && frame.getMethodName().equals(method)))
                .count();
    }

    private void addFault(String json) {
        HttpResponse<String> response = client.postJson("admin/faults", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private SoapResponse retrieveSend() {
        return client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"));
    }
}
