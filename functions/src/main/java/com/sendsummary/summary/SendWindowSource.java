package com.sendsummary.summary;

import com.sendsummary.sfmc.SendRecord;
import java.time.Instant;
import java.util.stream.Stream;

/** Where the sends of a SendDate window are read from: SFMC in production. */
@FunctionalInterface
public interface SendWindowSource {
    /** The sends in the closed window, lazily, in SFMC's order (stable between calls); close the stream. */
    Stream<SendRecord> sends(Instant from, Instant to, Integer clientId);
}
