package com.sendsummary.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.cache.CacheEntry;
import com.sendsummary.cache.DynamoDbSummaryCache;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The functions' AWS-facing code ({@link DynamoDbSummaryCache}, {@link SecretsManagerCredentials}) against a real
 * AWS-compatible endpoint. Run against moto ({@link MotoAwsFacingIT}, always) and LocalStack
 * ({@link LocalStackAwsFacingIT}, only where Docker exists), so coverage never depends on Docker.
 */
abstract class AwsFacingBehaviour {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** AWS resources on the endpoint under test; one table and secret namespace per test class. */
    abstract AwsResources aws();

    abstract String table();

    private DynamoDbSummaryCache cache() {
        return new DynamoDbSummaryCache(aws().dynamoDb(), table());
    }

    private static String key() {
        return "TEST#" + UUID.randomUUID();
    }

    private static CacheEntry entry(String key, String payload, Instant fetchedAt, Duration ttl) {
        return new CacheEntry(key, "summary", payload, fetchedAt, fetchedAt.plus(ttl).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void cache_whenWrittenThenRead_returnsTheSameEntry() {
        CacheEntry written = entry(key(), "{\"jobId\":1}", NOW, Duration.ofMinutes(5));

        assertThat(cache().put(written)).isTrue();

        assertThat(cache().get(written.key(), NOW)).contains(written);
    }

    @Test
    void cache_whenOlderFetchArrivesAfterANewerOne_keepsTheNewer() {
        String key = key();
        CacheEntry newer = entry(key, "{\"v\":\"newer\"}", NOW, Duration.ofMinutes(5));
        CacheEntry older = entry(key, "{\"v\":\"older\"}", NOW.minusSeconds(30), Duration.ofMinutes(5));

        assertThat(cache().put(newer)).isTrue();
        assertThat(cache().put(older)).isFalse();

        assertThat(cache().get(key, NOW)).hasValueSatisfying(e -> assertThat(e.payload()).contains("newer"));
    }

    @Test
    void cache_whenItemExpiredButStillStored_readsAsMiss() {
        String key = key();
        cache().put(entry(key, "{}", NOW.minusSeconds(600), Duration.ofMinutes(5)));

        assertThat(aws().dynamoDb().getItem(g -> g.tableName(table())
                .key(Map.of("pk", AttributeValue.fromS(key)))).hasItem()).isTrue();
        assertThat(cache().get(key, NOW)).isEmpty();
    }

    @Test
    void cache_whenItemDamaged_readsAsMissAndIsReplacedByTheNextWrite() {
        String key = key();
        aws().dynamoDb().putItem(p -> p.tableName(table()).item(Map.of(
                "pk", AttributeValue.fromS(key), "kind", AttributeValue.fromS("summary"),
                "fetchedAt", AttributeValue.fromS("yesterday"))));

        assertThat(cache().get(key, NOW)).isEmpty();
        CacheEntry fresh = entry(key, "{\"v\":\"fresh\"}", NOW, Duration.ofMinutes(5));
        assertThat(cache().put(fresh)).isTrue();
        assertThat(cache().get(key, NOW)).contains(fresh);
    }

    @Test
    void cache_whenReadInBatch_returnsOnlyValidEntries() {
        CacheEntry valid = entry(key(), "{\"a\":1}", NOW, Duration.ofMinutes(5));
        CacheEntry expired = entry(key(), "{\"b\":2}", NOW.minusSeconds(600), Duration.ofMinutes(5));
        cache().put(valid);
        cache().put(expired);

        Map<String, CacheEntry> found = cache().getAll(List.of(valid.key(), expired.key(), key()), NOW);

        assertThat(found).containsOnlyKeys(valid.key());
        assertThat(found.get(valid.key())).isEqualTo(valid);
    }

    @Test
    void credentials_areReadOnceAndReadAgainAfterTheirMaxAge() {
        String name = "sfmc/test-" + UUID.randomUUID();
        String arn = aws().createSfmcSecret(name, SfmcSecret.forSimulator(URI.create("http://127.0.0.1:9")));
        MutableClock clock = new MutableClock(NOW);
        SecretsManagerCredentials credentials =
                new SecretsManagerCredentials(aws()::secretsManager, arn, Duration.ofMinutes(5), clock);

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
    void credentials_whenSecretMissing_throwsResourceNotFound() {
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(aws()::secretsManager,
                "sfmc/absent-" + UUID.randomUUID(), Duration.ofMinutes(5), Clock.systemUTC());

        assertThatThrownBy(credentials::get).isInstanceOf(ResourceNotFoundException.class);
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
