package com.sendsummary.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.sendsummary.config.Config;
import com.sendsummary.telemetry.Invocation;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The priming runs the real hit and miss paths of both functions against the in-memory AWS and the loopback SFMC: if
 * a path changes so that it no longer completes (a new AWS call the stand-in does not answer, a response shape the
 * priming does not expect), these fail instead of the priming silently doing nothing in production.
 */
class PrimingTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "AWS_REGION", "eu-west-1",
            "SUMMARY_TABLE", "send-summaries",
            "SFMC_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sfmc-AbCdEf",
            "CURSOR_KEY_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor-AbCdEf");

    /** The test environment with {@code variables} added. */
    private static Map<String, String> with(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.putAll(variables);
        return environment;
    }

    @Test
    void http_runsTheMissAndHitPathsAgainstLoopbackStandIns() {
        assertThatCode(() -> Priming.http(Config.fromEnvironment(ENVIRONMENT))).doesNotThrowAnyException();
    }

    @Test
    void refresh_runsTheRefreshAndItsFollowUpSchedulingAgainstLoopbackStandIns() {
        Map<String, String> environment = with(Map.of(
                "REFRESH_SCHEDULE_GROUP", "follow-ups",
                "REFRESH_SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler",
                "REFRESH_EVENT_BUS_ARN", "arn:aws:events:eu-west-1:123456789012:event-bus/sends"));

        assertThatCode(() -> Priming.refresh(Config.fromEnvironment(environment),
                Config.Refresh.fromEnvironment(environment))).doesNotThrowAnyException();
    }

    @Test
    void httpJson_answersAHitThroughTheHandlerWithoutAnyClient() {
        assertThatCode(() -> Priming.httpJson(Config.fromEnvironment(ENVIRONMENT))).doesNotThrowAnyException();
    }

    @Test
    void startAtInit_runsThePathBesideAnOnDemandInitAndEndsItBeforeTheFirstInvocation() {
        Map<String, String> environment = with(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
        List<String> ran = new CopyOnWriteArrayList<>();

        Priming.InitPath path = Priming.startAtInit("test", environment, config -> {
            ran.add(Thread.currentThread().getName());
            Invocation.start("warm-up");
        });
        path.await();

        assertThat(ran).containsExactly("priming-test");
        assertThat(path.thread().isAlive()).isFalse();
        assertThat(Invocation.start("first").coldStart()).isTrue();
    }

    @Test
    void startAtInit_leavesSnapStartAndFullPrimingInitsAlone() {
        Map<String, String> snapStart = with(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));
        Map<String, String> fullPriming = with(Map.of("INIT_PRIMING", "true"));
        Map<String, String> misconfigured = Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        List<Map<String, String>> ran = new CopyOnWriteArrayList<>();

        for (Map<String, String> environment : List.of(snapStart, fullPriming, misconfigured)) {
            Priming.InitPath path = Priming.startAtInit("test", environment, config -> ran.add(environment));
            path.await();
            assertThat(path).isSameAs(Priming.InitPath.NONE);
        }
        assertThat(ran).isEmpty();
    }

    @Test
    void http_leavesNoThreadOrServerBehind() throws InterruptedException {
        Priming.http(Config.fromEnvironment(ENVIRONMENT));
        int before = ManagementFactory.getThreadMXBean().getThreadCount();

        Priming.http(Config.fromEnvironment(ENVIRONMENT));
        Thread.sleep(200);

        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before);
    }

    @Test
    void resetColdStart_makesTheNextInvocationTheColdStart() {
        Invocation.start("first").coldStart();
        Invocation.start("second");

        Invocation.resetColdStart();

        assertThat(Invocation.current().requestId()).isNull();
        assertThat(Invocation.start("after-restore").coldStart()).isTrue();
        assertThat(Invocation.start("next").coldStart()).isFalse();
    }
}
