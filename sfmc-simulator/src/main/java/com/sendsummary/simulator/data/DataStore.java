package com.sendsummary.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Holds the current {@link DataSet}; admin additions swap in a new snapshot, reset restores the loaded one. The loaded
 * data may still be arriving (it loads while the server starts); readers wait for it.
 */
public final class DataStore {

    private final CompletableFuture<DataSet> loaded;
    private final ObjectMapper mapper;
    private volatile DataSet changed;

    public DataStore(CompletableFuture<DataSet> loaded, ObjectMapper mapper) {
        this.loaded = loaded;
        this.mapper = mapper;
    }

    public DataSet current() {
        DataSet current = changed;
        return current != null ? current : loaded.join();
    }

    public synchronized DataSet addSends(Collection<SendRow> sends) {
        changed = current().plus(sends, List.of(), List.of(), mapper);
        return changed;
    }

    public synchronized DataSet addEvents(Collection<JsonNode> events) {
        changed = current().plus(List.of(), events, List.of(), mapper);
        return changed;
    }

    public synchronized void reset() {
        changed = null;
    }
}
