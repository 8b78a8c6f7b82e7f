package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.summary.Json;
import java.time.Duration;

/** Where the worker's messages go: one per computation step; SQS in production. */
@FunctionalInterface
public interface ComputationQueue {

    /** A step of computation {@code computationId} of a send, due after {@code delay} (at most 15 minutes). */
    void send(Message message, Duration delay);

    /** The body of a queue message: which send, which computation. */
    record Message(int jobId, Integer clientId, String computationId) {

        public String toJson() {
            try {
                return Json.MAPPER.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @throws IllegalArgumentException when the body is not a message of this shape */
        public static Message fromJson(String body) {
            try {
                Message message = Json.REQUEST_BODY.forType(Message.class).readValue(body);
                if (message.jobId() <= 0 || message.computationId() == null || message.computationId().isBlank()) {
                    throw new IllegalArgumentException("A computation message needs a positive jobId and an id");
                }
                return message;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Not a computation message: " + e.getClass().getSimpleName(), e);
            }
        }
    }
}
