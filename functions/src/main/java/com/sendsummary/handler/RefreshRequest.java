package com.sendsummary.handler;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code detail} of a {@code SendCompleted} event: {@code {"jobId": <int>, "clientId": <int, optional>}}. */
record RefreshRequest(int jobId, Integer clientId) {

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
        return new RefreshRequest(jobId, clientId);
    }

    /** Accepts a JSON integer or a string of digits (producers differ); anything else is rejected. */
    private static Integer identifier(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return Identifiers.positiveInt(node.bigIntegerValue().toString());
        }
        return node.isTextual() ? Identifiers.positiveInt(node.asText()) : null;
    }
}
