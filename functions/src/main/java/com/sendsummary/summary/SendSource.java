package com.sendsummary.summary;

import com.sendsummary.sfmc.SendRecord;
import java.util.Optional;

/** Where sends are read from: SFMC in production. */
@FunctionalInterface
public interface SendSource {
    /** The send, or empty if SFMC has none with this JobID in that business unit. */
    Optional<SendRecord> fetch(int jobId, Integer clientId);
}
