package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.engagement.DynamoDbEngagementStore;
import com.sendsummary.engagement.EngagementItem;
import com.sendsummary.sfmc.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The engagement store on moto, with the SDK clients the functions use: the version rule of every write, an item of
 * the earlier format replaced, and states kept in the item up to 96 KB and in the bucket above (the path only the
 * large sends of the benchmark take otherwise).
 */
class EngagementStoreIT {
    private static final String TABLE = "engagement-store-it";
    private static final String BUCKET = "engagement-store-it";

    private static MotoServer moto;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static DynamoDbEngagementStore store;

    @BeforeAll
    static void start() {
        ProjectLayout layout = ProjectLayout.detect();
        moto = MotoServer.start(layout, Logs.toFiles(layout.logDirectory()));
        AwsResources aws = new AwsResources(moto.endpoint());
        aws.createSummaryTable(TABLE);
        aws.createBucket(BUCKET);
        dynamoDb = AwsResources.dynamoDb(moto.endpoint());
        s3 = AwsResources.s3(moto.endpoint());
        store = new DynamoDbEngagementStore(dynamoDb, TABLE, () -> s3, Optional.of(BUCKET), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void write_isConditionalOnTheVersionRead() {
        String key = "ENGAGEMENT#default#1";
        EngagementItem first = run(() -> store.write(item(key, 0, "{\"jobId\":1}"))).orElseThrow();
        EngagementItem stale = item(key, 0, "{\"jobId\":2}");

        Optional<EngagementItem> lost = run(() -> store.write(stale));
        Optional<EngagementItem> second = run(() -> store.write(item(key, first.version(), "{\"jobId\":3}")));

        assertThat(first.version()).isEqualTo(1);
        assertThat(lost).as("a writer that read no item loses to the first").isEmpty();
        assertThat(second.orElseThrow().version()).isEqualTo(2);
        assertThat(run(() -> store.read(key, true)).orElseThrow().result()).isEqualTo("{\"jobId\":3}");
        assertThat(run(() -> store.write(item(key, first.version(), "{\"jobId\":4}")))).as("version 1 is gone")
                .isEmpty();
    }

    @Test
    void anItemOfTheEarlierFormat_readsAsAbsentAndIsReplaced() {
        String key = "ENGAGEMENT#default#2";
        dynamoDb.putItem(r -> r.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key),
                "kind", AttributeValue.fromS("engagement"), "payload", AttributeValue.fromS("{}"))));

        assertThat(run(() -> store.read(key, true))).isEmpty();
        assertThat(run(() -> store.write(item(key, 0, "{\"jobId\":2}")))).isPresent();
        assertThat(dynamoDb.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key)))).item())
                .doesNotContainKey("payload").containsEntry("kind", AttributeValue.fromS("engagement-v2"));
    }

    @Test
    void blobs_stayInTheReferenceUpTo96KiB_andGoToTheBucketAbove() {
        byte[] small = bytes(96 * 1024);
        byte[] large = bytes(96 * 1024 + 1);

        String inline = run(() -> store.putBlob("ENGAGEMENT/default/3/c-1", small));
        String inBucket = run(() -> store.putBlob("ENGAGEMENT/default/3/c-2", large));

        assertThat(inline).startsWith("inline:");
        assertThat(inBucket).isEqualTo("s3:state/ENGAGEMENT/default/3/c-2");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("state/ENGAGEMENT/default/3/c-2")).asByteArray())
                .isEqualTo(large);
        assertThat(run(() -> store.getBlob(inline))).isEqualTo(small);
        assertThat(run(() -> store.getBlob(inBucket))).isEqualTo(large);
    }

    @Test
    void aLargeBlobWithoutABucket_isAConfigurationError() {
        DynamoDbEngagementStore noBucket = new DynamoDbEngagementStore(dynamoDb, TABLE, () -> s3, Optional.empty(),
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> run(() -> noBucket.putBlob("x", bytes(200_000))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ENGAGEMENT_STATE_BUCKET");
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static <T> T run(java.util.concurrent.Callable<T> work) {
        return Deadline.in(Duration.ofSeconds(10)).run(work);
    }

    /** An item with a result only, as read at {@code version}. */
    private static EngagementItem item(String key, long version, String result) {
        return new EngagementItem(key, version, result, null, null, Instant.parse("2026-12-02T00:00:00Z"), null, null,
                null, null);
    }
}
