package com.sendsummary.sfmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sendsummary.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuthTokenSourceTest {

    private static final SfmcClientSettings SETTINGS =
            new SfmcClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2500);

    private final CannedSfmcServer server = new CannedSfmcServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T12:00:00Z"));

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void tokenUri_whenBaseHasTrailingSlash_appendsV2Token() {
        assertThat(OAuthTokenSource.tokenUri(URI.create("https://abc.auth.marketingcloudapis.com/")))
                .isEqualTo(URI.create("https://abc.auth.marketingcloudapis.com/v2/token"));
        assertThat(OAuthTokenSource.tokenUri(URI.create("https://abc.auth.marketingcloudapis.com")))
                .isEqualTo(URI.create("https://abc.auth.marketingcloudapis.com/v2/token"));
    }

    @Test
    void token_whenNoAccountId_omitsAccountIdFromRequest() {
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(null), SETTINGS, clock)) {
            assertThat(tokens.token()).isEqualTo("token-1");
        }
        assertThat(server.tokenRequests().getFirst().body()).doesNotContain("account_id");
        assertThat(server.tokenRequests().getFirst().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void token_whenFiveMinutesBeforeExpiry_reusesThenRefreshes() {
        server.tokenExpiresIn(1200);
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(1L), SETTINGS, clock)) {
            assertThat(tokens.token()).isEqualTo("token-1");
            clock.advance(Duration.ofSeconds(899));
            assertThat(tokens.token()).isEqualTo("token-1");
            clock.advance(Duration.ofSeconds(1));
            assertThat(tokens.token()).isEqualTo("token-2");
        }
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void invalidate_whenTokenWasRejected_fetchesANewOne() {
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(1L), SETTINGS, clock)) {
            String first = tokens.token();
            tokens.invalidate(first);
            assertThat(tokens.token()).isEqualTo("token-2");
            tokens.invalidate(first);
            assertThat(tokens.token()).isEqualTo("token-2");
        }
    }

    @Test
    void token_whenManyThreadsAskAtOnce_requestsOneToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(1L), SETTINGS, clock)) {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(tokens::token);
            }
            for (Future<String> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo("token-1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void token_whenEndpointAnswers500_throwsThrottled() {
        server.tokenStatus(503);
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(1L), SETTINGS, clock)) {
            assertThatThrownBy(tokens::token).isInstanceOf(SfmcThrottledException.class);
        }
    }

    @Test
    void token_whenTheAnswerIsLargerThanATokenCanBe_refusesItAsMalformed() {
        server.tokenPadding(OAuthTokenSource.MAX_TOKEN_RESPONSE_BYTES);
        try (OAuthTokenSource tokens = new OAuthTokenSource(server.oauthCredentials(null), SETTINGS, clock)) {
            assertThatThrownBy(tokens::token).isInstanceOf(SfmcMalformedResponseException.class)
                    .hasMessageContaining("larger than");
        }
    }
}
