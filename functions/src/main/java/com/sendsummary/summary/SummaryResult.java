package com.sendsummary.summary;

/** What a batch request got for one JobID: its summary, or the failure that explains why there is none. */
public sealed interface SummaryResult {
    int jobId();

    record Found(int jobId, SendSummary summary) implements SummaryResult {
    }

    /** {@code error} is a {@link SendNotFoundException} or a {@link com.sendsummary.sfmc.SfmcException}. */
    record Failed(int jobId, RuntimeException error) implements SummaryResult {
    }
}
