package com.sendsummary.events;

/**
 * SFMC returned the events of a date-resumed page out of EventDate order, so earlier pages may have missed events.
 * The listing has to be restarted without a cursor (it then pages by offset if the order is still not by date).
 */
public final class EventOrderException extends RuntimeException {
    public EventOrderException(String message) {
        super(message);
    }
}
