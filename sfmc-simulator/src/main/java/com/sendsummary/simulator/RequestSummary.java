package com.sendsummary.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One received request as recorded for tests: never carries tokens, secrets or headers.
 *
 * @param operation   {@code token}, {@code Retrieve} or another SOAP operation
 * @param continuation whether the SOAP request carried a ContinueRequest
 * @param filter      the Filter rendered as text, e.g. {@code (SendID equals 910001 AND EventDate between ...)}
 * @param fault       the injected fault action applied, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestSummary(Instant time, String operation, String objectType, List<Integer> clientIds,
                             boolean continuation, String continueRequest, String filter, List<String> properties,
                             Boolean queryAllAccounts, Boolean retrieveAllSinceLastBatch, Integer batchSize,
                             String fault) {

    public RequestSummary withFault(String appliedFault) {
        return new RequestSummary(time, operation, objectType, clientIds, continuation, continueRequest, filter,
                properties, queryAllAccounts, retrieveAllSinceLastBatch, batchSize, appliedFault);
    }
}
