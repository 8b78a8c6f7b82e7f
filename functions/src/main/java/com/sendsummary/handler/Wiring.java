package com.sendsummary.handler;

import com.sendsummary.cache.DynamoDbSummaryCache;
import com.sendsummary.config.Config;
import com.sendsummary.secrets.SecretsManagerCredentials;
import com.sendsummary.sfmc.SfmcClientProvider;
import com.sendsummary.sfmc.SfmcClientSettings;
import com.sendsummary.summary.SummaryService;
import com.sendsummary.summary.TtlPolicy;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The real collaborators, built once per container from the environment. AWS clients use the URLConnection HTTP
 * client, the region and credentials Lambda puts in the environment (no provider-chain probing), and call timeouts
 * below the function timeout. {@code AWS_ENDPOINT_URL}, when set (local runs), is honoured by the SDK itself. The SFMC
 * client is built lazily, on the first cache miss.
 */
record Wiring(Config config, DynamoDbClient dynamoDb, SfmcClientProvider sfmc, DynamoDbSummaryCache cache,
              TtlPolicy ttlPolicy, Clock clock) {

    static Wiring fromEnvironment() {
        Config config = Config.fromEnvironment(System.getenv());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.awsCallTimeout())
                .apiCallAttemptTimeout(config.awsCallTimeout().dividedBy(2))
                .build();
        Region region = Region.of(config.awsRegion());

        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(overrides)
                .build();
        SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(overrides)
                .build();

        Clock clock = Clock.systemUTC();
        SecretsManagerCredentials credentials =
                new SecretsManagerCredentials(secretsManager, config.secretId(), config.secretMaxAge(), clock);
        SfmcClientSettings sfmcSettings = new SfmcClientSettings(
                config.sfmcConnectTimeout(), config.sfmcReceiveTimeout(), config.sfmcBatchSize());
        return new Wiring(config, dynamoDb, new SfmcClientProvider(credentials, sfmcSettings),
                new DynamoDbSummaryCache(dynamoDb, config.summaryTable()),
                new TtlPolicy(config.ttlRecent(), config.ttlSettled(), config.trackingWindow()),
                clock);
    }

    SummaryService summaryService() {
        return new SummaryService((jobId, clientId) -> sfmc.get().retrieveSend(jobId, clientId), cache, ttlPolicy,
                config.notFoundTtl(), clock);
    }
}
