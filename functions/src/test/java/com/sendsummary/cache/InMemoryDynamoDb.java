package com.sendsummary.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * One table in memory, for fast tests of the cache and the services above it: GetItem, the summary cache's
 * conditional PutItem, and BatchGetItem, which can be told to leave the first keys of some calls unprocessed.
 */
public final class InMemoryDynamoDb implements DynamoDbClient {
    private final String table;
    private final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
    private final List<BatchGetItemRequest> batchGets = new ArrayList<>();
    private final AtomicInteger puts = new AtomicInteger();
    private final List<Integer> unprocessedPerCall = new ArrayList<>();

    public InMemoryDynamoDb(String table) {
        this.table = table;
    }

    /** The next calls of BatchGetItem leave this many of their keys unprocessed, one number per call. */
    public synchronized InMemoryDynamoDb leaveUnprocessed(Integer... perCall) {
        unprocessedPerCall.addAll(List.of(perCall));
        return this;
    }

    public Map<String, Map<String, AttributeValue>> items() {
        return items;
    }

    public synchronized List<BatchGetItemRequest> batchGets() {
        return List.copyOf(batchGets);
    }

    public int puts() {
        return puts.get();
    }

    public void putRaw(String key, String kind, String payload, long fetchedAtMillis, long expiresAtSeconds) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(key));
        item.put("kind", AttributeValue.fromS(kind));
        if (payload != null) {
            item.put("payload", AttributeValue.fromS(payload));
        }
        item.put("fetchedAt", AttributeValue.fromN(Long.toString(fetchedAtMillis)));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(expiresAtSeconds)));
        items.put(key, item);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        requireTable(request.tableName());
        Map<String, AttributeValue> item = items.get(request.key().get("pk").s());
        return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
    }

    @Override
    public synchronized PutItemResponse putItem(PutItemRequest request) {
        requireTable(request.tableName());
        Map<String, AttributeValue> item = request.item();
        String key = item.get("pk").s();
        Map<String, AttributeValue> existing = items.get(key);
        if (existing != null && request.conditionExpression() != null) {
            long stored = Long.parseLong(existing.get("fetchedAt").n());
            long offered = Long.parseLong(request.expressionAttributeValues().get(":fetchedAt").n());
            if (stored >= offered) {
                throw ConditionalCheckFailedException.builder().message("newer item").build();
            }
        }
        items.put(key, Map.copyOf(item));
        puts.incrementAndGet();
        return PutItemResponse.builder().build();
    }

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        batchGets.add(request);
        KeysAndAttributes keys = request.requestItems().get(table);
        if (request.requestItems().size() != 1 || keys == null) {
            throw new IllegalArgumentException("expected keys of table " + table);
        }
        if (keys.keys().size() > 100 || keys.keys().stream().distinct().count() != keys.keys().size()) {
            throw new IllegalArgumentException("BatchGetItem takes at most 100 distinct keys");
        }
        int unprocessed = unprocessedPerCall.isEmpty()
                ? 0 : Math.min(unprocessedPerCall.removeFirst(), keys.keys().size());
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys.keys().subList(unprocessed, keys.keys().size())) {
            Map<String, AttributeValue> item = items.get(key.get("pk").s());
            if (item != null) {
                found.add(item);
            }
        }
        BatchGetItemResponse.Builder response = BatchGetItemResponse.builder().responses(Map.of(table, found));
        if (unprocessed > 0) {
            response.unprocessedKeys(Map.of(table,
                    KeysAndAttributes.builder().keys(keys.keys().subList(0, unprocessed)).build()));
        }
        return response.build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }

    private void requireTable(String name) {
        if (!table.equals(name)) {
            throw new IllegalArgumentException("unknown table " + name);
        }
    }
}
