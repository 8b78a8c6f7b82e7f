package com.sendsummary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendsummary.local.testhandler.EchoHandlerJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LocalEnvironment#startInstances(String, int)} (more containers of one function) and
 * {@link LocalEnvironment.Builder#withAwsFaultProxy()} (the functions' AWS endpoint), with the echo test handler.
 */
class LocalEnvironmentInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SfmcSecret FAKE_SFMC = new SfmcSecret("it-client", "it-secret",
            URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9/Service.asmx"), Optional.empty());

    private static LocalEnvironment env;

    @BeforeAll
    static void start() {
        env = EchoHandlerJar.environment("it-instances", FAKE_SFMC)
                .memoryMb(256)
                .functionEnv(LocalEnvironment.HTTP, Map.of("ECHO_EXTRA", "instances"))
                .withAwsFaultProxy()
                .start();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void startInstances_eachIsASeparateEnvironmentWithTheSameConfiguration() throws Exception {
        List<LambdaEmulator> instances = env.startInstances(LocalEnvironment.HTTP, 3);

        assertThat(instances).extracting(LambdaEmulator::instanceName)
                .containsExactly("http-2", "http-3", "http-4");
        assertThat(instances).allSatisfy(instance -> {
            assertThat(instance.name()).isEqualTo(LocalEnvironment.HTTP);
            assertThat(instance.function()).isEqualTo(env.http().function());
            assertThat(instance.invokeUri()).isNotEqualTo(env.http().invokeUri());
        });
        assertThat(instances).extracting(LambdaEmulator::invokeUri).doesNotHaveDuplicates();
        assertThat(env.extraInstances(LocalEnvironment.HTTP)).containsExactlyElementsOf(instances);
        assertThat(env.emulator(LocalEnvironment.HTTP)).isNotIn(instances);

        List<LambdaEmulator> all = new ArrayList<>(instances);
        all.add(env.http());
        List<JsonNode> bodies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Invocation>> invocations = all.stream()
                    .map(emulator -> threads.submit(() -> emulator.invoke("{\"instance\":\"" + emulator.instanceName()
                            + "\"}")))
                    .toList();
            for (int i = 0; i < all.size(); i++) {
                Invocation invocation = invocations.get(i).get();
                assertThat(invocation.statusCode()).isEqualTo(200);
                assertThat(invocation.functionError()).isFalse();
                assertThat(invocation.coldStart()).isTrue();
                JsonNode body = JSON.readTree(invocation.json().path("body").asText());
                assertThat(body.path("event").path("instance").asText()).isEqualTo(all.get(i).instanceName());
                bodies.add(body);
            }
        }
        // The same environment as the registered instance, apart from the runtime API address of each RIE.
        JsonNode base = bodies.getLast().path("env");
        for (JsonNode body : bodies) {
            ObjectNode lambdaEnv = body.path("env").deepCopy();
            lambdaEnv.remove("AWS_LAMBDA_RUNTIME_API");
            ObjectNode expected = base.deepCopy();
            expected.remove("AWS_LAMBDA_RUNTIME_API");
            assertThat(lambdaEnv).isEqualTo(expected);
            assertThat(body.path("functionName").asText()).isEqualTo("http");
            // Each JVM loads the runtime client's JNI library from the shared write-once copy, not from /tmp.
            assertThat(body.path("jvmArguments").toString()).contains("-D" + LambdaJavaRuntime.JNI_PROPERTY + "=");
        }
        assertThat(base.path("ECHO_EXTRA").asText()).isEqualTo("instances");
        assertThat(bodies).extracting(body -> body.path("env").path("AWS_LAMBDA_RUNTIME_API").asText())
                .doesNotHaveDuplicates();
        // One JVM per instance.
        assertThat(all).extracting(emulator -> emulator.runtimeProcess().orElseThrow().pid()).doesNotHaveDuplicates();
    }

    @Test
    void startInstances_whenUnknownFunction_throws() {
        assertThatThrownBy(() -> env.startInstances("nope", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withAwsFaultProxy_functionsTalkToTheProxyAndTheTestClientsToMoto() throws Exception {
        AwsFaultProxy proxy = env.awsFaultProxy();
        JsonNode body = JSON.readTree(env.refresh().invoke("{}").json().path("body").asText());

        assertThat(body.path("env").path("AWS_ENDPOINT_URL").asText()).isEqualTo(proxy.endpoint().toString());
        assertThat(env.functionsAwsEndpoint()).isEqualTo(proxy.endpoint());
        assertThat(proxy.targetEndpoint()).isEqualTo(env.awsEndpoint());
        assertThat(env.awsEndpoint()).isNotEqualTo(proxy.endpoint());

        proxy.resetCounts();
        env.dynamoDb().describeTable(d -> d.tableName(env.table().name()));
        assertThat(proxy.counts()).isEmpty();
    }
}
