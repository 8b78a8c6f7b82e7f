package com.sendsummary.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.local.ApiResponse;
import com.sendsummary.local.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No credential ever leaves in an answer or a log line: every route, success and failure (token expiry and refresh,
 * refused credentials, SFMC's own error text, throttling), through the real functions; then every response body and
 * every line the functions logged in this run is scanned for the demo client secrets, the legacy password and
 * anything shaped like a token the simulator issues (64 base64url characters).
 */
class SecretsNeverLeakIT extends LocalApiTest {
    private static final List<String> SECRETS = List.of("demo-client-secret", "demo-child-client-secret",
            "demo-password");
    /** The simulator's access tokens: 48 random bytes, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])");

    @Test
    void answersAndFunctionLogs_neverCarryASecretOrAToken() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (String path : List.of("/sends/910001/summary", "/sends/910001/summary?refresh=true",
                "/sends/910002/summary?clientId=100002", "/sends/999999/summary", "/sends/abc/summary",
                "/sends/910001/events?type=open&limit=2", "/sends/910001/engagement",
                "/sends?from=2025-11-01T00:00:00Z&to=2025-12-01T00:00:00Z")) {
            bodies.add(env.api().get(path).body());
        }
        bodies.add(env.api().request("POST", "/sends/summaries", "{\"jobIds\":[910001,910003,999999]}", Map.of())
                .body());
        env.simulator().expireTokens();                      // a refused token, refreshed
        bodies.add(env.api().get("/sends/910003/summary?refresh=true").body());
        env.simulator().addFault(Map.of("match", Map.of("objectType", "Send", "id", 910004), "action", "authFault"));
        bodies.add(env.api().get("/sends/910004/summary").body());
        env.simulator().addFault(Map.of("match", Map.of("objectType", "OpenEvent"), "action", "errorStatus",
                "message", "Error: The Request Property(s) Foo do not match"));
        bodies.add(env.api().get("/sends/910001/events?type=open").body());
        env.simulator().addFault(Map.of("match", Map.of("objectType", "ClickEvent"), "action", "http500"));
        bodies.add(env.api().get("/sends/910001/events?type=click").body());
        Invocation refresh = env.refresh().invoke(env.layout().root().resolve("events/eventbridge-send-completed.json"));
        bodies.add(refresh.body());

        assertThat(bodies).hasSize(14).allSatisfy(body -> assertNoCredential("a response body", body));
        StringBuilder all = new StringBuilder();
        for (Path log : functionLogs()) {
            String text = Files.readString(log);
            assertNoCredential(log.getFileName().toString(), text);
            all.append(text);
        }
        // The failures above were logged with their detail, and those lines were among the ones scanned.
        assertThat(all).contains("SfmcAuthenticationException").contains("do not match");
    }

    @Test
    void tokenPattern_findsATokenOfTheSimulatorsShape() {
        assertThat(TOKEN.matcher("{\"fueloauth\":\"" + "aB3_-".repeat(12) + "abcd\"}").find()).isTrue();
        assertThat(TOKEN.matcher("arn:aws:secretsmanager:us-east-1:123456789012:secret:sfmc/send-summary-WrLuXI")
                .find()).isFalse();
    }

    private static List<Path> functionLogs() throws Exception {
        Path directory = env.http().logFile().getParent();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> logs = files.filter(file -> file.getFileName().toString().matches("(http|refresh)(-\\d+)?\\.log"))
                    .toList();
            assertThat(logs).as("function logs in " + directory).isNotEmpty();
            return logs;
        }
    }

    private static void assertNoCredential(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as(where + " must not contain " + secret).doesNotContain(secret);
        }
        Matcher token = TOKEN.matcher(text);
        assertThat(token.find()).as(where + " holds something shaped like an access token").isFalse();
    }
}
