package com.sendsummary.engagement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sendsummary.cache.AwsCallTimeouts;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import com.sendsummary.summary.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link EngagementStore} on the cache table and the state bucket.
 *
 * <p>Item attributes: {@code pk}, {@code kind} ({@value #KIND}), {@code v} (version), {@code result},
 * {@code timelineHour}, {@code timelineDay} (JSON), {@code fetchedAt} (epoch ms), {@code freshUntil} (epoch s, like
 * the summaries'), {@code fullAsOf} (epoch ms), {@code doneState} (blob reference), {@code computation} (JSON of
 * {@link Computation}) and {@code expiresAt}, the table's TTL, {@link #RETENTION} after the last write. An item of
 * the earlier format (kind {@code engagement}, a {@code payload}) reads as absent and is replaced.
 *
 * <p>Blobs up to {@value #INLINE_MAX_BYTES} bytes travel inside their reference ({@code inline:<base64>}), so small
 * sends never touch S3 and an item stays under DynamoDB's 400 KB with two of them; larger ones are objects
 * {@code state/<name>} in the bucket ({@code s3:<key>}), removed by its lifecycle rule.
 */
public final class DynamoDbEngagementStore implements EngagementStore {
    static final String KIND = "engagement-v2";
    static final int INLINE_MAX_BYTES = 96 * 1024;
    /** How long an item outlives its last write: a result serves stale for days, a state is the next pass's base. */
    static final Duration RETENTION = Duration.ofDays(30);
    private static final String INLINE = "inline:";
    private static final String S3 = "s3:";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Supplier<S3Client> s3;
    private final Optional<String> bucket;
    private final Duration callTimeout;

    public DynamoDbEngagementStore(DynamoDbClient dynamoDb, String table, Supplier<S3Client> s3,
                                   Optional<String> bucket, Duration callTimeout) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.s3 = s3;
        this.bucket = bucket;
        this.callTimeout = callTimeout;
    }

    @Override
    public Optional<EngagementItem> read(String key, boolean consistent) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(Map.of("pk", s(key)))
                .consistentRead(consistent).overrideConfiguration(timeouts()));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        if (!KIND.equals(string(item, "kind")) || !item.containsKey("v")) {
            return Optional.empty();
        }
        try {
            String computation = string(item, "computation");
            return Optional.of(new EngagementItem(key, Long.parseLong(item.get("v").n()), string(item, "result"),
                    string(item, "timelineHour"), string(item, "timelineDay"), millis(item, "fetchedAt"),
                    seconds(item, "freshUntil"), millis(item, "fullAsOf"), string(item, "doneState"),
                    computation == null ? null : Json.MAPPER.readValue(computation, Computation.class)));
        } catch (JsonProcessingException | RuntimeException unreadable) {
            // An item this version cannot read is rebuilt, like an absent one, and replaced by the next write.
            return Optional.of(new EngagementItem(key, version(item), null, null, null, null, null, null, null, null));
        }
    }

    private static long version(Map<String, AttributeValue> item) {
        try {
            return Long.parseLong(item.get("v").n());
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    @Override
    public Optional<EngagementItem> write(EngagementItem item) {
        Deadline.current().check("the engagement write");
        long next = item.version() + 1;
        Map<String, AttributeValue> attributes = new HashMap<>();
        attributes.put("pk", s(item.key()));
        attributes.put("kind", s(KIND));
        attributes.put("v", n(next));
        putString(attributes, "result", item.result());
        putString(attributes, "timelineHour", item.timelineHour());
        putString(attributes, "timelineDay", item.timelineDay());
        putString(attributes, "doneState", item.doneState());
        if (item.fetchedAt() != null) {
            attributes.put("fetchedAt", n(item.fetchedAt().toEpochMilli()));
        }
        if (item.freshUntil() != null) {
            attributes.put("freshUntil", n(item.freshUntil().getEpochSecond()));
        }
        if (item.fullAsOf() != null) {
            attributes.put("fullAsOf", n(item.fullAsOf().toEpochMilli()));
        }
        if (item.computation() != null) {
            try {
                attributes.put("computation", s(Json.MAPPER.writeValueAsString(item.computation())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A computation could not be written as JSON", e);
            }
        }
        attributes.put("expiresAt", n(Instant.now().plus(RETENTION).getEpochSecond()));
        try {
            if (item.version() == 0) {
                // No item, or one of the earlier format (no version): replaced, unless a writer of this format came first.
                dynamoDb.putItem(r -> r.tableName(table).item(attributes)
                        .conditionExpression("attribute_not_exists(v)").overrideConfiguration(timeouts()));
            } else {
                dynamoDb.putItem(r -> r.tableName(table).item(attributes).conditionExpression("v = :v")
                        .expressionAttributeValues(Map.of(":v", n(item.version()))).overrideConfiguration(timeouts()));
            }
        } catch (ConditionalCheckFailedException lost) {
            return Optional.empty();
        }
        return Optional.of(new EngagementItem(item.key(), next, item.result(), item.timelineHour(),
                item.timelineDay(), item.fetchedAt(), item.freshUntil(), item.fullAsOf(), item.doneState(),
                item.computation()));
    }

    @Override
    public String putBlob(String name, byte[] bytes) {
        if (bytes.length <= INLINE_MAX_BYTES) {
            return INLINE + Base64.getEncoder().encodeToString(bytes);
        }
        String objectKey = "state/" + name;
        String bucketName = bucket.orElseThrow(() -> new ConfigurationException(
                "ENGAGEMENT_STATE_BUCKET is not set: an engagement state of " + bytes.length + " bytes needs it"));
        Deadline.current().check("the state upload");
        s3.get().putObject(r -> r.bucket(bucketName).key(objectKey).overrideConfiguration(timeouts()),
                RequestBody.fromBytes(bytes));
        return S3 + objectKey;
    }

    @Override
    public byte[] getBlob(String reference) {
        if (reference.startsWith(INLINE)) {
            return Base64.getDecoder().decode(reference.substring(INLINE.length()));
        }
        if (reference.startsWith(S3)) {
            String bucketName = bucket.orElseThrow(() -> new ConfigurationException(
                    "ENGAGEMENT_STATE_BUCKET is not set: the engagement state is in S3"));
            return s3.get().getObjectAsBytes(r -> r.bucket(bucketName).key(reference.substring(S3.length()))
                    .overrideConfiguration(timeouts())).asByteArray();
        }
        throw new IllegalArgumentException("Not a state reference: " + reference.substring(0,
                Math.min(12, reference.length())));
    }

    private AwsRequestOverrideConfiguration timeouts() {
        return AwsCallTimeouts.of(callTimeout);
    }

    private static void putString(Map<String, AttributeValue> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, s(value));
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant millis(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static Instant seconds(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.n()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
