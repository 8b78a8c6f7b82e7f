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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The cache in one DynamoDB table: partition key {@code pk}, TTL attribute {@code expiresAt}.
 *
 * <p>Data items hold {@code kind}, {@code payload} (JSON text), {@code fetchedAt} (epoch milliseconds),
 * {@code freshUntil} (epoch seconds, end of freshness: {@link CacheEntry#expiresAt()}) and {@code expiresAt} (epoch
 * seconds, the table's TTL attribute: when DynamoDB may delete the item, after the stale horizon:
 * {@link CacheEntry#deleteAt()}). The TTL attribute kept its name from the first version, whose items carry no
 * {@code freshUntil} and are fresh until {@code expiresAt}, so the table needs no migration.
 *
 * <p>A key's lease lives in the key's own item: {@code owner}, {@code leaseUntil} (epoch milliseconds) and an optional
 * {@code failure} code. Taking it is one conditional {@code UpdateItem} that also returns the item, and a fetch's
 * write ends it in the same call, so a miss costs three calls (read, lease, write). An item that holds only a lease
 * gets an {@code expiresAt} ten minutes after the lease ends, so DynamoDB removes it. Data writes are updates, which
 * keep a lease another container holds on the item. Every call is bounded by the request's {@link Deadline} as well
 * as the client's own timeout.
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
    /** Items that only hold a lease stay this long after it ends (for inspection) before DynamoDB's TTL removes them. */
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
        try {
            dynamoDb.updateItem(dataUpdate(entry, damagedAfter, null).build());
            return true;
        } catch (ConditionalCheckFailedException keptWhatIsThere) {
            return false;
        }
    }

    @Override
    public boolean writeReleasing(CacheEntry entry, Instant damagedAfter, String owner, Instant now) {
        Deadline.current().check("the cache write");
        try {
            dynamoDb.updateItem(dataUpdate(entry, damagedAfter, owner).build());
            return true;
        } catch (ConditionalCheckFailedException writeRefusedOrLeaseLost) {
            // Rare: a newer item is there, or the lease ran out and another container holds it now.
            boolean written = write(entry, damagedAfter);
            releaseLease(entry.key(), owner, now, null, Duration.ZERO);
            return written;
        }
    }

    /**
     * The update that writes {@code entry}'s data attributes (keeping any lease), or, with an {@code owner}, also
     * ends that owner's lease in the same call.
     */
    private UpdateItemRequest.Builder dataUpdate(CacheEntry entry, Instant damagedAfter, String owner) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#kind", KIND, "#payload", PAYLOAD,
                "#fetchedAt", FETCHED_AT, "#freshUntil", FRESH_UNTIL, "#expiresAt", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":kind", s(entry.kind()),
                ":fetchedAt", n(entry.fetchedAt().toEpochMilli()),
                ":freshUntil", n(entry.expiresAt().getEpochSecond()),
                ":expiresAt", n(entry.deleteAt().getEpochSecond()),
                ":number", s("N"),
                ":damagedAfter", n(damagedAfter.toEpochMilli())));
        StringBuilder update = new StringBuilder(
                "SET #kind = :kind, #fetchedAt = :fetchedAt, #freshUntil = :freshUntil, #expiresAt = :expiresAt");
        List<String> removed = new ArrayList<>();
        if (entry.payload() != null) {
            update.append(", #payload = :payload");
            values.put(":payload", s(entry.payload()));
        } else {
            removed.add("#payload");
        }
        // Replaceable: nothing there, a damaged item (no numeric fetchedAt, no expiresAt, a fetchedAt in the future),
        // or an older fetch. A "not found" only replaces an older "not found": it never overwrites data.
        String condition = "attribute_not_exists(#pk) OR NOT attribute_type(#fetchedAt, :number)"
                + " OR attribute_not_exists(#expiresAt) OR #fetchedAt > :damagedAfter OR "
                + (entry.isNotFound() ? "(#fetchedAt < :fetchedAt AND #kind = :notFound)" : "#fetchedAt < :fetchedAt");
        if (entry.isNotFound()) {
            values.put(":notFound", s(CacheEntry.KIND_NOT_FOUND));
        }
        if (owner != null) {
            removed.addAll(List.of("#owner", "#until", "#failure"));
            names.putAll(Map.of("#owner", OWNER, "#until", LEASE_UNTIL, "#failure", FAILURE));
            values.put(":owner", s(owner));
            condition = "(" + condition + ") AND #owner = :owner";
        }
        if (!removed.isEmpty()) {
            update.append(" REMOVE ").append(String.join(", ", removed));
        }
        return UpdateItemRequest.builder().tableName(table)
                .key(Map.of(PK, s(entry.key())))
                .updateExpression(update.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .overrideConfiguration(timeouts());
    }

    @Override
    public Leased tryLease(String key, String owner, Instant now, Duration duration) {
        Instant until = now.plus(duration);
        try {
            UpdateItemResponse response = dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of(PK, s(key)))
                    // An item with data keeps its expiresAt; one that only holds the lease is removed after it.
                    .updateExpression("SET #owner = :owner, #until = :until,"
                            + " #expiresAt = if_not_exists(#expiresAt, :linger) REMOVE #failure")
                    .conditionExpression("attribute_not_exists(#until) OR NOT attribute_type(#until, :number)"
                            + " OR #until <= :now")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#until", LEASE_UNTIL,
                            "#expiresAt", EXPIRES_AT, "#failure", FAILURE))
                    .expressionAttributeValues(Map.of(":owner", s(owner), ":until", n(until.toEpochMilli()),
                            ":linger", n(until.plus(LEASE_LINGER).getEpochSecond()),
                            ":now", n(now.toEpochMilli()), ":number", s("N")))
                    .returnValues(ReturnValue.ALL_NEW)
                    .overrideConfiguration(timeouts()));
            return new Leased(true, response.hasAttributes() ? entry(response.attributes()) : Optional.empty());
        } catch (ConditionalCheckFailedException heldByAnother) {
            return Leased.refused();
        }
    }

    @Override
    public void releaseLease(String key, String owner, Instant now, String failure, Duration rememberFor) {
        Instant until = failure == null ? now : now.plus(rememberFor);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":owner", s(owner), ":until", n(until.toEpochMilli())));
        String update;
        if (failure == null) {
            update = "SET #until = :until REMOVE #failure";
        } else {
            update = "SET #until = :until, #failure = :failure";
            values.put(":failure", s(failure));
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of(PK, s(key)))
                    .updateExpression(update)
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#until", LEASE_UNTIL, "#failure", FAILURE))
                    .expressionAttributeValues(values)
                    .overrideConfiguration(timeouts()));
        } catch (ConditionalCheckFailedException takenOverAlready) {
            // Our lease ran out and another container holds it now (or our write ended it): leave it alone.
        }
    }

    @Override
    public Optional<Lease> lease(String key, Instant now) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(key))).consistentRead(true)
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
