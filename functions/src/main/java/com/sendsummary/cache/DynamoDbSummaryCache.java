package com.sendsummary.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The summary cache in one DynamoDB table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 *
 * <p>Items hold {@code kind}, {@code payload} (JSON text), {@code fetchedAt} (epoch milliseconds) and
 * {@code expiresAt} (epoch seconds, the table's TTL attribute).
 */
public final class DynamoDbSummaryCache {
    static final String PK = "pk";
    static final String KIND = "kind";
    static final String PAYLOAD = "payload";
    static final String FETCHED_AT = "fetchedAt";
    static final String EXPIRES_AT = "expiresAt";
    /** BatchGetItem's limit of keys per request. */
    static final int BATCH_GET_MAX_KEYS = 100;
    /** Further BatchGetItem calls for keys DynamoDB left unprocessed, with exponential back-off from 25 ms. */
    static final int UNPROCESSED_RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbSummaryCache(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * The entry under {@code key} if it is still valid at {@code now}. DynamoDB deletes expired items lazily (within
     * days), so expiry is checked here on every read rather than trusted to TTL.
     */
    public Optional<CacheEntry> get(String key, Instant now) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(Map.of(PK, s(key))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return entry(response.item()).filter(entry -> !entry.isExpiredAt(now));
    }

    /**
     * The entries under {@code keys} that are still valid at {@code now}, by key, read with BatchGetItem (one call per
     * 100 keys); absent and expired keys are left out. Keys DynamoDB still leaves unprocessed after
     * {@value #UNPROCESSED_RETRIES} retries are left out too: the caller then treats them as misses and reads SFMC,
     * which is slower but correct.
     */
    public Map<String, CacheEntry> getAll(List<String> keys, Instant now) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));   // BatchGetItem rejects duplicate keys
        Map<String, CacheEntry> valid = new HashMap<>();
        for (int start = 0; start < distinct.size(); start += BATCH_GET_MAX_KEYS) {
            List<Map<String, AttributeValue>> chunk = new ArrayList<>();
            for (String key : distinct.subList(start, Math.min(distinct.size(), start + BATCH_GET_MAX_KEYS))) {
                chunk.add(Map.of(PK, s(key)));
            }
            for (Map<String, AttributeValue> item : batchGet(chunk)) {
                entry(item).filter(entry -> !entry.isExpiredAt(now)).ifPresent(entry -> valid.put(entry.key(), entry));
            }
        }
        return valid;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 0; ; attempt++) {
            List<Map<String, AttributeValue>> requested = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(
                    Map.of(table, KeysAndAttributes.builder().keys(requested).build())));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
            pending = unprocessed == null || !unprocessed.hasKeys() ? List.of() : unprocessed.keys();
            if (pending.isEmpty() || attempt == UNPROCESSED_RETRIES || !backOff(attempt + 1)) {
                return items;
            }
        }
    }

    /** Sleeps before retry {@code attempt}; false if interrupted (the retry is then skipped). */
    private static boolean backOff(int attempt) {
        try {
            Thread.sleep(FIRST_BACKOFF.multipliedBy(1L << (attempt - 1)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Writes the entry unless the table already holds a fetch at least as new, so a slow, older fetch never
     * overwrites a newer one.
     *
     * @return true if written, false if a newer (or equally new) snapshot was already there
     */
    public boolean put(CacheEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(entry.key()));
        item.put(KIND, s(entry.kind()));
        if (entry.payload() != null) {
            item.put(PAYLOAD, s(entry.payload()));
        }
        item.put(FETCHED_AT, n(entry.fetchedAt().toEpochMilli()));
        item.put(EXPIRES_AT, n(entry.expiresAt().getEpochSecond()));
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(item)
                    // An item without a numeric fetchedAt (damaged, or from another writer) may be replaced too.
                    .conditionExpression("attribute_not_exists(#pk) OR NOT attribute_type(#fetchedAt, :number)"
                            + " OR #fetchedAt < :fetchedAt")
                    .expressionAttributeNames(Map.of("#pk", PK, "#fetchedAt", FETCHED_AT))
                    .expressionAttributeValues(Map.of(":fetchedAt", n(entry.fetchedAt().toEpochMilli()),
                            ":number", s("N"))));
            return true;
        } catch (ConditionalCheckFailedException newerAlreadyCached) {
            return false;
        }
    }

    /** The item as an entry; empty, so a miss, when it lacks an attribute or holds one of the wrong type. */
    private static Optional<CacheEntry> entry(Map<String, AttributeValue> item) {
        AttributeValue payload = item.get(PAYLOAD);
        String kind = item.containsKey(KIND) ? item.get(KIND).s() : null;
        Long fetchedAt = number(item.get(FETCHED_AT));
        Long expiresAt = number(item.get(EXPIRES_AT));
        if (kind == null || fetchedAt == null || expiresAt == null) {
            return Optional.empty();
        }
        return Optional.of(new CacheEntry(item.get(PK).s(), kind, payload == null ? null : payload.s(),
                Instant.ofEpochMilli(fetchedAt), Instant.ofEpochSecond(expiresAt)));
    }

    private static Long number(AttributeValue value) {
        if (value == null || value.n() == null || !value.n().matches("-?[0-9]{1,15}")) {
            return null;
        }
        return Long.parseLong(value.n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
