package com.sendsummary.sfmc;

import com.exacttarget.wsdl.partnerapi.ClientID;
import com.exacttarget.wsdl.partnerapi.ComplexFilterPart;
import com.exacttarget.wsdl.partnerapi.FilterPart;
import com.exacttarget.wsdl.partnerapi.LogicalOperators;
import com.exacttarget.wsdl.partnerapi.RetrieveOptions;
import com.exacttarget.wsdl.partnerapi.RetrieveRequest;
import com.exacttarget.wsdl.partnerapi.RetrieveRequestMsg;
import com.exacttarget.wsdl.partnerapi.SimpleFilterPart;
import com.exacttarget.wsdl.partnerapi.SimpleOperators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds every RetrieveRequestMsg the client sends; the contract test validates each against the official WSDL. */
final class RetrieveRequests {

    static final String SEND = "Send";

    /** Send properties for {@link SendRecord}, with the WSDL's spelling. */
    static final List<String> SEND_PROPERTIES = List.of(
            "ID", "Client.ID", "Email.ID", "EmailName", "Subject", "FromName", "FromAddress", "Status", "IsMultipart",
            "SentDate", "SendDate", "CreatedDate", "ModifiedDate",
            "NumberSent", "NumberDelivered", "NumberTargeted", "NumberErrored", "NumberExcluded",
            "UniqueOpens", "UniqueClicks", "HardBounces", "SoftBounces", "OtherBounces",
            "Unsubscribes", "ForwardedEmails", "ExistingUndeliverables", "ExistingUnsubscribes",
            "MissingAddresses", "InvalidAddresses", "Duplicates");

    private static final List<String> EVENT_PROPERTIES = List.of(
            "Client.ID", "SendID", "SubscriberKey", "EventDate", "EventType", "BatchID",
            "TriggeredSendDefinitionObjectID");
    private static final List<String> CLICK_PROPERTIES = List.of("URLID", "URL");
    private static final List<String> BOUNCE_PROPERTIES = List.of("SMTPCode", "BounceCategory", "SMTPReason",
            "BounceType");
    // Why the message was not sent; no WSDL element, so SFMC answers it as a PartnerProperty. The name is the
    // simulator's (and the NotSent tracking extract's) and still to be confirmed on a real account: SFMC rejects a
    // whole Retrieve that asks for a property it does not know.
    private static final List<String> NOT_SENT_PROPERTIES = List.of("Reason");

    private RetrieveRequests() {
    }

    /** One Send by JobID ({@code ID equals jobId}). */
    static RetrieveRequestMsg sendById(int jobId, Integer clientId) {
        RetrieveRequest request = base(SEND, clientId);
        request.getProperties().addAll(SEND_PROPERTIES);
        request.setFilter(simple("ID", SimpleOperators.EQUALS, Integer.toString(jobId)));
        return wrap(request);
    }

    /** Sends whose SendDate lies in the closed window [from, to]. */
    static RetrieveRequestMsg sendsBySendDate(Instant from, Instant to, Integer clientId, int batchSize) {
        RetrieveRequest request = base(SEND, clientId);
        request.getProperties().addAll(SEND_PROPERTIES);
        request.setFilter(dateWindow("SendDate", from, to));
        request.setOptions(options(batchSize));
        return wrap(request);
    }

    /** Events of one type for one send, optionally in the closed EventDate window [from, to]. */
    static RetrieveRequestMsg events(EventQuery query, int batchSize) {
        RetrieveRequest request = base(query.type().objectType(), query.clientId());
        request.getProperties().addAll(eventProperties(query.type(), query.notSentReason()));
        FilterPart bySend = simple("SendID", SimpleOperators.EQUALS, Integer.toString(query.sendId()));
        request.setFilter(query.from() == null
                ? bySend
                : and(bySend, dateWindow("EventDate", query.from(), query.to())));
        if (query.retrieveAllSinceLastBatch()) {
            request.setRetrieveAllSinceLastBatch(Boolean.TRUE);
        }
        request.setOptions(options(batchSize));
        return wrap(request);
    }

    /**
     * The next page of a paged retrieve. The SDKs send only ContinueRequest; ObjectType is resent because the
     * schema requires it (minOccurs 1), BatchSize because SFMC applies it per page.
     */
    static RetrieveRequestMsg continuation(String objectType, String requestId, Integer clientId, int batchSize) {
        RetrieveRequest request = base(objectType, clientId);
        request.setContinueRequest(requestId);
        request.setOptions(options(batchSize));
        return wrap(request);
    }

    static List<String> eventProperties(TrackingEventType type, boolean notSentReason) {
        List<String> properties = new ArrayList<>(EVENT_PROPERTIES);
        if (type == TrackingEventType.CLICK) {
            properties.addAll(CLICK_PROPERTIES);
        } else if (type == TrackingEventType.BOUNCE) {
            properties.addAll(BOUNCE_PROPERTIES);
        } else if (type == TrackingEventType.NOT_SENT && notSentReason) {
            properties.addAll(NOT_SENT_PROPERTIES);
        }
        return List.copyOf(properties);
    }

    private static RetrieveRequest base(String objectType, Integer clientId) {
        RetrieveRequest request = new RetrieveRequest();
        if (clientId != null) {
            ClientID client = new ClientID();
            client.setID(clientId);
            request.getClientIDs().add(client);
        }
        request.setObjectType(objectType);
        return request;
    }

    private static RetrieveOptions options(int batchSize) {
        RetrieveOptions options = new RetrieveOptions();
        options.setBatchSize(batchSize);
        return options;
    }

    private static SimpleFilterPart simple(String property, SimpleOperators operator, String value) {
        SimpleFilterPart part = new SimpleFilterPart();
        part.setProperty(property);
        part.setSimpleOperator(operator);
        part.getValue().add(value);
        return part;
    }

    private static SimpleFilterPart date(String property, SimpleOperators operator, Instant value) {
        SimpleFilterPart part = new SimpleFilterPart();
        part.setProperty(property);
        part.setSimpleOperator(operator);
        part.getDateValue().add(value);
        return part;
    }

    // Closed range, both bounds: open-ended date filters are reported to misbehave on SFMC.
    private static FilterPart dateWindow(String property, Instant from, Instant to) {
        return and(date(property, SimpleOperators.GREATER_THAN_OR_EQUAL, from),
                date(property, SimpleOperators.LESS_THAN_OR_EQUAL, to));
    }

    private static ComplexFilterPart and(FilterPart left, FilterPart right) {
        ComplexFilterPart part = new ComplexFilterPart();
        part.setLeftOperand(left);
        part.setLogicalOperator(LogicalOperators.AND);
        part.setRightOperand(right);
        return part;
    }

    private static RetrieveRequestMsg wrap(RetrieveRequest request) {
        RetrieveRequestMsg msg = new RetrieveRequestMsg();
        msg.setRetrieveRequest(request);
        return msg;
    }
}
