package com.sendsummary.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The batching of {@link DynamoDbCacheStore#readAll}; its conditional writes and leases run against moto in AwsFacingBehaviour. */
class DynamoDbCacheStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final InMemoryDynamoDb dynamoDb = new InMemoryDynamoDb("summaries");
    private final DynamoDbCacheStore cache = new DynamoDbCacheStore(dynamoDb, "summaries", java.time.Duration.ofSeconds(5));

    @Test
    void readAll_whenSomeKeysCached_returnsOnlyThoseFromOneBatchGet() {
        dynamoDb.putRaw("SUMMARY#default#1", "summary", "{\"jobId\":1}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("SUMMARY#default#2", "notFound", null, NOW.toEpochMilli(), NOW.getEpochSecond() + 60);

        var entries = cache.readAll(List.of("SUMMARY#default#1", "SUMMARY#default#2", "SUMMARY#default#3"));

        assertThat(entries).containsOnlyKeys("SUMMARY#default#1", "SUMMARY#default#2");
        assertThat(entries.get("SUMMARY#default#1"))
                .isEqualTo(new CacheEntry("SUMMARY#default#1", "summary", "{\"jobId\":1}", NOW,
                        NOW.plusSeconds(60), NOW.plusSeconds(60)));
        assertThat(entries.get("SUMMARY#default#2").payload()).isNull();
        assertThat(dynamoDb.batchGets()).hasSize(1);
    }

    @Test
    void readAll_whenItemExpiredButNotYetDeleted_returnsItForTheCallerToJudge() {
        dynamoDb.putRaw("SUMMARY#default#1", "summary", "{}", NOW.minusSeconds(120).toEpochMilli(), NOW.getEpochSecond());

        assertThat(cache.readAll(List.of("SUMMARY#default#1"))).containsOnlyKeys("SUMMARY#default#1");
    }

    @Test
    void readAll_whenDynamoDbLeavesKeysUnprocessed_retriesThem() {
        dynamoDb.putRaw("a", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("b", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.leaveUnprocessed(2, 1);

        var entries = cache.readAll(List.of("a", "b"));

        assertThat(entries).containsOnlyKeys("a", "b");
        assertThat(dynamoDb.batchGets()).hasSize(3);
        assertThat(dynamoDb.batchGets().get(2).requestItems().get("summaries").keys()).hasSize(1);
    }

    @Test
    void readAll_whenKeysStayUnprocessed_givesUpAfterBoundedRetriesAndReportsThemAbsent() {
        dynamoDb.putRaw("a", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("b", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.leaveUnprocessed(1, 1, 1, 1, 1, 1);

        var entries = cache.readAll(List.of("a", "b"));

        assertThat(entries).containsOnlyKeys("b");
        assertThat(dynamoDb.batchGets()).hasSize(1 + DynamoDbCacheStore.UNPROCESSED_RETRIES);
    }

    @Test
    void readAll_whenKeysRepeatOrExceedOneCall_sendsDistinctKeysInCallsOfAtMost100() {
        List<String> keys = IntStream.rangeClosed(1, 150).mapToObj(i -> "k" + (i % 120)).toList();

        assertThat(cache.readAll(keys)).isEmpty();

        assertThat(dynamoDb.batchGets()).extracting(r -> r.requestItems().get("summaries").keys().size())
                .containsExactly(100, 20);
    }
}
