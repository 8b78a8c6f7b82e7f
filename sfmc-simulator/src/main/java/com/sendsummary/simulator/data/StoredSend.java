package com.sendsummary.simulator.data;

/** A send plus its insertion sequence number (for RetrieveAllSinceLastBatch). */
public record StoredSend(long seq, SendRow send) {
}
