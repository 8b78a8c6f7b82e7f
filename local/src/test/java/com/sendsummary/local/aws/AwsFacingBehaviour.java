package com.sendsummary.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.CacheStore;
import com.sendsummary.cache.DynamoDbCacheStore;
import com.sendsummary.config.ConfigurationException;
import com.sendsummary.local.AwsResources;
import com.sendsummary.local.SfmcSecret;
import com.sendsummary.secrets.SecretsManagerCredentials;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The functions' AWS-facing code ({@link DynamoDbCacheStore}, {@link SecretsManagerCredentials}) against a real
 * AWS-compatible endpoint. Run against moto ({@link MotoAwsFacingIT}, always) and LocalStack
 * ({@link LocalStackAwsFacingIT}, only where Docker exists), so coverage never depends on Docker.
 */
abstract class AwsFacingBehaviour {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** AWS resources on the endpoint under test; one table and secret namespace per test class. */
    abstract AwsResources aws();

    abstract String table();

    private DynamoDbCacheStore store() {
        return new DynamoDbCacheStore(aws().dynamoDb(), table(), Duration.ofSeconds(5));
    }

    private static String key() {
        return "TEST#" + UUID.randomUUID();
    }

    private static CacheEntry entry(String key, String payload, Instant fetchedAt, Duration ttl) {
        Instant expiresAt = fetchedAt.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        return new CacheEntry(key, "summary", payload, fetchedAt, expiresAt, expiresAt.plus(Duration.ofDays(7)));
    }

    private static CacheEntry notFound(String key, Instant fetchedAt) {
        Instant expiresAt = fetchedAt.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        return new CacheEntry(key, CacheEntry.KIND_NOT_FOUND, null, fetchedAt, expiresAt, expiresAt);
    }

    private static Instant damagedAfter() {
        return NOW.plus(Duration.ofMinutes(1));
    }

    @Test
    void cache_whenWrittenThenRead_returnsTheSameEntry() {
        CacheEntry written = entry(key(), "{\"jobId\":1}", NOW, Duration.ofMinutes(5));

        assertThat(store().write(written, damagedAfter())).isTrue();

        assertThat(store().read(written.key())).contains(written);
        assertThat(store().readLatest(written.key())).contains(written);
    }

    @Test
    void cache_whenOlderFetchArrivesAfterANewerOne_keepsTheNewer() {
        String key = key();
        CacheEntry newer = entry(key, "{\"v\":\"newer\"}", NOW, Duration.ofMinutes(5));
        CacheEntry older = entry(key, "{\"v\":\"older\"}", NOW.minusSeconds(30), Duration.ofMinutes(5));

        assertThat(store().write(newer, damagedAfter())).isTrue();
        assertThat(store().write(older, damagedAfter())).isFalse();

        assertThat(store().read(key)).hasValueSatisfying(e -> assertThat(e.payload()).contains("newer"));
    }

    @Test
    void cache_whenNotFoundArrivesAfterASummary_neverReplacesIt() {
        String key = key();
        CacheEntry summary = entry(key, "{\"v\":\"data\"}", NOW.minusSeconds(600), Duration.ofMinutes(5));
        store().write(summary, damagedAfter());

        assertThat(store().write(notFound(key, NOW), damagedAfter())).isFalse();

        assertThat(store().read(key)).contains(summary);
    }

    @Test
    void cache_whenNotFoundArrivesAfterAnOlderNotFound_replacesIt() {
        String key = key();
        store().write(notFound(key, NOW.minusSeconds(120)), damagedAfter());

        assertThat(store().write(notFound(key, NOW), damagedAfter())).isTrue();

        assertThat(store().read(key)).hasValueSatisfying(e -> assertThat(e.fetchedAt()).isEqualTo(NOW));
    }

    @Test
    void cache_whenItemHasAFetchedAtFarInTheFuture_replacesIt() {
        String key = key();
        store().write(entry(key, "{\"v\":\"future\"}", NOW.plus(Duration.ofDays(365)), Duration.ofMinutes(5)),
                NOW.plus(Duration.ofDays(400)));

        CacheEntry fresh = entry(key, "{\"v\":\"fresh\"}", NOW, Duration.ofMinutes(5));
        assertThat(store().write(fresh, damagedAfter())).isTrue();
        assertThat(store().write(notFound(key, NOW.plusMillis(1)), damagedAfter())).isFalse();

        assertThat(store().read(key)).contains(fresh);
    }

    @Test
    void cache_whenItemExpiredButStillStored_isStillReadSoItCanBeServedStale() {
        String key = key();
        CacheEntry expired = entry(key, "{}", NOW.minusSeconds(600), Duration.ofMinutes(5));
        store().write(expired, damagedAfter());

        assertThat(store().read(key)).contains(expired);
        assertThat(aws().dynamoDb().getItem(g -> g.tableName(table()).key(Map.of("pk", AttributeValue.fromS(key))))
                .item().get("expiresAt").n()).isEqualTo(Long.toString(expired.deleteAt().getEpochSecond()));
    }

    @Test
    void cache_whenItemDamaged_readsAsAbsentAndIsReplacedByTheNextWrite() {
        String key = key();
        aws().dynamoDb().putItem(p -> p.tableName(table()).item(Map.of(
                "pk", AttributeValue.fromS(key), "kind", AttributeValue.fromS("summary"),
                "fetchedAt", AttributeValue.fromS("yesterday"))));

        assertThat(store().read(key)).isEmpty();
        CacheEntry fresh = entry(key, "{\"v\":\"fresh\"}", NOW, Duration.ofMinutes(5));
        assertThat(store().write(fresh, damagedAfter())).isTrue();
        assertThat(store().read(key)).contains(fresh);
    }

    @Test
    void cache_whenItemLacksExpiresAt_isReplacedEvenByANotFound() {
        String key = key();
        aws().dynamoDb().putItem(p -> p.tableName(table()).item(Map.of(
                "pk", AttributeValue.fromS(key), "kind", AttributeValue.fromS("summary"),
                "fetchedAt", AttributeValue.fromN(Long.toString(NOW.plusSeconds(5).toEpochMilli())))));

        assertThat(store().write(notFound(key, NOW), damagedAfter())).isTrue();
    }

    @Test
    void cache_whenReadInBatch_returnsEveryReadableEntry() {
        CacheEntry valid = entry(key(), "{\"a\":1}", NOW, Duration.ofMinutes(5));
        CacheEntry expired = entry(key(), "{\"b\":2}", NOW.minusSeconds(600), Duration.ofMinutes(5));
        store().write(valid, damagedAfter());
        store().write(expired, damagedAfter());

        Map<String, CacheEntry> found = store().readAll(List.of(valid.key(), expired.key(), key()));

        assertThat(found).containsOnlyKeys(valid.key(), expired.key());
        assertThat(found.get(valid.key())).isEqualTo(valid);
    }

    @Test
    void lease_whenHeld_isRefusedToOthersUntilReleasedOrExpired() {
        String name = key();
        DynamoDbCacheStore store = store();

        assertThat(store.tryLease(name, "a", NOW, Duration.ofSeconds(15)).taken()).isTrue();
        assertThat(store.lease(name, NOW.plusSeconds(5))).contains(new CacheStore.Lease("a", null));
        assertThat(store.tryLease(name, "b", NOW.plusSeconds(5), Duration.ofSeconds(15)).taken()).isFalse();
        assertThat(store.tryLease(name, "b", NOW.plusSeconds(15), Duration.ofSeconds(15)).taken())
                .as("a crashed holder's lease expires by itself").isTrue();
        store.releaseLease(name, "a", NOW.plusSeconds(16), null, Duration.ZERO);
        assertThat(store.tryLease(name, "c", NOW.plusSeconds(16), Duration.ofSeconds(15)).taken())
                .as("a late release by the former holder does not end the new holder's lease").isFalse();
        store.releaseLease(name, "b", NOW.plusSeconds(17), null, Duration.ZERO);
        assertThat(store.tryLease(name, "c", NOW.plusSeconds(17), Duration.ofSeconds(15)).taken()).isTrue();
    }

    @Test
    void lease_whenTwentyContainersTakeItAtOnce_goesToExactlyOne() throws Exception {
        DynamoDbCacheStore store = store();
        for (int trial = 0; trial < 10; trial++) {
            String key = key();
            CyclicBarrier start = new CyclicBarrier(20);
            List<Callable<Boolean>> containers = new ArrayList<>();
            for (int container = 0; container < 20; container++) {
                String owner = "container-" + container;
                containers.add(() -> {
                    start.await();
                    return store.tryLease(key, owner, NOW, Duration.ofSeconds(15)).taken();
                });
            }
            try (ExecutorService threads = Executors.newFixedThreadPool(20)) {
                long taken = 0;
                for (Future<Boolean> result : threads.invokeAll(containers)) {
                    taken += result.get() ? 1 : 0;
                }
                assertThat(taken).as("trial %d", trial).isEqualTo(1);
            }
        }
    }

    @Test
    void lease_onACachedItem_answersTheItemAsTheLeaseFoundItAndKeepsItsData() {
        String key = key();
        DynamoDbCacheStore store = store();
        CacheEntry cached = entry(key, "{\"v\":\"cached\"}", NOW, Duration.ofMinutes(5));
        store.write(cached, damagedAfter());

        CacheStore.Leased leased = store.tryLease(key, "a", NOW, Duration.ofSeconds(15));

        assertThat(leased.taken()).isTrue();
        assertThat(leased.entry()).contains(cached);
        assertThat(store.read(key)).contains(cached);
        assertThat(store.lease(key, NOW.plusSeconds(1))).contains(new CacheStore.Lease("a", null));
        assertThat(store.tryLease(key, "b", NOW.plusSeconds(1), Duration.ofSeconds(15)))
                .isEqualTo(CacheStore.Leased.refused());
    }

    @Test
    void writeReleasing_writesTheFetchAndEndsTheLeaseInOneCall() {
        String key = key();
        DynamoDbCacheStore store = store();
        assertThat(store.tryLease(key, "a", NOW, Duration.ofSeconds(15)).entry()).isEmpty();
        CacheEntry fetched = entry(key, "{\"v\":\"fetched\"}", NOW, Duration.ofMinutes(5));

        assertThat(store.writeReleasing(fetched, damagedAfter(), "a", NOW.plusSeconds(1))).isTrue();

        assertThat(store.read(key)).contains(fetched);
        assertThat(store.lease(key, NOW.plusSeconds(1))).isEmpty();
        assertThat(aws().dynamoDb().getItem(g -> g.tableName(table()).key(Map.of("pk", AttributeValue.fromS(key))))
                .item()).doesNotContainKeys("owner", "leaseUntil", "failure")
                .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(fetched.deleteAt().getEpochSecond())));
    }

    @Test
    void writeReleasing_whenANewerFetchIsStored_keepsItAndStillEndsTheLease() {
        String key = key();
        DynamoDbCacheStore store = store();
        CacheEntry newer = entry(key, "{\"v\":\"newer\"}", NOW, Duration.ofMinutes(5));
        store.write(newer, damagedAfter());
        store.tryLease(key, "a", NOW, Duration.ofSeconds(15));

        assertThat(store.writeReleasing(entry(key, "{\"v\":\"older\"}", NOW.minusSeconds(30), Duration.ofMinutes(5)),
                damagedAfter(), "a", NOW.plusSeconds(1))).isFalse();

        assertThat(store.read(key)).contains(newer);
        assertThat(store.lease(key, NOW.plusSeconds(1))).isEmpty();
    }

    @Test
    void writeReleasing_whenTheLeaseWasTakenOver_writesAndLeavesTheNewHoldersLease() {
        String key = key();
        DynamoDbCacheStore store = store();
        store.tryLease(key, "a", NOW, Duration.ofSeconds(15));
        assertThat(store.tryLease(key, "b", NOW.plusSeconds(16), Duration.ofSeconds(15)).taken()).isTrue();
        CacheEntry fetched = entry(key, "{\"v\":\"late\"}", NOW.plusSeconds(17), Duration.ofMinutes(5));

        assertThat(store.writeReleasing(fetched, damagedAfter(), "a", NOW.plusSeconds(17))).isTrue();

        assertThat(store.read(key)).contains(fetched);
        assertThat(store.lease(key, NOW.plusSeconds(18))).contains(new CacheStore.Lease("b", null));
    }

    @Test
    void write_withoutALease_keepsTheLeaseAnotherContainerHoldsOnTheItem() {
        String key = key();
        DynamoDbCacheStore store = store();
        store.tryLease(key, "a", NOW, Duration.ofSeconds(15));
        CacheEntry listed = entry(key, "{\"v\":\"listed\"}", NOW, Duration.ofMinutes(5));

        assertThat(store.write(listed, damagedAfter())).isTrue();

        assertThat(store.read(key)).contains(listed);
        assertThat(store.lease(key, NOW.plusSeconds(1))).contains(new CacheStore.Lease("a", null));
    }

    @Test
    void lease_whenReleasedWithAFailure_isHeldWithThatCodeForTheMemory() {
        String name = key();
        DynamoDbCacheStore store = store();
        store.tryLease(name, "a", NOW, Duration.ofSeconds(15));

        store.releaseLease(name, "a", NOW.plusSeconds(1), "sfmc_throttled", Duration.ofSeconds(5));

        assertThat(store.lease(name, NOW.plusSeconds(2))).contains(new CacheStore.Lease("a", "sfmc_throttled"));
        assertThat(store.tryLease(name, "b", NOW.plusSeconds(2), Duration.ofSeconds(15)).taken()).isFalse();
        assertThat(store.lease(name, NOW.plusSeconds(6))).isEmpty();
        assertThat(store.tryLease(name, "b", NOW.plusSeconds(6), Duration.ofSeconds(15)).taken()).isTrue();
        assertThat(aws().dynamoDb().getItem(g -> g.tableName(table())
                .key(Map.of("pk", AttributeValue.fromS(name)))).item())
                .as("an item that only holds a lease is removed by the TTL").containsKey("expiresAt");
    }

    @Test
    void credentials_areReadOnceAndReadAgainAfterTheirMaxAge() {
        String name = "sfmc/test-" + UUID.randomUUID();
        String arn = aws().createSfmcSecret(name, SfmcSecret.forSimulator(URI.create("http://127.0.0.1:9")));
        MutableClock clock = new MutableClock(NOW);
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(aws()::secretsManager, arn,
                Duration.ofMinutes(5), clock, Duration.ofSeconds(5), true);   // the simulator's loopback URLs

        assertThat(credentials.get().clientId()).isEqualTo("demo-client-id");
        aws().secretsManager().putSecretValue(p -> p.secretId(arn).secretString("""
                {"clientId":"rotated-id","clientSecret":"rotated","authBaseUri":"http://127.0.0.1:9/",
                 "soapBaseUri":"http://127.0.0.1:9/Service.asmx"}"""));
        assertThat(credentials.get().clientId()).as("within the max age").isEqualTo("demo-client-id");

        clock.advance(Duration.ofMinutes(5));
        assertThat(credentials.get().clientId()).as("after the max age").isEqualTo("rotated-id");
    }

    @Test
    void credentials_whenSecretMalformed_nameTheKeyOnly() {
        String arn = aws().secretsManager().createSecret(c -> c.name("sfmc/bad-" + UUID.randomUUID())
                .secretString("{\"clientId\":\"visible\",\"authBaseUri\":\"http://a.example\"}")).arn();
        SecretsManagerCredentials credentials =
                new SecretsManagerCredentials(aws()::secretsManager, arn, Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(credentials::get)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("soapBaseUri")
                .hasMessageNotContaining("visible");
    }

    @Test
    void credentials_whenSecretMissing_throwsAConfigurationErrorNamingTheVariable() {
        String name = "sfmc/absent-" + UUID.randomUUID();
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(aws()::secretsManager,
                name, Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(credentials::get).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SFMC_SECRET_ID").hasMessageNotContaining(name);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
