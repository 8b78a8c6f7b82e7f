package com.sendsummary.sfmc;

import static com.sendsummary.sfmc.CannedSfmcServer.envelope;
import static com.sendsummary.sfmc.CannedSfmcServer.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.sfmc.CannedSfmcServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SfmcSoapClientTest {

    private static final SfmcClientSettings SETTINGS =
            new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2500);

    private final CannedSfmcServer server = new CannedSfmcServer();
    private SfmcSoapClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private SfmcSoapClient oauthClient() {
        client = new SfmcSoapClient(server.oauthCredentials(100001L), SETTINGS);
        return client;
    }

    @Test
    void constructor_whenBuilt_usesTheUrlConnectionConduitAndContactsNothing() {
        SfmcSoapClient built = oauthClient();

        assertThat(built.cxfClient().getConduit()).isExactlyInstanceOf(URLConnectionHTTPConduit.class);
        assertThat(server.tokenRequests()).isEmpty();
        assertThat(server.soapRequests()).isEmpty();
    }

    @Test
    void retrieveSend_whenSendExists_returnsMappedRecordAndSendsFuelOAuthHeader() {
        server.reply(envelope("send-complete.xml"));

        Optional<SendRecord> send = oauthClient().retrieveSend(910002, 100002);

        assertThat(send).get().satisfies(record -> {
            assertThat(record.jobId()).isEqualTo(910002);
            assertThat(record.clientId()).isEqualTo(100002);
            assertThat(record.emailId()).isEqualTo(4711);
            assertThat(record.numberSent()).isEqualTo(25000);
            assertThat(record.sentDate()).isEqualTo(Instant.parse("2024-03-05T15:14:02.113Z"));
        });
        CannedSfmcServer.Received request = server.soapRequests().getFirst();
        assertThat(request.header("SOAPAction")).isEqualTo("\"Retrieve\"");
        assertThat(request.header("Content-Type")).startsWith("text/xml");
        assertThat(request.body())
                .contains("<fueloauth xmlns=\"http://exacttarget.com\">token-1</fueloauth>")
                .contains("<ObjectType>Send</ObjectType>")
                .contains("<Properties>Email.ID</Properties>")
                .containsPattern("<(\\w+:)?ClientIDs><(\\w+:)?ID>100002</")
                .doesNotContain("Security");
    }

    @Test
    void retrieveSend_whenCalledFromManyThreads_succeedsWithOneToken() throws Exception {
        for (int i = 0; i < 24; i++) {
            server.reply(envelope("send-complete.xml"));
        }
        SfmcSoapClient built = oauthClient();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Optional<SendRecord>>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> built.retrieveSend(910002, null));
            }
            for (Future<Optional<SendRecord>> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.tokenRequests()).hasSize(1);
        assertThat(server.soapRequests()).hasSize(24)
                .allSatisfy(request -> assertThat(request.body()).containsOnlyOnce("<fueloauth"));
    }

    @Test
    void retrieveSend_whenJobIdUnknown_returnsEmpty() {
        server.reply(envelope("send-none.xml"));

        assertThat(oauthClient().retrieveSend(999999, null)).isEmpty();
        assertThat(server.soapRequests().getFirst().body()).doesNotContain("ClientIDs");
    }

    @Test
    void retrieveSend_whenResponseHasUnknownElementsAndTypes_ignoresThem() {
        server.reply(envelope("send-unknown-elements.xml"));

        Optional<SendRecord> send = oauthClient().retrieveSend(910001, null);

        assertThat(send).get().satisfies(record -> {
            assertThat(record.clientId()).isEqualTo(100001);
            assertThat(record.numberSent()).isEqualTo(25000);
            assertThat(record.status()).isEqualTo("Complete");
        });
    }

    @Test
    void retrieveSend_whenCalledTwice_reusesTheToken() {
        server.reply(envelope("send-complete.xml"), envelope("send-complete.xml"));
        SfmcSoapClient built = oauthClient();

        built.retrieveSend(910002, null);
        built.retrieveSend(910002, null);

        assertThat(server.tokenRequests()).hasSize(1);
        assertThat(server.tokenRequests().getFirst().body())
                .contains("\"grant_type\":\"client_credentials\"", "\"client_id\":\"test-client-id\"",
                        "\"client_secret\":\"test-client-secret\"", "\"account_id\":100001");
    }

    @Test
    void retrieveSend_whenTokenExpired_refreshesOnceAndRetries() {
        server.reply(fault("fault-token-expired.xml"), envelope("send-complete.xml"));

        Optional<SendRecord> send = oauthClient().retrieveSend(910002, null);

        assertThat(send).isPresent();
        assertThat(server.tokenRequests()).hasSize(2);
        List<CannedSfmcServer.Received> soap = server.soapRequests();
        assertThat(soap).hasSize(2);
        assertThat(soap.get(0).body()).contains(">token-1<");
        assertThat(soap.get(1).body()).contains(">token-2<");
    }

    @Test
    void retrieveSend_whenLoginFailsAfterRefresh_throwsAuthenticationWithoutToken() {
        server.reply(fault("fault-login-failed.xml"), fault("fault-login-failed.xml"));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOf(SfmcAuthenticationException.class)
                .hasMessageContaining("Login failed")
                .hasMessageNotContaining("token-")
                .satisfies(e -> assertThat(((SfmcException) e).retryable()).isFalse());
        assertThat(server.soapRequests()).hasSize(2);
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void retrieveSend_whenTokenEndpointRefuses_throwsAuthenticationWithoutSecret() {
        server.tokenStatus(401);

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOf(SfmcAuthenticationException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("invalid_client")
                .hasMessageNotContaining("test-client-secret");
        assertThat(server.soapRequests()).isEmpty();
    }

    @Test
    void retrieveSend_whenLegacyCredentials_sendsUsernameTokenAndNoFuelOAuth() {
        server.reply(envelope("send-complete.xml"));
        client = new SfmcSoapClient(new SfmcCredentials(null, null, null, server.baseUri(), null,
                "legacy-user", "legacy-password"), SETTINGS);

        assertThat(client.retrieveSend(910002, null)).isPresent();

        String body = server.soapRequests().getFirst().body();
        assertThat(body)
                .contains("UsernameToken", "<wsse:Username>legacy-user</wsse:Username>",
                        "legacy-password</wsse:Password>")
                .doesNotContain("fueloauth");
        assertThat(server.tokenRequests()).isEmpty();
    }

    @Test
    void retrieveSend_whenLegacyLoginFails_throwsAuthenticationWithoutRetry() {
        server.reply(fault("fault-login-failed.xml"));
        client = new SfmcSoapClient(new SfmcCredentials(null, null, null, server.baseUri(), null,
                "legacy-user", "legacy-password"), SETTINGS);

        assertThatThrownBy(() -> client.retrieveSend(910002, null))
                .isInstanceOf(SfmcAuthenticationException.class)
                .hasMessageNotContaining("legacy-password");
        assertThat(server.soapRequests()).hasSize(1);
    }

    @Test
    void retrieveSend_whenOverallStatusIsError_throwsRequestRejected() {
        server.reply(envelope("status-error.xml"));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcRequestRejectedException.class, e -> {
                    assertThat(e.overallStatus()).startsWith("Error: The Request Property(s) Bogus");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void retrieveSend_whenOverallStatusIsTimeoutExpired_throwsRetryableRequestRejected() {
        server.reply(envelope("status-timeout-expired.xml"));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcRequestRejectedException.class,
                        e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void retrieveSend_whenSoapFaultWithApiFault_throwsFaultWithCodeAndMessage() {
        server.reply(fault("fault-apifault.xml"));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcFaultException.class, e -> {
                    assertThat(e.faultCode()).isEqualTo("Server");
                    assertThat(e.faultString()).isEqualTo("Server was unable to process request.");
                    assertThat(e.apiFaultCode()).isEqualTo(2);
                    assertThat(e.apiFaultMessage()).isEqualTo("UnexpectedError");
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void retrieveSend_whenHttp500WithPlainBody_throwsThrottled() {
        server.reply(new Reply(500, "text/plain", "Server too busy", Duration.ZERO));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcThrottledException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void retrieveSend_whenHttp503WithHtmlBody_throwsThrottled() {
        server.reply(new Reply(503, "text/html", "<html><body>Service Unavailable</body></html>", Duration.ZERO));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcThrottledException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(503));
    }

    @Test
    void retrieveSend_whenHttp429_throwsThrottled() {
        server.reply(new Reply(429, "text/plain", "Too Many Requests", Duration.ZERO));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcThrottledException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(429));
    }

    @Test
    void retrieveSend_whenBodyIsTruncatedXml_throwsMalformed() {
        String truncated = CannedSfmcServer.resource("send-complete.xml").substring(0, 1500);
        server.reply(new Reply(200, "text/xml; charset=utf-8", truncated, Duration.ZERO));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcMalformedResponseException.class,
                        e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void retrieveSend_whenBodyIsNotXml_throwsMalformed() {
        server.reply(new Reply(200, "text/xml; charset=utf-8", "this is not xml", Duration.ZERO));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void retrieveSend_whenServerSlowerThanReceiveTimeout_throwsTimeout() {
        server.reply(new Reply(200, "text/xml; charset=utf-8", CannedSfmcServer.resource("send-complete.xml"),
                Duration.ofMillis(1500)));
        client = new SfmcSoapClient(server.oauthCredentials(null),
                new SfmcClientSettings(Duration.ofSeconds(1), Duration.ofMillis(300), 2500));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.retrieveSend(910002, null))
                .isInstanceOfSatisfying(SfmcTimeoutException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void retrieveSend_whenNothingListens_throwsTimeout() {
        SfmcCredentials credentials = server.oauthCredentials(null);
        server.close();

        client = new SfmcSoapClient(credentials, SETTINGS);
        assertThatThrownBy(() -> client.retrieveSend(910002, null)).isInstanceOf(SfmcTimeoutException.class);
    }

    @Test
    void retrieveEvents_whenThreePages_pagesLazilyWithEachNewRequestId() {
        server.reply(envelope("events-open-page1.xml"), envelope("events-open-page2.xml"),
                envelope("events-open-page3.xml"));
        Instant from = Instant.parse("2024-03-05T06:00:00Z");
        Instant to = Instant.parse("2024-03-08T06:00:00Z");
        SfmcSoapClient built = new SfmcSoapClient(server.oauthCredentials(null),
                new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2));
        client = built;

        try (Stream<TrackingEvent> events = built.retrieveEvents(
                new EventQuery(TrackingEventType.OPEN, 910001, 100001, from, to, false))) {
            var iterator = events.iterator();
            assertThat(server.soapRequests()).isEmpty();
            assertThat(iterator.next().subscriberKey()).isEqualTo("subscriber-0001");
            assertThat(server.soapRequests()).hasSize(1);
            List<String> rest = Stream.generate(() -> null).takeWhile(x -> iterator.hasNext())
                    .map(x -> iterator.next().subscriberKey()).toList();
            assertThat(rest).containsExactly("subscriber-0002", "subscriber-0003", "subscriber-0004");
        }

        List<CannedSfmcServer.Received> requests = server.soapRequests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).body())
                .contains("<ObjectType>OpenEvent</ObjectType>", "<BatchSize>2</BatchSize>",
                        "2024-03-05T00:00:00-06:00", "2024-03-08T00:00:00-06:00")
                .doesNotContain("ContinueRequest", "RetrieveAllSinceLastBatch");
        assertThat(requests.get(1).body())
                .contains("<ContinueRequest>page-1-request-id</ContinueRequest>",
                        "<ObjectType>OpenEvent</ObjectType>", "<BatchSize>2</BatchSize>");
        assertThat(requests.get(2).body())
                .contains("<ContinueRequest>page-2-request-id</ContinueRequest>", "<BatchSize>2</BatchSize>");
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void retrieveEvents_whenRetrieveAllSinceLastBatch_sendsTheFlag() {
        server.reply(envelope("events-open-page3.xml"));

        try (Stream<TrackingEvent> events = oauthClient().retrieveEvents(
                new EventQuery(TrackingEventType.OPEN, 910001, null, null, null, true))) {
            assertThat(events).hasSize(1);
        }
        assertThat(server.soapRequests().getFirst().body())
                .contains("<RetrieveAllSinceLastBatch>true</RetrieveAllSinceLastBatch>")
                .doesNotContain("<Property>EventDate</Property>");
    }

    @Test
    void retrieveEvents_whenSecondPageFails_throwsWhileConsumingWithoutRetryingTheContinuation() {
        // Whether SFMC answers a repeated ContinueRequest with the same page is not documented: never risk a skip.
        server.reply(envelope("events-open-page1.xml"), fault("fault-apifault.xml"), envelope("events-open-page2.xml"));

        try (Stream<TrackingEvent> events = oauthClient().retrieveEvents(
                EventQuery.of(TrackingEventType.OPEN, 910001))) {
            assertThatThrownBy(events::toList).isInstanceOf(SfmcFaultException.class);
        }
        assertThat(server.soapRequests()).hasSize(2);
    }

    @Test
    void retrieveEvents_whenFirstPageKeepsFailing_retriesItTwiceThenThrows() {
        server.reply(fault("fault-apifault.xml"), fault("fault-apifault.xml"), fault("fault-apifault.xml"));

        try (Stream<TrackingEvent> events = oauthClient().retrieveEvents(
                EventQuery.of(TrackingEventType.OPEN, 910001))) {
            assertThatThrownBy(events::toList).isInstanceOf(SfmcFaultException.class);
        }
        assertThat(server.soapRequests()).hasSize(1 + SfmcSoapClient.PAGE_RETRIES);
    }

    @Test
    void retrieveEvents_whenFirstPageFailsOnceWithARetryableFault_retriesItAndReadsEveryPage() {
        server.reply(fault("fault-apifault.xml"), envelope("events-open-page1.xml"), envelope("events-open-page2.xml"),
                envelope("events-open-page3.xml"));

        try (Stream<TrackingEvent> events = oauthClient().retrieveEvents(
                EventQuery.of(TrackingEventType.OPEN, 910001))) {
            assertThat(events.toList()).isNotEmpty();
        }
        assertThat(server.soapRequests()).hasSize(4);
        assertThat(server.soapRequests().get(1).body()).isEqualTo(server.soapRequests().get(0).body());
    }

    @Test
    void retrieveEvents_whenTheDeadlineLeavesNoTimeForARetry_throwsTheFirstFailure() {
        SfmcSoapClient client = oauthClient();
        server.reply(envelope("send-complete.xml"));
        client.retrieveSend(910002, null);   // warm: token and CXF ready, so the pages below take milliseconds
        server.reply(fault("fault-apifault.xml"), envelope("events-open-page1.xml"));

        // A retry needs its pause (at least 100 ms) plus 200 ms for the call: more than this deadline leaves.
        assertThatThrownBy(() -> Deadline.in(Duration.ofMillis(300)).run(() -> {
            try (Stream<TrackingEvent> events = client.retrieveEvents(EventQuery.of(TrackingEventType.OPEN, 910001))) {
                return events.toList();
            }
        })).isInstanceOf(SfmcFaultException.class);
        assertThat(server.soapRequests()).hasSize(2);
    }

    @Test
    void retrieveSends_whenWindowGiven_filtersSendDateClosedRange() {
        server.reply(envelope("send-complete.xml"));

        try (Stream<SendRecord> sends = oauthClient().retrieveSends(Instant.parse("2024-03-05T00:00:00Z"),
                Instant.parse("2024-03-06T00:00:00Z"), null)) {
            assertThat(sends).extracting(SendRecord::jobId).containsExactly(910002);
        }
        assertThat(server.soapRequests().getFirst().body())
                .contains("<Property>SendDate</Property>", "greaterThanOrEqual", "lessThanOrEqual",
                        "2024-03-04T18:00:00-06:00", "2024-03-05T18:00:00-06:00");
    }

    private static Reply sendWithin(String inner) {
        return new Reply(200, "text/xml; charset=utf-8", """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <RetrieveResponseMsg xmlns="http://exacttarget.com/wsdl/partnerAPI">
                <OverallStatus>OK</OverallStatus><RequestID>r-1</RequestID>
                <Results xsi:type="Send" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><ID>910002</ID>"""
                + inner + """
                </Results></RetrieveResponseMsg></soap:Body></soap:Envelope>""", Duration.ZERO);
    }

    @Test
    void retrieveSend_whenTheAnswerNestsTooDeep_refusesItAsMalformed() {
        server.reply(sendWithin("<x>".repeat(50) + "</x>".repeat(50)));   // CXF's default depth limit is 100

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void retrieveSend_whenATextIsLargerThanAnyFieldCanBe_refusesItAsMalformed() {
        server.reply(sendWithin("<EmailName>" + "x".repeat(2 * 1024 * 1024) + "</EmailName>"));

        assertThatThrownBy(() -> oauthClient().retrieveSend(910002, null))
                .isInstanceOf(SfmcMalformedResponseException.class);
    }

    @Test
    void retrieveSend_whenAnswerHasUnknownElementsWithinTheLimits_stillReadsIt() {
        server.reply(sendWithin("<Unknown><Deeper>value</Deeper></Unknown><EmailName>Welcome</EmailName>"));

        assertThat(oauthClient().retrieveSend(910002, null)).hasValueSatisfying(send ->
                assertThat(send.emailName()).isEqualTo("Welcome"));
    }
}
