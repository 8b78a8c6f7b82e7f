package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class PagingTest {

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
    void retrieveOpens_whenMoreThanOnePage_pagesWithContinueRequestAndNewRequestIds() {
        SoapResponse first = events("OpenEvent", "910001", null);
        assertThat(first.overallStatus()).isEqualTo("MoreDataAvailable");
        assertThat(first.results()).hasSize(2500);

        SoapResponse second = events("OpenEvent", "910001", first.requestId());
        assertThat(second.overallStatus()).isEqualTo("MoreDataAvailable");
        assertThat(second.results()).hasSize(2500);
        assertThat(second.requestId()).isNotEqualTo(first.requestId());

        SoapResponse third = events("OpenEvent", "910001", second.requestId());
        assertThat(third.overallStatus()).isEqualTo("OK");
        assertThat(third.results()).hasSize(1200);

        Set<String> keys = new HashSet<>();
        for (SoapResponse page : List.of(first, second, third)) {
            page.results().forEach(open -> keys.add(RetrieveSendTest.text(open, "SubscriberKey")));
        }
        assertThat(keys).hasSize(4100);
        assertThat(simulator.requestCounts().retrieve("OpenEvent")).isEqualTo(3);
    }

    @Test
    void retrieveEvents_whenBatchSizeSmaller_usesIt() {
        SoapResponse first = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "UnsubEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "40"));

        assertThat(first.results()).hasSize(40);
        assertThat(first.overallStatus()).isEqualTo("MoreDataAvailable");
        Element unsub = first.results().getFirst();
        assertThat(RetrieveSendTest.text(unsub, "EventType")).isEqualTo("Unsubscribe");
        assertThat(RetrieveSendTest.text(unsub, "EventDate"))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
    }

    @Test
    void continueRequest_whenRequestIdUnknown_returnsErrorStatus() {
        SoapResponse response = events("OpenEvent", "910001", "no-such-request");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).startsWith("Error: ").contains("no-such-request");
    }

    @Test
    void continueRequest_whenRepeated_returnsTheSamePageAgain() {
        SoapResponse first = events("OpenEvent", "910001", null);
        SoapResponse second = events("OpenEvent", "910001", first.requestId());
        SoapResponse retried = events("OpenEvent", "910001", first.requestId());

        assertThat(retried.results()).hasSameSizeAs(second.results());
        assertThat(RetrieveSendTest.text(retried.results().getFirst(), "SubscriberKey"))
                .isEqualTo(RetrieveSendTest.text(second.results().getFirst(), "SubscriberKey"));
    }

    @Test
    void retrieveSend_whenChildSendAndNoClientIds_isInvisible() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910002"));

        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void retrieveSend_whenChildSendAndClientIdsNameTheChild_isReturned() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910002",
                "CLIENT_IDS", "<ClientIDs><ID>100002</ID></ClientIDs>"));

        assertThat(response.results()).hasSize(1);
        assertThat(RetrieveSendTest.text(RetrieveSendTest.child(response.results().getFirst(), "Client"), "ID"))
                .isEqualTo("100002");
    }

    @Test
    void retrieveEvents_whenQueryAllAccounts_seesChildEvents() {
        SoapResponse response = client.soap("retrieve-events.xml", values("TOKEN", token,
                "OBJECT_TYPE", "UnsubEvent", "SEND_ID", "910002", "BATCH_SIZE", "2500",
                "FLAGS", "<QueryAllAccounts>true</QueryAllAccounts>"));

        assertThat(response.results()).hasSize(3);
    }

    @Test
    void retrieveSend_whenChildTokenAsksForParentBu_seesNothing() {
        String childToken = SimulatorClient.accessToken(
                client.token("demo-child-client-id", "demo-child-client-secret", null));

        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", childToken,
                "JOB_ID", "910001", "CLIENT_IDS", "<ClientIDs><ID>100001</ID></ClientIDs>"));

        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void retrieveAllSinceLastBatch_returnsOnlyRowsAddedSinceThePreviousBatch() {
        Map<String, String> request = values("TOKEN", token, "OBJECT_TYPE", "ForwardedEmailEvent",
                "SEND_ID", "910001", "BATCH_SIZE", "2500",
                "FLAGS", "<RetrieveAllSinceLastBatch>true</RetrieveAllSinceLastBatch>");
        SoapResponse firstBatch = client.soap("retrieve-events.xml", request);
        assertThat(firstBatch.results()).as(firstBatch.body()).hasSize(7);
        assertThat(client.soap("retrieve-events.xml", request).results()).isEmpty();

        client.postJson("admin/events", "{\"type\":\"ForwardedEmailEvent\",\"sendId\":910001,"
                + "\"subscriberKey\":\"late-forwarder\",\"eventDate\":\"now\"}");

        List<Element> late = client.soap("retrieve-events.xml", request).results();
        assertThat(late).extracting(event -> RetrieveSendTest.text(event, "SubscriberKey"))
                .containsExactly("late-forwarder");
    }

    private SoapResponse events(String objectType, String sendId, String continueRequest) {
        return client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", objectType,
                "SEND_ID", sendId, "BATCH_SIZE", "2500",
                "CONTINUE_REQUEST", continueRequest == null ? "" : "<ContinueRequest>" + continueRequest
                        + "</ContinueRequest>"));
    }
}
