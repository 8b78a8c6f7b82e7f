package com.sendsummary.sfmc;

import com.exacttarget.wsdl.partnerapi.APIObject;
import com.exacttarget.wsdl.partnerapi.APIProperty;
import com.exacttarget.wsdl.partnerapi.BounceEvent;
import com.exacttarget.wsdl.partnerapi.ClickEvent;
import com.exacttarget.wsdl.partnerapi.ClientID;
import com.exacttarget.wsdl.partnerapi.ForwardedEmailEvent;
import com.exacttarget.wsdl.partnerapi.NotSentEvent;
import com.exacttarget.wsdl.partnerapi.OpenEvent;
import com.exacttarget.wsdl.partnerapi.Send;
import com.exacttarget.wsdl.partnerapi.SentEvent;
import com.exacttarget.wsdl.partnerapi.UnsubEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Maps generated JAXB results to the client's records; results of other types map to null (skipped). */
final class ResponseMapper {

    static final String PARTNER_API_NS = "http://exacttarget.com/wsdl/partnerAPI";

    private ResponseMapper() {
    }

    /** The Send as a record, or null when the result is not a Send or has no ID. */
    static SendRecord toSendRecord(APIObject result) {
        if (!(result instanceof Send send) || send.getID() == null) {
            return null;
        }
        return new SendRecord(send.getID(), clientId(send.getClient()), emailId(send.getEmail()),
                send.getEmailName(), send.getSubject(), send.getFromName(), send.getFromAddress(), send.getStatus(),
                send.isIsMultipart(),
                send.getSentDate(), send.getSendDate(), send.getCreatedDate(), send.getModifiedDate(),
                send.getNumberSent(), send.getNumberDelivered(), send.getNumberTargeted(), send.getNumberErrored(),
                send.getNumberExcluded(),
                send.getUniqueOpens(), send.getUniqueClicks(), send.getHardBounces(), send.getSoftBounces(),
                send.getOtherBounces(),
                send.getUnsubscribes(), send.getForwardedEmails(), send.getExistingUndeliverables(),
                send.getExistingUnsubscribes(),
                send.getMissingAddresses(), send.getInvalidAddresses(), send.getDuplicates());
    }

    /**
     * The event as a record when its {@code xsi:type} is the expected one; null otherwise (unknown types arrive as
     * plain APIObject). {@code sendId} is used when the row does not carry SendID.
     */
    static TrackingEvent toTrackingEvent(APIObject result, TrackingEventType expected, int sendId) {
        if (!(result instanceof com.exacttarget.wsdl.partnerapi.TrackingEvent event)
                || typeOf(event) != expected) {
            return null;
        }
        ClickEvent click = event instanceof ClickEvent c ? c : null;
        BounceEvent bounce = event instanceof BounceEvent b ? b : null;
        return new TrackingEvent(expected,
                event.getSendID() == null ? sendId : event.getSendID(),
                clientId(event.getClient()),
                event.getSubscriberKey(),
                event.getEventDate(),
                event.getEventType() == null ? null : event.getEventType().value(),
                event.getBatchID(),
                event.getTriggeredSendDefinitionObjectID(),
                click == null ? null : click.getURLID(),
                click == null ? null : click.getURL(),
                bounce == null ? null : bounce.getSMTPCode(),
                bounce == null ? null : bounce.getBounceCategory(),
                bounce == null ? null : bounce.getSMTPReason(),
                bounce == null ? null : bounce.getBounceType(),
                partnerProperties(event));
    }

    // The xsi:type (the JAXB class) is the reliable discriminator; EventType may be null for values outside the enum.
    static TrackingEventType typeOf(com.exacttarget.wsdl.partnerapi.TrackingEvent event) {
        return switch (event) {
            case SentEvent ignored -> TrackingEventType.SENT;
            case OpenEvent ignored -> TrackingEventType.OPEN;
            case ClickEvent ignored -> TrackingEventType.CLICK;
            case BounceEvent ignored -> TrackingEventType.BOUNCE;
            case UnsubEvent ignored -> TrackingEventType.UNSUB;
            case NotSentEvent ignored -> TrackingEventType.NOT_SENT;
            case ForwardedEmailEvent ignored -> TrackingEventType.FORWARD;
            default -> null;
        };
    }

    private static Integer clientId(ClientID client) {
        return client == null ? null : client.getID();
    }

    private static Map<String, String> partnerProperties(APIObject object) {
        if (object.getPartnerProperties().isEmpty()) {
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (APIProperty property : object.getPartnerProperties()) {
            if (property.getName() != null) {
                properties.put(property.getName(), property.getValue());
            }
        }
        return properties;
    }

    // Email is xsd:anyType in the trimmed WSDL, so JAXB hands it over as a DOM element: read its ID child.
    private static Integer emailId(Object email) {
        if (!(email instanceof Element element)) {
            return null;
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && "ID".equals(e.getLocalName())
                    && PARTNER_API_NS.equals(e.getNamespaceURI())) {
                try {
                    return Integer.valueOf(e.getTextContent().strip());
                } catch (NumberFormatException ignored) {
                    return null;
                }
            }
        }
        return null;
    }
}
