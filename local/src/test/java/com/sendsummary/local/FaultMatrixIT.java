package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault matrix of {@code make faults} as tests: every injected SFMC or AWS fault, through the real HTTP function
 * in the Lambda emulator, answers what its row expects (status, error code or cache status), stores the right item,
 * and stays inside the API's contract; 20 containers missing one JobID at once make one Retrieve; 5 containers share
 * one token per refresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixIT {
    private final PrintStream log = System.out;
    private LocalEnvironment env;
    private FaultMatrix matrix;

    @BeforeAll
    void start() {
        env = FaultMatrix.environment().start();
        matrix = new FaultMatrix(env, log);
        log.println(FaultMatrix.header());
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachFault_answersAsItsRowExpects() {
        return FaultMatrix.cases().stream().map(c -> DynamicTest.dynamicTest(
                c.fault() + (c.staleCopy() ? ", stale copy stored" : ", nothing stored"), () -> {
                    FaultMatrix.Row row = matrix.run(c);
                    log.println(FaultMatrix.format(row));
                    assertThat(row.status()).as("status").isEqualTo(c.status());
                    assertThat(row.outcome()).as("error code or cache status").isEqualTo(c.outcome());
                    assertThat(row.inContract()).as("answered in our contract").isTrue();
                    assertThat(row.storedCorrect()).as("stored item: " + row.stored()).isTrue();
                    assertThat(row.millis()).as("answered before the function timeout")
                            .isLessThan(Duration.ofSeconds(FaultMatrix.FUNCTION_TIMEOUT_SECONDS).toMillis());
                    if (c.outcome().contains("aws_unavailable") || c.fault().startsWith("DynamoDB")) {
                        assertThat(row.sfmc().getOrDefault("Retrieve:Send", 0))
                                .as("no SFMC call without the cache").isZero();
                    }
                }));
    }

    @Test
    void twentyContainersMissingOneJobIdAtOnce_makeOneRetrieve() throws Exception {
        List<LambdaEmulator> twenty = env.startInstances(LocalEnvironment.HTTP, 20);

        FaultMatrix.Row coldClients = matrix.concurrentColdMisses(twenty, 500, false);
        FaultMatrix.Row readyClients = matrix.concurrentColdMisses(twenty, 500, true);

        assertThat(coldClients.sfmc().getOrDefault("Retrieve:Send", 0)).as(coldClients.outcome()).isEqualTo(1);
        assertThat(coldClients.ok()).as(FaultMatrix.format(coldClients)).isTrue();
        assertThat(readyClients.sfmc().getOrDefault("Retrieve:Send", 0)).isEqualTo(1);
        // {200 hit=19, 200 miss=1} on a machine that finishes the miss within LEASE_WAIT_MS; a slower one may answer
        // some callers 503 sfmc_busy after the full wait, which the row checks (never sooner, never a second Retrieve).
        assertThat(readyClients.ok()).as(FaultMatrix.format(readyClients)).isTrue();
        assertThat(readyClients.outcome()).contains("200 miss=1").doesNotContain("stale").doesNotContain("500");
        assertThat(readyClients.stored()).isEqualTo("fresh");
        assertThat(readyClients.inContract()).isTrue();
    }

    @Test
    void fiveContainersOverThreeTokenLifetimes_shareOneTokenPerRefresh() throws Exception {
        Duration ttl = Duration.ofSeconds(8);
        try (LocalEnvironment tokenEnv = FaultMatrix.tokenEnvironment((int) ttl.toSeconds()).start()) {
            List<LambdaEmulator> containers = new ArrayList<>(List.of(tokenEnv.http()));
            containers.addAll(tokenEnv.startInstances(LocalEnvironment.HTTP, 4));

            FaultMatrix.Row row = FaultMatrix.sharedTokens(tokenEnv, containers, ttl, ttl.multipliedBy(3),
                    Duration.ofMillis(400), log);

            assertThat(row.status()).as(row.outcome()).isEqualTo(200);
            assertThat(row.ok()).as(FaultMatrix.format(row)).isTrue();
            assertThat(row.sfmc().get("token")).as("one token per refresh (every 4 s) for all five").isLessThanOrEqualTo(7);
        }
    }
}
