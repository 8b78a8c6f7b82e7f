package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import com.sendsummary.cache.CacheStoreSharedTokens;
import com.sendsummary.cache.InMemoryCacheStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OAuthTokenSource} with tokens shared through the cache table: each source stands for one Lambda container;
 * the canned token endpoint counts what SFMC would see.
 */
class SharedOAuthTokenTest {
    private final CannedSfmcServer server = new CannedSfmcServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final SfmcClientSettings settings = new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            2500, new CacheStoreSharedTokens(store, clock), Duration.ofMillis(400));

    @AfterEach
    void tearDown() {
        server.close();
    }

    private OAuthTokenSource container() {
        return new OAuthTokenSource(server.oauthCredentials(100001L), settings, clock);
    }

    @Test
    void token_whenAnotherContainerFetchedOne_usesItWithoutAskingSfmc() {
        try (OAuthTokenSource first = container(); OAuthTokenSource second = container()) {
            assertThat(first.token()).isEqualTo("token-1");
            assertThat(second.token()).isEqualTo("token-1");
        }
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void token_whenNoneIsShared_readsTheTableOnceThenTakesTheLeaseAndWritesTheToken() {
        try (OAuthTokenSource first = container()) {
            first.token();
        }

        // Once before the lease; the lease answers what is stored, and the write ends it.
        assertThat(store.reads()).isEqualTo(1);
        assertThat(store.lease("TOKEN#" + server.oauthCredentials(100001L).clientId() + "#100001")).isEmpty();
        assertThat(store.writes()).isEqualTo(1);
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void token_isStoredSealedNeverInClear() {
        try (OAuthTokenSource first = container()) {
            first.token();
        }
        assertThat(store.items()).containsKey("TOKEN#" + server.oauthCredentials(100001L).clientId() + "#100001");
        assertThat(store.items().values()).allSatisfy(item -> assertThat(item.payload()).doesNotContain("token-1"));
    }

    @Test
    void token_whenTheStoredOneNearsExpiry_isRefreshedOnceForAllContainers() {
        server.tokenExpiresIn(1200);
        try (OAuthTokenSource first = container(); OAuthTokenSource second = container()) {
            first.token();
            second.token();
            clock.advance(Duration.ofSeconds(900));   // within 5 minutes of expiry

            assertThat(first.token()).isEqualTo("token-2");
            assertThat(second.token()).isEqualTo("token-2");
        }
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void token_whenAnotherContainerHoldsTheRefreshLease_keepsUsingTheStoredTokenWhileSfmcAcceptsIt() {
        server.tokenExpiresIn(1200);
        try (OAuthTokenSource first = container(); OAuthTokenSource second = container()) {
            first.token();
            clock.advance(Duration.ofSeconds(900));
            store.putRawLease("TOKEN#" + server.oauthCredentials(100001L).clientId() + "#100001", "other",
                    clock.instant().plusSeconds(15));

            assertThat(second.token()).isEqualTo("token-1");
        }
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void invalidate_whenSfmcRefusesTheSharedToken_replacesItOnceForAllContainers() {
        try (OAuthTokenSource first = container(); OAuthTokenSource second = container()) {
            String refused = first.token();
            second.token();

            first.invalidate(refused);
            assertThat(first.token()).isEqualTo("token-2");
            second.invalidate(refused);
            assertThat(second.token()).isEqualTo("token-2");
        }
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void token_whenTheTokenRequestFails_otherContainersFailFastForAFewSeconds() {
        server.tokenStatus(500);
        try (OAuthTokenSource first = container(); OAuthTokenSource second = container()) {
            assertThatThrownBy(first::token).isInstanceOf(SfmcThrottledException.class);
            assertThatThrownBy(first::token).as("remembered in the container")
                    .isInstanceOf(SfmcThrottledException.class);
            assertThatThrownBy(second::token).as("remembered on the lease")
                    .isInstanceOfSatisfying(SfmcException.class,
                            e -> assertThat(e.code()).isEqualTo("sfmc_throttled"));
            assertThat(server.tokenRequests()).hasSize(1);

            server.tokenStatus(200);
            clock.advance(Duration.ofSeconds(OAuthTokenSource.FAILURE_MEMORY_SECONDS));
            assertThat(second.token()).isEqualTo("token-1");
        }
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void token_whenTheTableIsUnreachable_fallsBackToATokenOfItsOwn() {
        store.failReads(true);
        try (OAuthTokenSource first = container()) {
            assertThat(first.token()).isEqualTo("token-1");
        }
        assertThat(server.tokenRequests()).hasSize(1);
    }
}
