package com.sendsummary.engagement;

import java.util.Optional;

/**
 * Where engagement items and their state blobs live: the cache table, and S3 for blobs too big for an item.
 * Every write is conditional on the version read, so two writers never both win.
 */
public interface EngagementStore {

    /** The item, or empty; {@code consistent} reads the latest write (the worker's and the starter's reads). */
    Optional<EngagementItem> read(String key, boolean consistent);

    /**
     * Writes {@code item} as version {@code item.version() + 1} if the stored version is still {@code item.version()}
     * (0 = no item, or one of an older format).
     *
     * @return the item as written, or empty when another writer came first
     */
    Optional<EngagementItem> write(EngagementItem item);

    /** Saves a state blob under {@code name} (unique per computation and checkpoint) and returns its reference. */
    String putBlob(String name, byte[] bytes);

    /** The bytes of a blob reference returned by {@link #putBlob}. */
    byte[] getBlob(String reference);
}
