package com.sendsummary.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendsummary.refresh.FollowUpScheduler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A refresh trigger: the {@code detail} of a {@code SendCompleted} event ({@code {"jobId": <int>, "clientId": <int,
 * optional>}}), or of a {@code SendRefreshDue} follow-up (the same plus {@code "followUp": "PT15M"}), and the
 * envelope's {@code time}.
 *
 * @param time     the envelope's {@code time}; empty when absent or not an ISO-8601 instant (then "now" applies)
 * @param followUp whether this is a follow-up ({@code detail-type} {@code SendRefreshDue}, or a {@code followUp} in
 *                 the detail), which never schedules further follow-ups
 */
record RefreshRequest(int jobId, Integer clientId, Optional<Instant> time, boolean followUp) {

    RefreshRequest(int jobId, Integer clientId) {
        this(jobId, clientId, Optional.empty(), false);
    }

    /** @throws InvalidRequestException naming what is wrong with the event */
    static RefreshRequest from(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("malformed_event", "event is not a JSON object");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new InvalidRequestException("malformed_event", "event has no detail object");
        }
        Integer jobId = identifier(detail.get("jobId"));
        if (jobId == null) {
            throw new InvalidRequestException("invalid_job_id", "detail.jobId must be a positive 32-bit integer");
        }
        JsonNode clientNode = detail.get("clientId");
        Integer clientId = null;
        if (clientNode != null && !clientNode.isNull()) {
            clientId = identifier(clientNode);
            if (clientId == null) {
                throw new InvalidRequestException("invalid_client_id",
                        "detail.clientId must be a positive 32-bit integer (a MID) when present");
            }
        }
        boolean followUp = FollowUpScheduler.DETAIL_TYPE.equals(event.path("detail-type").asText())
                || detail.hasNonNull("followUp");
        return new RefreshRequest(jobId, clientId, time(event.get("time")), followUp);
    }

    /** Lenient on purpose: a bad timestamp should not cost the refresh, only shift the follow-ups to "now". */
    private static Optional<Instant> time(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Accepts a JSON integer or a string of digits (producers differ); anything else is rejected. */
    private static Integer identifier(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return RequestParameters.positiveInt(node.bigIntegerValue().toString());
        }
        return node.isTextual() ? RequestParameters.positiveInt(node.asText()) : null;
    }
}
