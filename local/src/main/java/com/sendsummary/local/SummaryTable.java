package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test-side view of the summary table: read, count and remove items the functions wrote. */
public final class SummaryTable {

    private final DynamoDbClient dynamoDb;
    private final String name;

    public SummaryTable(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Every item (full scan, consistent read). */
    public List<Map<String, AttributeValue>> items() {
        return dynamoDb.scanPaginator(scan -> scan.tableName(name).consistentRead(true)).items().stream().toList();
    }

    /** Every item as plain JSON (numbers as numbers, sets and lists as arrays). */
    public List<JsonNode> itemsAsJson() {
        return items().stream().map(SummaryTable::toJson).toList();
    }

    public Optional<Map<String, AttributeValue>> item(String partitionKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(name).consistentRead(true)
                .key(key(partitionKey))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    public int count() {
        return items().size();
    }

    /**
     * The cached data (summaries, "not found" answers, engagement), without the leases the functions keep in the same
     * items (their attributes are left out; an item that only holds a lease is no data) and without the shared SFMC
     * tokens ({@code TOKEN#...}).
     */
    public List<Map<String, AttributeValue>> cachedItems() {
        return items().stream()
                .filter(item -> !item.get(AwsResources.PARTITION_KEY).s().startsWith("TOKEN#"))
                .map(SummaryTable::withoutLease).flatMap(Optional::stream).toList();
    }

    /** The cached data under {@code partitionKey} (see {@link #cachedItems()}): empty if nothing is cached there. */
    public Optional<Map<String, AttributeValue>> cached(String partitionKey) {
        return item(partitionKey).flatMap(SummaryTable::withoutLease);
    }

    /**
     * Ends the lease on {@code partitionKey} (and the failure it carries), as its expiry would: the lease attributes
     * are removed, and an item that only held the lease is deleted.
     */
    public void endLease(String partitionKey) {
        if (cached(partitionKey).isEmpty()) {
            delete(partitionKey);
        } else {
            dynamoDb.updateItem(update -> update.tableName(name).key(key(partitionKey))
                    .updateExpression("REMOVE #owner, #until, #failure")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#until", "leaseUntil",
                            "#failure", "failure")));
        }
    }

    /** The lease attributes the functions keep on a cached item. */
    private static final List<String> LEASE_ATTRIBUTES = List.of("owner", "leaseUntil", "failure");

    private static Optional<Map<String, AttributeValue>> withoutLease(Map<String, AttributeValue> item) {
        if (!item.containsKey("kind")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> data = new HashMap<>(item);
        LEASE_ATTRIBUTES.forEach(data::remove);
        return Optional.of(Map.copyOf(data));
    }

    public int cachedCount() {
        return cachedItems().size();
    }

    public void delete(String partitionKey) {
        dynamoDb.deleteItem(delete -> delete.tableName(name).key(key(partitionKey)));
    }

    /** Removes every item, e.g. to force a cache miss. */
    public void clear() {
        items().forEach(item -> delete(item.get(AwsResources.PARTITION_KEY).s()));
    }

    public TimeToLiveDescription timeToLive() {
        return dynamoDb.describeTimeToLive(describe -> describe.tableName(name)).timeToLiveDescription();
    }

    private static Map<String, AttributeValue> key(String partitionKey) {
        return Map.of(AwsResources.PARTITION_KEY, AttributeValue.fromS(partitionKey));
    }

    public static JsonNode toJson(Map<String, AttributeValue> item) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        item.forEach((attribute, value) -> json.set(attribute, toJson(value)));
        return json;
    }

    private static JsonNode toJson(AttributeValue value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value.type()) {
            case S -> nodes.textNode(value.s());
            case N -> nodes.numberNode(new BigDecimal(value.n()));
            case BOOL -> nodes.booleanNode(value.bool());
            case NUL -> nodes.nullNode();
            case B -> nodes.binaryNode(value.b().asByteArray());
            case M -> toJson(value.m());
            case L -> array(value.l().stream().map(SummaryTable::toJson).toList());
            case SS -> array(value.ss().stream().map(s -> (JsonNode) nodes.textNode(s)).toList());
            case NS -> array(value.ns().stream().map(n -> (JsonNode) nodes.numberNode(new BigDecimal(n))).toList());
            case BS -> array(value.bs().stream().map(b -> (JsonNode) nodes.binaryNode(b.asByteArray())).toList());
            case UNKNOWN_TO_SDK_VERSION -> nodes.textNode(value.toString());
        };
    }

    private static ArrayNode array(List<JsonNode> elements) {
        return JsonNodeFactory.instance.arrayNode().addAll(elements);
    }
}
