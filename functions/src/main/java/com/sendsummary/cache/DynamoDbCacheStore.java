package com.sendsummary.cache;

import com.sendsummary.sfmc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The cache in one DynamoDB table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 *
 * <p>Data items hold {@code kind}, {@code payload} (JSON text), {@code fetchedAt} (epoch milliseconds),
 * {@code freshUntil} (epoch seconds, end of freshness: {@link CacheEntry#expiresAt()}) and {@code expiresAt} (epoch
 * seconds, the table's TTL attribute: when DynamoDB may delete the item, after the stale horizon:
 * {@link CacheEntry#deleteAt()}). The TTL attribute kept its name from the first version, whose items carry no
 * {@code freshUntil} and are fresh until {@code expiresAt}, so the table needs no migration. Lease items
 * ({@code LEASE#<name>}) hold {@code owner}, {@code leaseUntil} (epoch milliseconds), an optional {@code failure} code
 * and {@code expiresAt}. Every call is bounded by the request's {@link Deadline} as well as the client's own timeout.
 */
public final class DynamoDbCacheStore implements CacheStore {
    static final String PK = "pk";
    static final String KIND = "kind";
    static final String PAYLOAD = "payload";
    static final String FETCHED_AT = "fetchedAt";
    static final String FRESH_UNTIL = "freshUntil";
    /** The table's TTL attribute. */
    static final String EXPIRES_AT = "expiresAt";
    static final String OWNER = "owner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String FAILURE = "failure";
    static final String LEASE_PREFIX = "LEASE#";
    /** Lease items stay this long after they end (for inspection) before DynamoDB's TTL removes them. */
    private static final Duration LEASE_LINGER = Duration.ofMinutes(10);
    /** BatchGetItem's limit of keys per request. */
    static final int BATCH_GET_MAX_KEYS = 100;
    /** Further BatchGetItem calls for keys DynamoDB left unprocessed, with exponential back-off from 25 ms. */
    static final int UNPROCESSED_RETRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration callTimeout;

    /** @param callTimeout the longest a single call may take (shortened further by the request's deadline) */
    public DynamoDbCacheStore(DynamoDbClient dynamoDb, String table, Duration callTimeout) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.callTimeout = callTimeout;
    }

    @Override
    public Optional<CacheEntry> read(String key) {
        return read(key, false);
    }

    @Override
    public Optional<CacheEntry> readLatest(String key) {
        return read(key, true);
    }

    private Optional<CacheEntry> read(String key, boolean consistent) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(Map.of(PK, s(key)))
                .consistentRead(consistent)
                .overrideConfiguration(timeouts()));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return entry(response.item());
    }

    /**
     * Read with BatchGetItem (one call per 100 keys). Keys DynamoDB still leaves unprocessed after
     * {@value #UNPROCESSED_RETRIES} retries are left out: the caller then treats them as misses, which is slower but
     * correct.
     */
    @Override
    public Map<String, CacheEntry> readAll(List<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));   // BatchGetItem rejects duplicate keys
        Map<String, CacheEntry> found = new HashMap<>();
        for (int start = 0; start < distinct.size(); start += BATCH_GET_MAX_KEYS) {
            List<Map<String, AttributeValue>> chunk = new ArrayList<>();
            for (String key : distinct.subList(start, Math.min(distinct.size(), start + BATCH_GET_MAX_KEYS))) {
                chunk.add(Map.of(PK, s(key)));
            }
            for (Map<String, AttributeValue> item : batchGet(chunk)) {
                entry(item).ifPresent(entry -> found.put(entry.key(), entry));
            }
        }
        return found;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 0; ; attempt++) {
            List<Map<String, AttributeValue>> requested = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(
                    Map.of(table, KeysAndAttributes.builder().keys(requested).build()))
                    .overrideConfiguration(timeouts()));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
            pending = unprocessed == null || !unprocessed.hasKeys() ? List.of() : unprocessed.keys();
            if (pending.isEmpty() || attempt == UNPROCESSED_RETRIES || !backOff(attempt + 1)) {
                return items;
            }
        }
    }

    /** Sleeps before retry {@code attempt}; false if interrupted or the deadline is too close (the retry is skipped). */
    private static boolean backOff(int attempt) {
        Duration pause = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
        if (Deadline.current().remaining().compareTo(pause.multipliedBy(4)) < 0) {
            return false;
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean write(CacheEntry entry, Instant damagedAfter) {
        Deadline.current().check("the cache write");
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(entry.key()));
        item.put(KIND, s(entry.kind()));
        if (entry.payload() != null) {
            item.put(PAYLOAD, s(entry.payload()));
        }
        item.put(FETCHED_AT, n(entry.fetchedAt().toEpochMilli()));
        item.put(FRESH_UNTIL, n(entry.expiresAt().getEpochSecond()));
        item.put(EXPIRES_AT, n(entry.deleteAt().getEpochSecond()));
        // Replaceable: nothing there, a damaged item (no numeric fetchedAt, no expiresAt, a fetchedAt in the future),
        // or an older fetch. A "not found" only replaces an older "not found": it never overwrites data.
        String replaceable = "attribute_not_exists(#pk) OR NOT attribute_type(#fetchedAt, :number)"
                + " OR attribute_not_exists(#expiresAt) OR #fetchedAt > :damagedAfter OR ";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":fetchedAt", n(entry.fetchedAt().toEpochMilli()),
                ":number", s("N"),
                ":damagedAfter", n(damagedAfter.toEpochMilli())));
        String condition;
        if (entry.isNotFound()) {
            condition = replaceable + "(#fetchedAt < :fetchedAt AND #kind = :notFound)";
            values.put(":notFound", s(CacheEntry.KIND_NOT_FOUND));
        } else {
            condition = replaceable + "#fetchedAt < :fetchedAt";
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#fetchedAt", FETCHED_AT,
                "#expiresAt", EXPIRES_AT));
        if (entry.isNotFound()) {
            names.put("#kind", KIND);
        }
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .overrideConfiguration(timeouts()));
            return true;
        } catch (ConditionalCheckFailedException keptWhatIsThere) {
            return false;
        }
    }

    @Override
    public boolean tryLease(String name, String owner, Instant now, Duration duration) {
        Instant until = now.plus(duration);
        Map<String, AttributeValue> item = Map.of(
                PK, s(LEASE_PREFIX + name),
                OWNER, s(owner),
                LEASE_UNTIL, n(until.toEpochMilli()),
                EXPIRES_AT, n(until.plus(LEASE_LINGER).getEpochSecond()));
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR NOT attribute_type(#until, :number)"
                            + " OR #until <= :now")
                    .expressionAttributeNames(Map.of("#pk", PK, "#until", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":number", s("N")))
                    .overrideConfiguration(timeouts()));
            return true;
        } catch (ConditionalCheckFailedException heldByAnother) {
            return false;
        }
    }

    @Override
    public void releaseLease(String name, String owner, Instant now, String failure, Duration rememberFor) {
        // A put, not a delete: the functions need no DeleteItem permission, and the item's TTL removes it.
        Instant until = failure == null ? now : now.plus(rememberFor);
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                PK, s(LEASE_PREFIX + name),
                OWNER, s(owner),
                LEASE_UNTIL, n(until.toEpochMilli()),
                EXPIRES_AT, n(until.plus(LEASE_LINGER).getEpochSecond())));
        if (failure != null) {
            item.put(FAILURE, s(failure));
        }
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", OWNER))
                    .expressionAttributeValues(Map.of(":owner", s(owner)))
                    .overrideConfiguration(timeouts()));
        } catch (ConditionalCheckFailedException takenOverAlready) {
            // Our lease ran out and another container holds it now: leave theirs alone.
        }
    }

    @Override
    public Optional<Lease> lease(String name, Instant now) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(LEASE_PREFIX + name))).consistentRead(true)
                .overrideConfiguration(timeouts()));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Long until = number(response.item().get(LEASE_UNTIL));
        if (until == null || until <= now.toEpochMilli()) {
            return Optional.empty();
        }
        AttributeValue owner = response.item().get(OWNER);
        AttributeValue failure = response.item().get(FAILURE);
        return Optional.of(new Lease(owner == null ? null : owner.s(), failure == null ? null : failure.s()));
    }

    private AwsRequestOverrideConfiguration timeouts() {
        return AwsCallTimeouts.of(callTimeout);
    }

    /** The item as an entry; empty, so absent, when it lacks an attribute or holds one of the wrong type. */
    private static Optional<CacheEntry> entry(Map<String, AttributeValue> item) {
        AttributeValue payload = item.get(PAYLOAD);
        String kind = item.containsKey(KIND) ? item.get(KIND).s() : null;
        Long fetchedAt = number(item.get(FETCHED_AT));
        Long freshUntil = number(item.get(FRESH_UNTIL));
        Long expiresAt = number(item.get(EXPIRES_AT));
        if (kind == null || fetchedAt == null || expiresAt == null) {
            return Optional.empty();
        }
        Instant deleteAt = Instant.ofEpochSecond(expiresAt);
        return Optional.of(new CacheEntry(item.get(PK).s(), kind, payload == null ? null : payload.s(),
                Instant.ofEpochMilli(fetchedAt), freshUntil == null ? deleteAt : Instant.ofEpochSecond(freshUntil),
                deleteAt));
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
