package com.sendsummary.simulator.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The TrackingEvent subtypes of the WSDL (ObjectType names) and the EventType each carries by default. */
public final class EventTypes {

    private static final Map<String, String> DEFAULT_EVENT_TYPE = new LinkedHashMap<>();

    static {
        DEFAULT_EVENT_TYPE.put("SentEvent", "Sent");
        DEFAULT_EVENT_TYPE.put("OpenEvent", "Open");
        DEFAULT_EVENT_TYPE.put("ClickEvent", "Click");
        DEFAULT_EVENT_TYPE.put("BounceEvent", "HardBounce");
        DEFAULT_EVENT_TYPE.put("UnsubEvent", "Unsubscribe");
        DEFAULT_EVENT_TYPE.put("NotSentEvent", "NotSent");
        DEFAULT_EVENT_TYPE.put("ForwardedEmailEvent", "ForwardedEmail");
        DEFAULT_EVENT_TYPE.put("ForwardedEmailOptInEvent", "ForwardedEmailOptIn");
        DEFAULT_EVENT_TYPE.put("SurveyEvent", "Survey");
        DEFAULT_EVENT_TYPE.put("DeliveredEvent", "DeliveredEvent");
    }

    private EventTypes() {
    }

    public static Set<String> all() {
        return DEFAULT_EVENT_TYPE.keySet();
    }

    /** The canonical spelling of an event ObjectType (case-insensitive lookup), or null if it is not one. */
    public static String canonical(String objectType) {
        if (objectType == null) {
            return null;
        }
        return DEFAULT_EVENT_TYPE.keySet().stream()
                .filter(type -> type.equalsIgnoreCase(objectType.trim()))
                .findFirst()
                .orElse(null);
    }

    static String defaultEventType(String type) {
        return DEFAULT_EVENT_TYPE.get(type);
    }

    /** HardBounce / SoftBounce / OtherBounce from a BounceCategory such as "Hard bounce" or "Block bounce". */
    static String bounceEventType(String category) {
        String lower = category == null ? "" : category.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("hard")) {
            return "HardBounce";
        }
        if (lower.startsWith("soft")) {
            return "SoftBounce";
        }
        return "OtherBounce";
    }
}
