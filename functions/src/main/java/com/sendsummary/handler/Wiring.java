package com.sendsummary.handler;

import com.sendsummary.cache.CacheAside;
import com.sendsummary.cache.CacheStore;
import com.sendsummary.cache.CacheStoreSharedTokens;
import com.sendsummary.cache.DynamoDbCacheStore;
import com.sendsummary.config.Config;
import com.sendsummary.cursor.CursorCodec;
import com.sendsummary.engagement.DynamoDbEngagementStore;
import com.sendsummary.engagement.EngagementComputations;
import com.sendsummary.engagement.EngagementService;
import com.sendsummary.engagement.EngagementSettings;
import com.sendsummary.engagement.SqsComputationQueue;
import com.sendsummary.events.EventsService;
import com.sendsummary.refresh.FollowUpScheduler;
import com.sendsummary.secrets.SecretsManagerCredentials;
import com.sendsummary.secrets.SecretsManagerCursorKey;
import com.sendsummary.sfmc.SfmcClientProvider;
import com.sendsummary.sfmc.SfmcClientSettings;
import com.sendsummary.summary.BatchSummaryService;
import com.sendsummary.summary.SendListingService;
import com.sendsummary.summary.SummaryService;
import com.sendsummary.summary.TtlPolicy;
import com.sendsummary.telemetry.AwsCallTimer;
import com.sendsummary.telemetry.Log;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real collaborators, built once per container from the environment. AWS clients use the URLConnection HTTP
 * client, the region and credentials Lambda puts in the environment (no provider-chain probing), and call timeouts
 * below the function timeout. {@code AWS_ENDPOINT_URL}, when set (local runs), is honoured by the SDK itself. The SFMC
 * client is built lazily, on the first cache miss.
 */
record Wiring(Config config, AwsClients aws, DynamoDbClient dynamoDb, Lazy<SecretsManagerClient> secretsManager,
              SfmcClientProvider sfmc, CacheAside cache, TtlPolicy ttlPolicy,
              Clock clock, CursorCodec cursors, EngagementSettings engagement, Lazy<SqsClient> sqs,
              Lazy<S3Client> s3) implements AutoCloseable {

    /**
     * Lambda's own credentials: the environment variables Lambda sets; where it does not (SnapStart, should it be
     * enabled), the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}). Chosen once, with
     * no probing of profiles or instance metadata.
     */
    private static final AwsCredentialsProvider CREDENTIALS = System.getenv("AWS_ACCESS_KEY_ID") != null
            ? EnvironmentVariableCredentialsProvider.create()
            : ContainerCredentialsProvider.builder().build();

    static Wiring fromEnvironment() {
        Config config = Config.fromEnvironment(System.getenv());
        // One HTTP client (and so one TLS context) for every AWS client of the container.
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build();
        return create(config, EngagementSettings.fromEnvironment(System.getenv()), http, CREDENTIALS,
                Optional.empty(), Clock.systemUTC(), config.sfmcLocalEndpointsAllowed());
    }

    /**
     * The collaborators on {@code http} and {@code credentials}; {@link Priming} builds a second set on stand-ins of
     * AWS and SFMC. Nothing is contacted here: the AWS clients connect on their first call, the Secrets Manager client
     * and the SFMC client are built on the first cache miss.
     *
     * @param awsEndpoint           where every AWS client sends its calls (priming); empty = the SDK's choice
     * @param localEndpointsAllowed whether the SFMC secret may name loopback http URLs
     */
    static Wiring create(Config config, EngagementSettings engagement, SdkHttpClient http,
                         AwsCredentialsProvider credentials,
                         Optional<URI> awsEndpoint, Clock clock, boolean localEndpointsAllowed) {
        AwsClients aws = new AwsClients(config, http, credentials, awsEndpoint);
        DynamoDbClient dynamoDb = aws.build(DynamoDbClient.builder());
        // Built on the first secret read (a container serving only cache hits never pays for it), then shared.
        Lazy<SecretsManagerClient> secretsManager =
                new Lazy<>(() -> aws.build(SecretsManagerClient.builder()));
        SecretsManagerCredentials sfmcCredentials = new SecretsManagerCredentials(secretsManager, config.secretId(),
                config.secretMaxAge(), clock, config.awsCallTimeout(), localEndpointsAllowed);
        CursorCodec cursors = new CursorCodec(new SecretsManagerCursorKey(secretsManager, config.cursorKeySecretId(),
                config.secretMaxAge(), clock, config.awsCallTimeout()));
        CacheStore store = new DynamoDbCacheStore(dynamoDb, config.summaryTable(), config.awsCallTimeout());
        CacheAside cache = new CacheAside(store,
                CacheAside.Settings.defaults(config.staleMaxAge(), config.fetchLease(), config.leaseWait()), clock,
                warning -> Log.warn("cache", warning));
        SfmcClientSettings sfmcSettings = new SfmcClientSettings(config.sfmcConnectTimeout(),
                config.sfmcReceiveTimeout(), config.sfmcBatchSize(), new CacheStoreSharedTokens(store, clock),
                config.leaseWait());
        // Built on the first computation message and the first state too big for an item.
        Lazy<SqsClient> sqs = new Lazy<>(() -> aws.build(SqsClient.builder()));
        // Path-style addressing where the endpoint is overridden (moto on loopback has no bucket host names).
        Lazy<S3Client> s3 = new Lazy<>(() -> aws.build(S3Client.builder()
                .forcePathStyle(awsEndpoint.isPresent() || System.getenv("AWS_ENDPOINT_URL") != null)));
        return new Wiring(config, aws, dynamoDb, secretsManager,
                new SfmcClientProvider(sfmcCredentials, sfmcSettings), cache,
                new TtlPolicy(config.ttlRecent(), config.ttlSettled(), config.trackingWindow()), clock, cursors,
                engagement, sqs, s3);
    }

    /** What the HTTP function's routes use. */
    HttpServices httpServices() {
        return new HttpServices(summaryService(), sendListingService(), batchSummaryService(), eventsService(),
                engagementService(), config.businessUnits(), cursors, clock);
    }

    /**
     * Closes the clients built so far; the HTTP client, which the caller gave, stays open. Only {@link Priming} closes a
     * wiring: a container's own lives as long as the container.
     */
    @Override
    public void close() {
        sfmc.close();
        secretsManager.ifBuilt(SecretsManagerClient::close);
        sqs.ifBuilt(SqsClient::close);
        s3.ifBuilt(S3Client::close);
        dynamoDb.close();
    }

    /** {@code factory}'s value, made on the first call and then reused (thread-safe). */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void ifBuilt(Consumer<T> action) {
            if (value != null) {
                action.accept(value);
            }
        }
    }

    SummaryService summaryService() {
        return new SummaryService((jobId, clientId) -> sfmc.get().retrieveSend(jobId, clientId), cache, ttlPolicy,
                config.notFoundTtl(), config.refreshMinInterval(), clock);
    }

    /** Event listing; the first page checks the send through the (cached) summary, so a cache hit costs no Retrieve. */
    EventsService eventsService() {
        SummaryService summaries = summaryService();
        return new EventsService(query -> sfmc.get().retrieveEvents(query),
                (jobId, clientId) -> summaries.summary(jobId, clientId, false), cursors);
    }

    EngagementService engagementService() {
        // The send (its dates and counters) through the cached summary: a computation costs no extra Send Retrieve.
        SummaryService summaries = summaryService();
        return new EngagementService(engagementComputations(),
                (jobId, clientId) -> Optional.of(summaries.summary(jobId, clientId, false).toRecord()),
                config.refreshMinInterval(), clock);
    }

    /** Engagement computations: the item and its state in the table and the bucket, steps on the queue. */
    EngagementComputations engagementComputations() {
        return new EngagementComputations(
                new DynamoDbEngagementStore(dynamoDb, config.summaryTable(), s3, engagement.stateBucket(),
                        config.awsCallTimeout()),
                new SqsComputationQueue(sqs, engagement.queueUrl()), query -> sfmc.get().retrieveEvents(query),
                engagement, ttlPolicy, clock);
    }

    /** Times every AWS call into the invocation's log line and metrics. */
    private static final AwsCallTimer AWS_CALL_TIMER = new AwsCallTimer();

    /** SFMC (or cache) calls one HTTP request may have in flight at once. */
    private static final int MAX_CALLS_IN_FLIGHT = 8;

    SendListingService sendListingService() {
        return new SendListingService((from, to, clientId) -> sfmc.get().retrieveSends(from, to, clientId),
                summaryService(), MAX_CALLS_IN_FLIGHT);
    }

    /** A batch stops sending misses to SFMC once the request's deadline has passed. */
    BatchSummaryService batchSummaryService() {
        return new BatchSummaryService(summaryService(), MAX_CALLS_IN_FLIGHT);
    }

    /**
     * The refresh function's follow-up scheduler, empty when no follow-ups are configured. Only the refresh function
     * calls this, and the Scheduler client is built on the first schedule, so neither the HTTP function nor a
     * follow-up invocation pays for it at cold start.
     */
    Optional<FollowUpScheduler> followUpScheduler(Config.Refresh refresh) {
        return refresh.followUps().map(settings ->
                new FollowUpScheduler(() -> aws.build(SchedulerClient.builder()), settings, clock));
    }

    /**
     * Builds AWS clients on the shared HTTP client, with the region and credentials Lambda puts in the environment (no
     * provider-chain probing) and call timeouts below the function timeout.
     */
    record AwsClients(Config config, SdkHttpClient http, AwsCredentialsProvider credentials,
                      Optional<URI> endpoint) {
        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
            endpoint.ifPresent(builder::endpointOverride);
            return builder
                    .httpClient(http)
                    .region(Region.of(config.awsRegion()))
                    .credentialsProvider(credentials)
                    .overrideConfiguration(overrides -> overrides
                            .addExecutionInterceptor(AWS_CALL_TIMER)
                            .apiCallTimeout(config.awsCallTimeout())
                            .apiCallAttemptTimeout(config.awsCallTimeout().dividedBy(2)))
                    .build();
        }
    }
}
