package com.sendsummary.events;

import com.sendsummary.sfmc.EventQuery;
import com.sendsummary.sfmc.TrackingEvent;
import java.util.stream.Stream;

/** Where tracking events are read from: SFMC's paged Retrieve in production. */
@FunctionalInterface
public interface EventSource {
    /** The events of the query, lazily; the caller closes the stream. Failures surface while it is consumed. */
    Stream<TrackingEvent> events(EventQuery query);
}
