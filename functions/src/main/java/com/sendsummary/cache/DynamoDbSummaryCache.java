package com.sendsummary.cache;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

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
        Map<String, AttributeValue> item = response.item();
        AttributeValue payload = item.get(PAYLOAD);
        CacheEntry entry = new CacheEntry(key,
                item.get(KIND).s(),
                payload == null ? null : payload.s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(FETCHED_AT).n())),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())));
        return entry.isExpiredAt(now) ? Optional.empty() : Optional.of(entry);
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
                    .conditionExpression("attribute_not_exists(#pk) OR #fetchedAt < :fetchedAt")
                    .expressionAttributeNames(Map.of("#pk", PK, "#fetchedAt", FETCHED_AT))
                    .expressionAttributeValues(Map.of(":fetchedAt", n(entry.fetchedAt().toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException newerAlreadyCached) {
            return false;
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
