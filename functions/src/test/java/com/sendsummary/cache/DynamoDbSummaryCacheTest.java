package com.sendsummary.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DynamoDbSummaryCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final InMemoryDynamoDb dynamoDb = new InMemoryDynamoDb("summaries");
    private final DynamoDbSummaryCache cache = new DynamoDbSummaryCache(dynamoDb, "summaries");

    @Test
    void getAll_whenSomeKeysCachedAndValid_returnsOnlyThoseFromOneBatchGet() {
        dynamoDb.putRaw("SUMMARY#default#1", "summary", "{\"jobId\":1}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("SUMMARY#default#2", "notFound", null, NOW.toEpochMilli(), NOW.getEpochSecond() + 60);

        var entries = cache.getAll(List.of("SUMMARY#default#1", "SUMMARY#default#2", "SUMMARY#default#3"), NOW);

        assertThat(entries).containsOnlyKeys("SUMMARY#default#1", "SUMMARY#default#2");
        assertThat(entries.get("SUMMARY#default#1"))
                .isEqualTo(new CacheEntry("SUMMARY#default#1", "summary", "{\"jobId\":1}", NOW,
                        NOW.plusSeconds(60)));
        assertThat(entries.get("SUMMARY#default#2").payload()).isNull();
        assertThat(dynamoDb.batchGets()).hasSize(1);
    }

    @Test
    void getAll_whenItemExpiredButNotYetDeleted_leavesItOut() {
        dynamoDb.putRaw("SUMMARY#default#1", "summary", "{}", NOW.minusSeconds(120).toEpochMilli(), NOW.getEpochSecond());

        assertThat(cache.getAll(List.of("SUMMARY#default#1"), NOW)).isEmpty();
    }

    @Test
    void getAll_whenDynamoDbLeavesKeysUnprocessed_retriesThem() {
        dynamoDb.putRaw("a", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("b", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.leaveUnprocessed(2, 1);

        var entries = cache.getAll(List.of("a", "b"), NOW);

        assertThat(entries).containsOnlyKeys("a", "b");
        assertThat(dynamoDb.batchGets()).hasSize(3);
        assertThat(dynamoDb.batchGets().get(2).requestItems().get("summaries").keys()).hasSize(1);
    }

    @Test
    void getAll_whenKeysStayUnprocessed_givesUpAfterBoundedRetriesAndReportsThemAbsent() {
        dynamoDb.putRaw("a", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.putRaw("b", "summary", "{}", NOW.toEpochMilli(), NOW.getEpochSecond() + 60);
        dynamoDb.leaveUnprocessed(1, 1, 1, 1, 1, 1);

        var entries = cache.getAll(List.of("a", "b"), NOW);

        assertThat(entries).containsOnlyKeys("b");
        assertThat(dynamoDb.batchGets()).hasSize(1 + DynamoDbSummaryCache.UNPROCESSED_RETRIES);
    }

    @Test
    void getAll_whenKeysRepeatOrExceedOneCall_sendsDistinctKeysInCallsOfAtMost100() {
        List<String> keys = IntStream.rangeClosed(1, 150).mapToObj(i -> "k" + (i % 120)).toList();

        assertThat(cache.getAll(keys, NOW)).isEmpty();

        assertThat(dynamoDb.batchGets()).extracting(r -> r.requestItems().get("summaries").keys().size())
                .containsExactly(100, 20);
    }
}
