package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;

import com.exacttarget.wsdl.partnerapi.APIObject;
import com.exacttarget.wsdl.partnerapi.RetrieveResponseMsg;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

class ResponseMapperTest {

    private static JAXBContext jaxb;

    @BeforeAll
    static void context() throws Exception {
        jaxb = JAXBContext.newInstance(RetrieveResponseMsg.class);
    }

    /** Unmarshals the RetrieveResponseMsg inside a canned envelope, leniently like the client does. */
    static RetrieveResponseMsg body(String resource) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document envelope = dbf.newDocumentBuilder()
                .parse(new InputSource(new StringReader(CannedSfmcServer.resource(resource))));
        Node message = envelope.getElementsByTagNameNS(ResponseMapper.PARTNER_API_NS, "RetrieveResponseMsg").item(0);
        Unmarshaller unmarshaller = jaxb.createUnmarshaller();
        unmarshaller.setEventHandler(event -> true);
        return (RetrieveResponseMsg) unmarshaller.unmarshal(message);
    }

    @Test
    void toSendRecord_whenAllPropertiesReturned_mapsEveryCounterAndDate() throws Exception {
        APIObject result = body("send-complete.xml").getResults().getFirst();

        SendRecord record = ResponseMapper.toSendRecord(result);

        assertThat(record).isEqualTo(new SendRecord(910002, 100002, 4711, "March newsletter", "March news",
                "Example News", "news@example.com", "Complete", true,
                Instant.parse("2024-03-05T15:14:02.113Z"), Instant.parse("2024-03-05T15:00:00Z"),
                Instant.parse("2024-03-04T22:30:00.5Z"), Instant.parse("2024-03-05T16:00:00Z"),
                25000, 24710, 25020, 11, 12,
                6120, 811, 95, 180, 7,
                9, 8, 5, 6,
                10, 4, 3));
    }

    @Test
    void toSendRecord_whenCountersMissing_leavesThemNull() throws Exception {
        List<APIObject> results = body("send-unknown-elements.xml").getResults();

        SendRecord record = results.stream().map(ResponseMapper::toSendRecord).filter(Objects::nonNull)
                .findFirst().orElseThrow();

        assertThat(record.jobId()).isEqualTo(910001);
        assertThat(record.numberSent()).isEqualTo(25000);
        assertThat(record.numberDelivered()).isNull();
        assertThat(record.emailId()).isNull();
        assertThat(record.sentDate()).isEqualTo(Instant.parse("2024-03-05T15:14:02Z"));
    }

    @Test
    void toSendRecord_whenResultHasUnknownXsiType_returnsNull() throws Exception {
        APIObject unknown = body("send-unknown-elements.xml").getResults().getFirst();

        assertThat(unknown.getClass()).isEqualTo(APIObject.class);
        assertThat(ResponseMapper.toSendRecord(unknown)).isNull();
    }

    @Test
    void toTrackingEvent_whenSentEvent_mapsBaseFieldsAndPartnerProperties() throws Exception {
        TrackingEvent event = only(TrackingEventType.SENT);

        assertThat(event).isEqualTo(new TrackingEvent(TrackingEventType.SENT, 910001, 100001, "sent-1",
                Instant.parse("2024-03-05T15:15:00Z"), "Sent", 7, "tsd-1", null, null, null, null, null, null,
                Map.of("ListID", "123", "SubscriberID", "456")));
    }

    @Test
    void toTrackingEvent_whenClickEvent_mapsUrlFields() throws Exception {
        TrackingEvent event = only(TrackingEventType.CLICK);

        assertThat(event.urlId()).isEqualTo(55501);
        assertThat(event.url()).isEqualTo("https://example.com/offer?utm_source=sfmc&x=1");
        assertThat(event.eventDate()).isEqualTo(Instant.parse("2024-03-05T16:02:41.48Z"));
        assertThat(event.eventType()).isEqualTo("Click");
        assertThat(event.smtpCode()).isNull();
    }

    @Test
    void toTrackingEvent_whenBounceEvent_mapsBounceFields() throws Exception {
        TrackingEvent event = only(TrackingEventType.BOUNCE);

        assertThat(event.smtpCode()).isEqualTo("550");
        assertThat(event.bounceCategory()).isEqualTo("Hard bounce");
        assertThat(event.smtpReason()).isEqualTo("550 5.1.1 user unknown");
        assertThat(event.bounceType()).isEqualTo("immediate");
        assertThat(event.eventType()).isEqualTo("HardBounce");
        assertThat(event.eventDate()).isEqualTo(Instant.parse("2024-03-05T09:20:00Z"));
        assertThat(event.urlId()).isNull();
    }

    @Test
    void toTrackingEvent_whenUnsubNotSentForward_mapsEachType() throws Exception {
        assertThat(only(TrackingEventType.UNSUB).subscriberKey()).isEqualTo("unsub-1");
        assertThat(only(TrackingEventType.NOT_SENT).eventType()).isEqualTo("NotSent");
        assertThat(only(TrackingEventType.FORWARD).eventDate()).isEqualTo(Instant.parse("2024-03-05T18:00:00Z"));
    }

    @Test
    void toTrackingEvent_whenEventTypeOutsideEnumAndSendIdMissing_usesNullAndQueriedSendId() throws Exception {
        TrackingEvent event = only(TrackingEventType.OPEN);

        assertThat(event.eventType()).isNull();
        assertThat(event.sendId()).isEqualTo(910001);
        assertThat(event.partnerProperties()).isEmpty();
    }

    @Test
    void toTrackingEvent_whenTypeDiffersFromQuery_returnsNull() throws Exception {
        List<APIObject> results = body("events-mixed-types.xml").getResults();

        assertThat(results).hasSize(7);
        assertThat(results.stream().map(r -> ResponseMapper.toTrackingEvent(r, TrackingEventType.CLICK, 910001))
                .filter(Objects::nonNull)).hasSize(1);
    }

    private static TrackingEvent only(TrackingEventType type) throws Exception {
        List<TrackingEvent> events = body("events-mixed-types.xml").getResults().stream()
                .map(r -> ResponseMapper.toTrackingEvent(r, type, 910001))
                .filter(Objects::nonNull)
                .toList();
        assertThat(events).hasSize(1);
        return events.getFirst();
    }
}
