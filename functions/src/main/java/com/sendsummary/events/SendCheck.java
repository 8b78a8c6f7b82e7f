package com.sendsummary.events;

/** Tells whether a send exists before its events are listed (SFMC itself answers an unknown JobID with no rows). */
@FunctionalInterface
public interface SendCheck {
    /** @throws com.sendsummary.summary.SendNotFoundException if SFMC has no such send in that business unit */
    void requireSend(int jobId, Integer clientId);
}
