package com.sendsummary.sfmc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.telemetry.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth2 client-credentials tokens from {@code {authBaseUri}/v2/token}, cached and reused until 5 minutes before
 * they expire (half their lifetime for tokens shorter than 10 minutes). Thread-safe; at most one token request at
 * a time. Never logs or puts the token or the secret in an exception message.
 *
 * <p>With {@link SharedTokens}, the token is shared by every container: a container without a valid token reads the
 * stored one; only the container that takes the token's lease asks SFMC for a new one (when the stored one is within
 * its refresh margin, or SFMC refused it) and stores it, sealed with AES-GCM under a key derived from the client
 * secret. Meanwhile the others keep using the stored token while SFMC still accepts it, or wait for the new one
 * (bounded by the token wait and the request's deadline). A failed token request is remembered for
 * {@value #FAILURE_MEMORY_SECONDS} s, in the container and on the lease, so waiting callers fail fast instead of
 * asking SFMC one after another. If the store itself fails, the container falls back to a token of its own.
 */
final class OAuthTokenSource implements AutoCloseable {

    static final long FAILURE_MEMORY_SECONDS = 5;
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** A stored token is used while another container refreshes it until this close to its expiry. */
    private static final Duration EXPIRY_SAFETY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(150);
    private static final Duration MIN_TOKEN_REQUEST_TIME = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The sealing IVs. Safe in a SnapStart snapshot: the default SecureRandom on Linux (NativePRNG) mixes fresh
     * /dev/urandom bytes, which differ in every restored container, into each draw, so no two containers repeat an IV.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final Long accountId;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final SharedTokens shared;
    private final String sharedKey;
    private final SecretKeySpec sealingKey;
    private final Duration tokenWait;
    private volatile Token current;
    /** The last token SFMC refused: never taken from the store again. */
    private volatile String rejected;
    private Failure recentFailure;

    OAuthTokenSource(SfmcCredentials credentials, SfmcClientSettings settings, Clock clock) {
        this.tokenUri = tokenUri(credentials.authBaseUri());
        this.clientId = credentials.clientId();
        this.clientSecret = credentials.clientSecret();
        this.accountId = credentials.accountId();
        this.requestTimeout = settings.receiveTimeout();
        this.clock = clock;
        this.shared = settings.sharedTokens();
        this.tokenWait = settings.tokenWait();
        this.sharedKey = "TOKEN#" + clientId + "#" + (accountId == null ? "default" : accountId.toString());
        this.sealingKey = sealingKey(clientSecret);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static URI tokenUri(URI authBaseUri) {
        String base = authBaseUri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v2/token");
    }

    /** A valid access token, fetched only when none is cached or the cached one is near expiry. */
    String token() {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.value();
        }
        lockWithin(Deadline.current());
        try {
            token = current;
            if (token == null || !clock.instant().isBefore(token.refreshAt())) {
                Failure failure = recentFailure;
                if (failure != null && clock.instant().isBefore(failure.until())) {
                    throw failure.error();
                }
                token = shared == null ? fetchRemembering() : fromShared();
                current = token;
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** Another thread of this container may be fetching or waiting for the token: wait for it within the deadline. */
    private void lockWithin(Deadline deadline) {
        try {
            if (!lock.tryLock(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new DeadlineExceededException(
                        "The request's deadline passed while the SFMC token was being fetched");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SfmcTimeoutException("Interrupted while waiting for the SFMC token", e);
        }
    }

    /** Forgets {@code rejectedToken} (SFMC refused it) unless another thread already replaced it. */
    void invalidate(String rejectedToken) {
        lockWithin(Deadline.current());
        try {
            rejected = rejectedToken;
            Token token = current;
            if (token != null && token.value().equals(rejectedToken)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private Token fromShared() {
        Optional<Token> stored;
        try {
            stored = readShared();
        } catch (SfmcException e) {
            throw e;
        } catch (RuntimeException storeFailed) {
            return fetchRemembering();   // the store is down: this container keeps a token of its own
        }
        if (stored.isPresent() && clock.instant().isBefore(stored.get().refreshAt())) {
            return stored.get();
        }
        String owner = UUID.randomUUID().toString();
        SharedTokens.Lock lock;
        try {
            lock = shared.tryLock(sharedKey, owner, tokenWait.plus(requestTimeout.multipliedBy(2)));
        } catch (SfmcException e) {
            throw e;
        } catch (RuntimeException storeFailed) {
            return fetchRemembering();
        }
        if (lock.taken()) {
            return fetchUnderLease(owner, lock.stored());
        }
        // Another container is fetching: keep using the stored token while SFMC still accepts it, else wait.
        if (stored.isPresent() && clock.instant().isBefore(stored.get().expiresAt().minus(EXPIRY_SAFETY))) {
            return stored.get();
        }
        return awaitShared();
    }

    /** @param storedNow the token stored as the lease found it (another container may have stored one since) */
    private Token fetchUnderLease(String owner, Optional<SharedTokens.Stored> storedNow) {
        String failureCode = null;
        boolean unlocked = false;
        try {
            Optional<Token> again = storedNow.flatMap(this::opened);
            if (again.isPresent() && clock.instant().isBefore(again.get().refreshAt())) {
                return again.get();
            }
            Token token;
            try {
                token = fetchRemembering();
            } catch (DeadlineExceededException e) {
                throw e;
            } catch (SfmcException e) {
                failureCode = e.code();
                throw e;
            }
            try {
                // Ordered after whatever is stored (a refused token may carry the same millisecond). While the lease
                // holds nobody else writes the token, so what the lease found is what is there.
                Instant order = storedNow.map(SharedTokens.Stored::requestedAt)
                        .filter(stored -> !stored.isBefore(token.requestedAt()))
                        .map(stored -> stored.plusMillis(1)).orElse(token.requestedAt());
                shared.writeAndUnlock(sharedKey, new SharedTokens.Stored(seal(token.value()), order,
                        token.refreshAt(), token.expiresAt()), owner);
                unlocked = true;
            } catch (RuntimeException storeFailed) {
                // Not shared this time: the others fetch their own once their wait ends.
            }
            return token;
        } finally {
            if (!unlocked) {
                unlock(owner, failureCode);
            }
        }
    }

    /** Ends this container's lease on the token, with the failure code the others should fail fast with, if any. */
    private void unlock(String owner, String failureCode) {
        try {
            // Even when the deadline is (nearly) spent: a lease left held would make the others wait for nothing.
            Deadline.current().withGrace(Duration.ofMillis(300)).run(() -> {
                shared.unlock(sharedKey, owner, failureCode, Duration.ofSeconds(FAILURE_MEMORY_SECONDS));
                return null;
            });
        } catch (RuntimeException ignored) {
            // The lease expires by itself.
        }
    }

    private Token awaitShared() {
        Deadline deadline = Deadline.current();
        long until = System.nanoTime() + Math.min(tokenWait.toNanos(), deadline.remaining().toNanos());
        while (System.nanoTime() - until < 0) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Optional<Token> stored = readShared();
            if (stored.isPresent() && clock.instant().isBefore(stored.get().refreshAt())) {
                return stored.get();
            }
            Optional<String> failure = shared.failure(sharedKey);
            if (failure.isPresent()) {
                throw new SfmcRecentFailureException(failure.get());
            }
        }
        throw new SfmcBusyException("Another container is fetching the SFMC token; try again in a moment");
    }

    /** The stored token if it can be opened and SFMC has not refused it. */
    private Optional<Token> readShared() {
        return shared.read(sharedKey).flatMap(this::opened);
    }

    private Optional<Token> opened(SharedTokens.Stored stored) {
        return open(stored.sealed())
                .filter(value -> !value.equals(rejected))
                .map(value -> new Token(value, stored.requestedAt(), stored.refreshAt(), stored.expiresAt()));
    }

    private Token fetchRemembering() {
        try {
            Token token = fetch();
            recentFailure = null;
            return token;
        } catch (DeadlineExceededException e) {
            throw e;   // this request ran out of time: nothing to remember about SFMC
        } catch (SfmcException e) {
            recentFailure = new Failure(e, clock.instant().plusSeconds(FAILURE_MEMORY_SECONDS));
            throw e;
        }
    }

    private Token fetch() {
        ObjectNode body = JSON.createObjectNode()
                .put("grant_type", "client_credentials")
                .put("client_id", clientId)
                .put("client_secret", clientSecret);
        if (accountId != null) {
            body.put("account_id", accountId);
        }
        Deadline deadline = Deadline.current();
        deadline.check("an SFMC token request", MIN_TOKEN_REQUEST_TIME);
        Duration timeout = deadline.cap(requestTimeout);
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        Instant requestedAt = clock.instant();
        Invocation.current().tokenRequest();
        HttpResponse<String> response;
        // The request timeout only covers the wait for the headers: the whole answer (a body that trickles in too) is
        // bounded by waiting on the future.
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, responseInfo -> limited());
        try {
            response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            if (timeout.compareTo(requestTimeout) < 0) {
                throw new DeadlineExceededException("The request's deadline passed while the SFMC token was requested");
            }
            throw new SfmcTimeoutException("SFMC token endpoint did not answer in time", null);
        } catch (ExecutionException failed) {
            if (causedByTooLarge(failed)) {
                throw new SfmcMalformedResponseException("SFMC token response is larger than "
                        + MAX_TOKEN_RESPONSE_BYTES + " bytes", null);
            }
            throw transportFailure(failed.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SfmcTimeoutException("SFMC token request interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new SfmcThrottledException(status, null);
        }
        if (status != 200) {
            throw new SfmcAuthenticationException("SFMC token endpoint refused the client credentials (HTTP "
                    + status + errorCode(response.body()) + ")");
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            String accessToken = json == null ? null : json.path("access_token").asText(null);
            long expiresIn = json == null ? 0 : json.path("expires_in").asLong(0);
            if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
                throw new SfmcMalformedResponseException(
                        "SFMC token response lacks access_token or expires_in", null);
            }
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0
                    ? lifetime.dividedBy(2) : REFRESH_MARGIN;
            return new Token(accessToken, requestedAt, requestedAt.plus(lifetime).minus(margin),
                    requestedAt.plus(lifetime));
        } catch (IOException e) {
            throw new SfmcMalformedResponseException("SFMC token response is not JSON", e);
        }
    }

    /** A token answer is a few hundred bytes: a larger one is refused while it arrives, not buffered. */
    static final int MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

    private static HttpResponse.BodySubscriber<String> limited() {
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<String> body = new CompletableFuture<>();
            private final ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<String> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                for (ByteBuffer buffer : buffers) {
                    if (bytes.size() + buffer.remaining() > MAX_TOKEN_RESPONSE_BYTES) {
                        subscription.cancel();
                        body.completeExceptionally(new TooLarge());
                        return;
                    }
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    bytes.writeBytes(chunk);
                }
            }

            @Override
            public void onError(Throwable failure) {
                body.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        };
    }

    private static boolean causedByTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** Internal signal: the token answer passed {@link #MAX_TOKEN_RESPONSE_BYTES}. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("token response too large", null);
        }
    }

    private static SfmcException transportFailure(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return new SfmcTimeoutException("SFMC token endpoint timed out", cause);
        }
        if (cause instanceof ConnectException) {
            return new SfmcTimeoutException("SFMC token endpoint unreachable", cause);
        }
        return new SfmcTimeoutException("SFMC token request failed: " + cause.getClass().getSimpleName(), cause);
    }

    // Only the OAuth "error" code (e.g. invalid_client) is echoed; descriptions could quote request values.
    private static String errorCode(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            String error = json == null ? null : json.path("error").asText(null);
            return error != null && error.matches("[A-Za-z0-9_.-]{1,64}") ? ", " + error : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static SecretKeySpec sealingKey(String clientSecret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("sfmc-send-summary shared token v1\0".getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(sha256.digest(clientSecret.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private String seal(String token) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(128, iv));
            cipher.updateAAD(sharedKey.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The token, or empty when it was sealed under another key (the secret rotated) or is damaged. */
    private Optional<String> open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            if (in.length < 12 + 16) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(128, in, 0, 12));
            cipher.updateAAD(sharedKey.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private record Token(String value, Instant requestedAt, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }

    private record Failure(SfmcException error, Instant until) {
    }
}
