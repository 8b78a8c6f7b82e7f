package com.sendsummary.simulator;

import static com.sendsummary.simulator.SimulatorClient.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.simulator.SimulatorClient.SoapResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class RetrieveSendTest {

    private SimulatorClient client;
    private String token;

    @BeforeEach
    void setUp() {
        client = new SimulatorClient(SharedSimulator.get());
        token = client.token();
    }

    @Test
    void retrieveSend_whenJobIdExists_returnsRequestedPropertiesWithOffsetLessServerDates() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910001"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.requestId()).isNotBlank();
        List<Element> results = response.results();
        assertThat(results).hasSize(1);
        Element send = results.getFirst();
        assertThat(send.getAttributeNS(SimulatorClient.XSI, "type")).endsWith("Send");
        // Base elements first, then the requested ones in schema order; nothing else.
        assertThat(SoapResponse.childNames(send)).containsExactly("Client", "PartnerKey", "ID", "ObjectID",
                "SendDate", "HardBounces", "SoftBounces", "UniqueClicks", "UniqueOpens", "NumberSent",
                "NumberDelivered", "Unsubscribes", "Subject", "SentDate", "EmailName", "Status");
        assertThat(text(child(send, "Client"), "ID")).isEqualTo("100001");
        assertThat(text(send, "ID")).isEqualTo("910001");
        // 2025-11-04T15:14:02.113Z is 09:14:02.113 in UTC-06:00, written without offset.
        assertThat(text(send, "SentDate")).isEqualTo("2025-11-04T09:14:02.113");
        assertThat(text(send, "SendDate")).isEqualTo("2025-11-04T09:00:00");
        assertThat(text(send, "NumberSent")).isEqualTo("25000");
        assertThat(text(send, "NumberDelivered")).isEqualTo("24710");
        assertThat(text(send, "UniqueOpens")).isEqualTo("4100");
        assertThat(text(send, "UniqueClicks")).isEqualTo("811");
        assertThat(text(send, "Status")).isEqualTo("Complete");
        assertThat(response.body()).contains("<PartnerKey xsi:nil=\"true\"/>", "<ObjectID xsi:nil=\"true\"/>");
    }

    @Test
    void retrieveSend_whenJobIdUnknown_returnsOkWithoutResults() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "999999"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void retrieveSend_whenScheduled_returnsNilSentDate() {
        SoapResponse response = client.soap("retrieve-send-by-id.xml", values("TOKEN", token, "JOB_ID", "910004"));

        Element send = response.results().getFirst();
        assertThat(text(send, "Status")).isEqualTo("Scheduled");
        assertThat(child(send, "SentDate").getAttributeNS(SimulatorClient.XSI, "nil")).isEqualTo("true");
        assertThat(text(send, "NumberSent")).isEqualTo("0");
    }

    @Test
    void retrieveSend_whenPropertyUnknown_returnsErrorStatusWithHttp200() {
        SoapResponse response = client.soap("retrieve-send-unknown-property.xml", values("TOKEN", token));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus())
                .isEqualTo("Error: The Request Property(s) TotalOpens do not match with the fields of Send retrieve");
        assertThat(response.results()).isEmpty();
    }

    @Test
    void retrieve_whenObjectTypeUnsupported_returnsErrorStatus() {
        SoapResponse response = client.soap("retrieve-events.xml", values("TOKEN", token, "OBJECT_TYPE", "ListSend",
                "SEND_ID", "910001", "BATCH_SIZE", "10"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.overallStatus()).startsWith("Error: The object type ListSend is not retrievable");
    }

    @Test
    void retrieveSends_whenSendDateWindowHasExplicitOffset_returnsSendsInside() {
        SoapResponse response = client.soap("retrieve-sends-by-send-date.xml", values("TOKEN", token,
                "FROM", "2025-11-04T00:00:00Z", "TO", "2025-11-11T00:00:00Z"));

        assertThat(response.overallStatus()).isEqualTo("OK");
        // 910002 is in the window but belongs to the child BU.
        assertThat(response.results()).extracting(send -> text(send, "ID")).containsExactly("910001");
    }

    @Test
    void retrieveSends_whenFilterDateHasNoOffset_readsItAsUtcMinus6() {
        // 910001 was sent at 15:00Z = 09:00 server time: a window starting 09:00:01 server time excludes it.
        SoapResponse response = client.soap("retrieve-sends-by-send-date.xml", values("TOKEN", token,
                "FROM", "2025-11-04T09:00:01", "TO", "2025-11-05T00:00:00"));

        assertThat(response.results()).isEmpty();
    }

    @Test
    void retrieveClicks_returnsClickEventOnlyProperties() {
        SoapResponse response = client.soap("retrieve-clicks.xml", values("TOKEN", token, "SEND_ID", "910001"));

        assertThat(response.overallStatus()).isEqualTo("OK");
        assertThat(response.results()).hasSize(1150);
        Element click = response.results().getFirst();
        assertThat(click.getAttributeNS(SimulatorClient.XSI, "type")).endsWith("ClickEvent");
        assertThat(SoapResponse.childNames(click)).containsExactly("Client", "PartnerKey", "ID", "ObjectID",
                "SendID", "SubscriberKey", "EventDate", "URLID", "URL");
        assertThat(text(click, "ID")).isEqualTo("0");
        assertThat(text(click, "URL")).startsWith("https://demo-brand.example/");
    }

    static Element child(Element parent, String localName) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getLocalName().equals(localName)) {
                return element;
            }
        }
        return null;
    }

    /** Text of a direct child (not a descendant: Client/ID is not the send's ID). */
    static String text(Element parent, String localName) {
        Element child = child(parent, localName);
        return child == null ? null : child.getTextContent();
    }
}
