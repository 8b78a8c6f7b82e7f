package com.sendsummary.events;

import com.sendsummary.sfmc.TrackingEventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's names of the tracking event types: {@code sent, open, click, bounce, unsub, notsent, forward}. */
public final class EventTypeNames {
    private static final Map<TrackingEventType, String> NAMES = new EnumMap<>(Map.of(
            TrackingEventType.SENT, "sent",
            TrackingEventType.OPEN, "open",
            TrackingEventType.CLICK, "click",
            TrackingEventType.BOUNCE, "bounce",
            TrackingEventType.UNSUB, "unsub",
            TrackingEventType.NOT_SENT, "notsent",
            TrackingEventType.FORWARD, "forward"));

    /** Every name, in the order of {@link TrackingEventType}. */
    public static final List<String> ALL = List.copyOf(NAMES.values());

    private EventTypeNames() {
    }

    public static String name(TrackingEventType type) {
        return NAMES.get(type);
    }

    /** The type with this exact (lower-case) name, or empty. */
    public static Optional<TrackingEventType> parse(String name) {
        return NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }
}
