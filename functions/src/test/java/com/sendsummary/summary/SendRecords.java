package com.sendsummary.summary;

import com.sendsummary.sfmc.SendRecord;
import java.time.Instant;

/** Sends for fast tests: a completed send with round counters. */
final class SendRecords {
    private SendRecords() {
    }

    static SendRecord send(int jobId, Integer clientId, Instant sendDate) {
        return new SendRecord(jobId, clientId, 41000, "Email " + jobId, "Subject " + jobId, "Demo Brand",
                "news@demo-brand.example", "Complete", Boolean.TRUE, sendDate.plusSeconds(60), sendDate,
                sendDate.minusSeconds(3600), sendDate.plusSeconds(120),
                1000, 990, 1000, 0, 0, 400, 100, 4, 5, 1, 2, 0, 0, 0, 0, 0, 0);
    }
}
