package com.sendsummary.handler;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sendsummary.summary.SendSummary;
import com.sendsummary.summary.SummaryResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The 200 body of {@code POST /sends/summaries}: the summaries found, in request order, and one error per JobID that
 * has none, with the stable code and message the single-summary route would have answered.
 */
@JsonPropertyOrder({"summaries", "errors"})
record BatchSummariesResponse(List<SendSummary> summaries, List<ItemError> errors) {

    @JsonPropertyOrder({"jobId", "error", "message"})
    record ItemError(int jobId, String error, String message) {
    }

    static BatchSummariesResponse of(List<SummaryResult> results, LambdaLogger logger) {
        List<SendSummary> summaries = new ArrayList<>();
        List<ItemError> errors = new ArrayList<>();
        for (SummaryResult result : results) {
            switch (result) {
                case SummaryResult.Found found -> summaries.add(found.summary());
                case SummaryResult.Failed failed -> {
                    HttpResponses.ApiError error = HttpResponses.describe(failed.error(), logger);
                    errors.add(new ItemError(failed.jobId(), error.code(), error.message()));
                }
            }
        }
        return new BatchSummariesResponse(summaries, errors);
    }
}
