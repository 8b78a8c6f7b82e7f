package com.sendsummary.priming;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SFMC and AWS on 127.0.0.1, for priming. SFMC: {@code POST /v2/token} answers a token, any other {@code POST}
 * answers a {@code RetrieveResponseMsg} with one Send, whose JobID is the one the request's filter names. AWS: calls
 * (an {@code X-Amz-Target} header, or the Scheduler's {@code /schedules/} path) are answered by {@link InMemoryAws}.
 *
 * <p>The real clients send their requests here and parse the answers: java.net.http for the token, CXF over
 * HttpURLConnection for SOAP, the AWS SDK over its URLConnection HTTP client. So priming runs their whole path without
 * leaving the sandbox; only TLS is left out. Every answer closes its connection, so no pooled connection to this
 * server outlives it. One connection at a time.
 */
public final class LoopbackServices implements AutoCloseable {
    private static final Pattern FILTER_VALUE = Pattern.compile("<(?:\\w+:)?Value>(\\d{1,10})</(?:\\w+:)?Value>");
    private static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final ServerSocket server;
    private final InMemoryAws aws;
    private final Thread acceptor;

    private LoopbackServices(ServerSocket server, InMemoryAws aws) {
        this.server = server;
        this.aws = aws;
        this.acceptor = Thread.ofVirtual().name("priming-services").start(this::serve);
    }

    /**
     * Listens on an ephemeral port of 127.0.0.1.
     *
     * @param secretStrings the {@code SecretString} Secrets Manager answers for a secret id
     */
    public static LoopbackServices start(Function<String, String> secretStrings) {
        try {
            return new LoopbackServices(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()),
                    new InMemoryAws(secretStrings));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on the loopback interface for priming", e);
        }
    }

    /** The endpoint of every AWS service. */
    public URI awsEndpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The {@code authBaseUri} of the SFMC secret. */
    public URI sfmcAuthBaseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** The {@code soapBaseUri} of the SFMC secret. */
    public URI sfmcSoapBaseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/Service.asmx");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        try {
            acceptor.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                answer(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
            } catch (IOException closedOrBroken) {
                // closed: the loop ends; a broken request: the client sees the failure
            }
        }
    }

    private void answer(InputStream in, OutputStream out) throws IOException {
        String head = head(in);
        String requestLine = head.lines().findFirst().orElse("");
        String[] parts = requestLine.split(" ");
        String path = parts.length > 1 ? parts[1] : "";
        int length = 0;
        String target = "";
        for (String line : head.lines().skip(1).toList()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (name.equals("x-amz-target")) {
                target = line.substring(colon + 1).trim();
            }
        }
        if (length < 0 || length > MAX_REQUEST_BYTES) {
            throw new IOException("request body of " + length + " bytes");
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        if (InMemoryAws.isAwsCall(target, path)) {
            InMemoryAws.Answer answer = aws.answer(target, path, body);
            write(out, answer.status(), "application/x-amz-json-1.0", answer.body());
        } else if (path.equals("/v2/token")) {
            write(out, 200, "application/json", """
                    {"access_token":"priming-token","token_type":"Bearer","expires_in":1080,"scope":"priming"}""");
        } else {
            Matcher jobId = FILTER_VALUE.matcher(body);
            write(out, 200, "text/xml; charset=utf-8",
                    RETRIEVE_SEND.replace("{jobId}", jobId.find() ? jobId.group(1) : "1"));
        }
    }

    /** The request line and headers, up to the empty line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0 || head.size() > 16 * 1024) {
                throw new IOException("incomplete request head");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Bad Request") + "\r\nContent-Type: " + contentType
                + "\r\nx-amzn-RequestId: priming\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** A Send as SFMC answers it (every counter the summary reads), for the JobID the request asked for. */
    static final String RETRIEVE_SEND = """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <soap:Body>
                <RetrieveResponseMsg xmlns="http://exacttarget.com/wsdl/partnerAPI">
                  <OverallStatus>OK</OverallStatus>
                  <RequestID>00000000-0000-4000-8000-000000000000</RequestID>
                  <Results xsi:type="Send">
                    <Client><ID>100001</ID></Client>
                    <CreatedDate>2025-01-06T08:00:00.5</CreatedDate>
                    <ModifiedDate>2025-01-06T10:00:00</ModifiedDate>
                    <ID>{jobId}</ID>
                    <Email><ID>1</ID></Email>
                    <SendDate>2025-01-06T09:00:00</SendDate>
                    <FromAddress>priming@example.com</FromAddress>
                    <FromName>Priming</FromName>
                    <Duplicates>1</Duplicates>
                    <InvalidAddresses>1</InvalidAddresses>
                    <ExistingUndeliverables>1</ExistingUndeliverables>
                    <ExistingUnsubscribes>1</ExistingUnsubscribes>
                    <HardBounces>1</HardBounces>
                    <SoftBounces>1</SoftBounces>
                    <OtherBounces>1</OtherBounces>
                    <ForwardedEmails>1</ForwardedEmails>
                    <UniqueClicks>10</UniqueClicks>
                    <UniqueOpens>50</UniqueOpens>
                    <NumberSent>100</NumberSent>
                    <NumberDelivered>97</NumberDelivered>
                    <Unsubscribes>1</Unsubscribes>
                    <MissingAddresses>1</MissingAddresses>
                    <Subject>Priming</Subject>
                    <SentDate>2025-01-06T09:05:00.113</SentDate>
                    <EmailName>Priming</EmailName>
                    <Status>Complete</Status>
                    <IsMultipart>true</IsMultipart>
                    <NumberTargeted>100</NumberTargeted>
                    <NumberErrored>1</NumberErrored>
                    <NumberExcluded>1</NumberExcluded>
                  </Results>
                </RetrieveResponseMsg>
              </soap:Body>
            </soap:Envelope>
            """;
}
