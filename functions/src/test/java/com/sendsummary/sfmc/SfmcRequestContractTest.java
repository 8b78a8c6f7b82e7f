package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.exacttarget.wsdl.partnerapi.RetrieveRequestMsg;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * Every request the client can send, built by the client's own code and marshalled by JAXB, must validate
 * against the schema of the OFFICIAL partner WSDL.
 */
class SfmcRequestContractTest {

    private static final Instant FROM = Instant.parse("2024-03-05T06:00:00Z");
    private static final Instant TO = Instant.parse("2024-03-08T06:00:00.250Z");

    private static Schema schema;
    private static JAXBContext jaxb;

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = OfficialSchema.load();
        jaxb = JAXBContext.newInstance(RetrieveRequestMsg.class);
    }

    static Stream<Arguments> requests() {
        List<Arguments> all = new ArrayList<>();
        for (Integer clientId : new Integer[] {null, 100002}) {
            String bu = clientId == null ? "default BU" : "BU " + clientId;
            all.add(Arguments.of("Send by ID, " + bu, RetrieveRequests.sendById(910001, clientId)));
            all.add(Arguments.of("Sends by SendDate window, " + bu,
                    RetrieveRequests.sendsBySendDate(FROM, TO, clientId, 2500)));
            all.add(Arguments.of("Send continuation, " + bu,
                    RetrieveRequests.continuation("Send", "req-1", clientId, 2500)));
            for (TrackingEventType type : TrackingEventType.values()) {
                all.add(Arguments.of(type + " by SendID, " + bu, RetrieveRequests.events(
                        new EventQuery(type, 910001, clientId, null, null, false), 2500)));
                all.add(Arguments.of(type + " by SendID and EventDate window, " + bu, RetrieveRequests.events(
                        new EventQuery(type, 910001, clientId, FROM, TO, false), 500)));
                all.add(Arguments.of(type + " since last batch, " + bu, RetrieveRequests.events(
                        new EventQuery(type, 910001, clientId, FROM, TO, true), 2500)));
                all.add(Arguments.of(type + " continuation, " + bu, RetrieveRequests.continuation(
                        type.objectType(), "7d9e51c4-2222-4f0a-8b6e-00000000abcd", clientId, 2500)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void request_whenMarshalled_validatesAgainstOfficialWsdlSchema(String name, RetrieveRequestMsg request)
            throws Exception {
        Document document = marshal(request);

        assertThatCode(() -> validate(document)).as(name + ":\n" + toText(request)).doesNotThrowAnyException();
    }

    @Test
    void request_whenObjectTypeMissing_isRejectedByTheValidator() throws Exception {
        RetrieveRequestMsg request = RetrieveRequests.continuation("OpenEvent", "req-1", null, 2500);
        request.getRetrieveRequest().setObjectType(null);

        Document document = marshal(request);

        assertThatThrownBy(() -> validate(document))
                .isInstanceOf(SAXParseException.class)
                .hasMessageContaining("ObjectType");
    }

    @Test
    void request_whenOperatorNotInSchema_isRejectedByTheValidator() throws Exception {
        Document document = marshal(RetrieveRequests.sendById(910001, null));
        document.getElementsByTagNameNS(ResponseMapper.PARTNER_API_NS, "SimpleOperator").item(0)
                .setTextContent("between-ish");

        assertThatThrownBy(() -> validate(document)).isInstanceOf(SAXParseException.class);
    }

    @Test
    void eventsRequest_whenWindowGiven_sendsDatesWithExplicitOffset() throws Exception {
        String xml = toText(RetrieveRequests.events(
                new EventQuery(TrackingEventType.CLICK, 910001, null, FROM, TO, false), 2500));

        assertThat(xml)
                .contains("<DateValue>2024-03-05T00:00:00-06:00</DateValue>")
                .contains("<DateValue>2024-03-08T00:00:00.25-06:00</DateValue>")
                .contains("<Properties>URLID</Properties>", "<Properties>URL</Properties>");
    }

    @Test
    void wireRequests_whenSentByCxf_validateAgainstOfficialWsdlSchema() throws Exception {
        List<CannedSfmcServer.Received> sent;
        try (CannedSfmcServer server = new CannedSfmcServer();
             SfmcSoapClient client = new SfmcSoapClient(server.oauthCredentials(100001L),
                     new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2500))) {
            server.reply(CannedSfmcServer.envelope("send-complete.xml"),
                    CannedSfmcServer.envelope("events-open-page1.xml"),
                    CannedSfmcServer.envelope("events-open-page2.xml"),
                    CannedSfmcServer.envelope("events-open-page3.xml"));
            client.retrieveSend(910002, 100002);
            try (Stream<TrackingEvent> events = client.retrieveEvents(
                    new EventQuery(TrackingEventType.OPEN, 910001, 100002, FROM, TO, false))) {
                assertThat(events.count()).isEqualTo(4);
            }
            sent = server.soapRequests();
        }

        assertThat(sent).hasSize(4);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        for (CannedSfmcServer.Received request : sent) {
            Document envelope = dbf.newDocumentBuilder().parse(new InputSource(new StringReader(request.body())));
            Node body = envelope.getElementsByTagNameNS(ResponseMapper.PARTNER_API_NS, "RetrieveRequestMsg").item(0);
            assertThatCode(() -> schema.newValidator().validate(new DOMSource(body)))
                    .as(request.body()).doesNotThrowAnyException();
        }
    }

    private static void validate(Document document) throws Exception {
        Validator validator = schema.newValidator();
        validator.validate(new DOMSource(document));
    }

    private static Document marshal(RetrieveRequestMsg request) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document document = dbf.newDocumentBuilder().newDocument();
        jaxb.createMarshaller().marshal(request, document);
        return document;
    }

    private static String toText(RetrieveRequestMsg request) throws Exception {
        Marshaller marshaller = jaxb.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
        StringWriter out = new StringWriter();
        marshaller.marshal(request, out);
        return out.toString();
    }
}
