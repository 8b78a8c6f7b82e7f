package com.sendsummary.simulator.soap;

import com.sendsummary.simulator.SfmcTime;
import com.sendsummary.simulator.data.DataSet;
import com.sendsummary.simulator.data.EventRow;
import com.sendsummary.simulator.data.EventTypes;
import com.sendsummary.simulator.wsdl.APIObject;
import com.sendsummary.simulator.wsdl.APIProperty;
import com.sendsummary.simulator.wsdl.BounceEvent;
import com.sendsummary.simulator.wsdl.ClickEvent;
import com.sendsummary.simulator.wsdl.DeliveredEvent;
import com.sendsummary.simulator.wsdl.EventType;
import com.sendsummary.simulator.wsdl.ForwardedEmailEvent;
import com.sendsummary.simulator.wsdl.ForwardedEmailOptInEvent;
import com.sendsummary.simulator.wsdl.NotSentEvent;
import com.sendsummary.simulator.wsdl.OpenEvent;
import com.sendsummary.simulator.wsdl.SentEvent;
import com.sendsummary.simulator.wsdl.SurveyEvent;
import com.sendsummary.simulator.wsdl.TrackingEvent;
import com.sendsummary.simulator.wsdl.UnsubEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TrackingEvent ObjectTypes ({@code OpenEvent}, {@code ClickEvent} ...), one instance per type. */
final class EventKind implements ObjectKind<EventRow> {

    private static final Set<String> TRACKING_PROPERTIES = ObjectKind.lower(Stream.of(
            "SendID", "SubscriberKey", "EventDate", "EventType", "TriggeredSendDefinitionObjectID", "BatchID"));

    /** Element names each subtype adds to TrackingEvent. */
    private static final Map<String, List<String>> OWN_PROPERTIES = Map.of(
            "ClickEvent", List.of("URLID", "URL", "URLIDLong"),
            "BounceEvent", List.of("SMTPCode", "BounceCategory", "SMTPReason", "BounceType"),
            "UnsubEvent", List.of("List", "IsMasterUnsubscribed"),
            "ForwardedEmailOptInEvent", List.of("OptInSubscriberKey"),
            "SurveyEvent", List.of("Question", "Answer"));

    /** Names the server answers through PartnerProperties because the WSDL has no element for them. */
    private static final Map<String, List<String>> PARTNER_PROPERTIES = Map.of(
            "SentEvent", List.of("ListID", "SubscriberID"),
            "NotSentEvent", List.of("ListID", "SubscriberID", "Reason"));

    private static final Map<String, Supplier<TrackingEvent>> CONSTRUCTORS = Map.of(
            "SentEvent", SentEvent::new,
            "OpenEvent", OpenEvent::new,
            "ClickEvent", ClickEvent::new,
            "BounceEvent", BounceEvent::new,
            "UnsubEvent", UnsubEvent::new,
            "NotSentEvent", NotSentEvent::new,
            "ForwardedEmailEvent", ForwardedEmailEvent::new,
            "ForwardedEmailOptInEvent", ForwardedEmailOptInEvent::new,
            "SurveyEvent", SurveyEvent::new,
            "DeliveredEvent", DeliveredEvent::new);

    private static final Map<String, EventKind> KINDS = EventTypes.all().stream()
            .collect(Collectors.toUnmodifiableMap(type -> type, EventKind::new));

    private final String type;
    private final Set<String> retrievable;
    private final Set<String> partnerNames;
    private final Map<String, FieldDef<EventRow>> fields = new HashMap<>();

    private EventKind(String type) {
        this.type = type;
        this.partnerNames = ObjectKind.lower(PARTNER_PROPERTIES.getOrDefault(type, List.of()).stream());
        this.retrievable = Stream.of(BASE_PROPERTIES, TRACKING_PROPERTIES, partnerNames,
                        ObjectKind.lower(OWN_PROPERTIES.getOrDefault(type, List.of()).stream()))
                .flatMap(Set::stream)
                .collect(Collectors.toUnmodifiableSet());
        add(FieldDef.number("SendID", EventRow::sendId));
        add(FieldDef.number("Client.ID", EventRow::clientId));
        add(FieldDef.string("SubscriberKey", EventRow::subscriberKey));
        add(FieldDef.date("EventDate", EventRow::eventDate));
        add(FieldDef.string("EventType", EventRow::eventType));
        add(FieldDef.number("BatchID", EventRow::batchId));
        add(FieldDef.string("TriggeredSendDefinitionObjectID", EventRow::triggeredSendDefinitionObjectId));
        switch (type) {
            case "ClickEvent" -> {
                add(FieldDef.number("URLID", EventRow::urlId));
                add(FieldDef.string("URL", EventRow::url));
                add(FieldDef.number("URLIDLong", EventRow::urlIdLong));
            }
            case "BounceEvent" -> {
                add(FieldDef.string("SMTPCode", EventRow::smtpCode));
                add(FieldDef.string("BounceCategory", EventRow::bounceCategory));
                add(FieldDef.string("SMTPReason", EventRow::smtpReason));
                add(FieldDef.string("BounceType", EventRow::bounceType));
            }
            case "UnsubEvent" -> add(FieldDef.bool("IsMasterUnsubscribed", EventRow::isMasterUnsubscribed));
            default -> {
            }
        }
    }

    /** The kind for an event ObjectType (any case), or null. */
    static EventKind of(String objectType) {
        String canonical = EventTypes.canonical(objectType);
        return canonical == null ? null : KINDS.get(canonical);
    }

    @Override
    public String objectType() {
        return type;
    }

    @Override
    public RowScan<EventRow> scan(DataSet data, ScanBounds bounds, Predicate<EventRow> filter) {
        return new EventScan(data.events(type).sources(), bounds, filter);
    }

    @Override
    public int mid(EventRow row) {
        return row.clientId();
    }

    @Override
    public long seq(EventRow row) {
        return row.seq();
    }

    @Override
    public boolean retrievable(String lowerCaseProperty) {
        return retrievable.contains(lowerCaseProperty);
    }

    @Override
    public FieldDef<EventRow> field(String property) {
        return fields.get(property.toLowerCase(Locale.ROOT));
    }

    @Override
    public APIObject toResult(EventRow row, Set<String> requested) {
        TrackingEvent event = CONSTRUCTORS.get(type).get();
        ObjectKind.base(event, row.clientId());
        // Events have no usable row id; SFMC answers ID 0 whether asked or not.
        event.setID(0);
        if (requested.contains("sendid")) {
            event.setSendID(row.sendId());
        }
        if (requested.contains("subscriberkey")) {
            event.setSubscriberKey(row.subscriberKey());
        }
        if (requested.contains("eventdate") && row.eventDate() != null) {
            event.setEventDate(SfmcTime.toServerCalendar(row.eventDate()));
        }
        if (requested.contains("eventtype") && row.eventType() != null) {
            event.setEventType(eventType(row.eventType()));
        }
        if (requested.contains("triggeredsenddefinitionobjectid")) {
            event.setTriggeredSendDefinitionObjectID(row.triggeredSendDefinitionObjectId());
        }
        if (requested.contains("batchid")) {
            event.setBatchID(row.batchId());
        }
        switch (event) {
            case ClickEvent click -> {
                if (requested.contains("urlid")) {
                    click.setURLID(row.urlId());
                }
                if (requested.contains("url")) {
                    click.setURL(row.url());
                }
                if (requested.contains("urlidlong")) {
                    click.setURLIDLong(row.urlIdLong());
                }
            }
            case BounceEvent bounce -> {
                if (requested.contains("smtpcode")) {
                    bounce.setSMTPCode(row.smtpCode());
                }
                if (requested.contains("bouncecategory")) {
                    bounce.setBounceCategory(row.bounceCategory());
                }
                if (requested.contains("smtpreason")) {
                    bounce.setSMTPReason(row.smtpReason());
                }
                if (requested.contains("bouncetype")) {
                    bounce.setBounceType(row.bounceType());
                }
            }
            case UnsubEvent unsub when requested.contains("ismasterunsubscribed") ->
                    unsub.setIsMasterUnsubscribed(row.isMasterUnsubscribed());
            case ForwardedEmailOptInEvent optIn when requested.contains("optinsubscriberkey") ->
                    optIn.setOptInSubscriberKey(row.optInSubscriberKey());
            case SurveyEvent survey -> {
                if (requested.contains("question")) {
                    survey.setQuestion(row.question());
                }
                if (requested.contains("answer")) {
                    survey.setAnswer(row.answer());
                }
            }
            default -> {
            }
        }
        boolean all = requested.contains("partnerproperties");
        row.partnerProperties().entrySet().stream()
                .filter(entry -> all || partnerNames.contains(entry.getKey().toLowerCase(Locale.ROOT))
                        && requested.contains(entry.getKey().toLowerCase(Locale.ROOT)))
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> {
                    APIProperty property = new APIProperty();
                    property.setName(entry.getKey());
                    property.setValue(entry.getValue());
                    event.getPartnerProperties().add(property);
                });
        return event;
    }

    private static EventType eventType(String value) {
        try {
            return EventType.fromValue(value);
        } catch (IllegalArgumentException e) {
            // A value outside the WSDL enum: real SFMC would send it anyway; JAXB cannot, so it is left out.
            return null;
        }
    }

    private void add(FieldDef<EventRow> field) {
        fields.put(field.name().toLowerCase(Locale.ROOT), field);
    }
}
