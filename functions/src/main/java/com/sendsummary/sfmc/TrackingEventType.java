package com.sendsummary.sfmc;

/** The tracking event objects this client can page through, with their SOAP {@code ObjectType}. */
public enum TrackingEventType {
    SENT("SentEvent"),
    OPEN("OpenEvent"),
    CLICK("ClickEvent"),
    BOUNCE("BounceEvent"),
    UNSUB("UnsubEvent"),
    NOT_SENT("NotSentEvent"),
    FORWARD("ForwardedEmailEvent");

    private final String objectType;

    TrackingEventType(String objectType) {
        this.objectType = objectType;
    }

    /** The SOAP {@code ObjectType} (and {@code xsi:type} of the results). */
    public String objectType() {
        return objectType;
    }
}
