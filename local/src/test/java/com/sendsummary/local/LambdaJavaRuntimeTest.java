package com.sendsummary.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaJavaRuntimeTest {

    @Test
    void maxHeapKb_is85PercentOfMemory_asObservedOnLambda() {
        // A 512 MB java17 function runs with -XX:MaxHeapSize=445645k.
        assertThat(LambdaJavaRuntime.maxHeapKb(512)).isEqualTo(445_645);
        assertThat(LambdaJavaRuntime.maxHeapKb(1024)).isEqualTo(891_290);
    }

    @Test
    void command_runsTheRuntimeClientWithTheHandler() {
        assertThat(LambdaJavaRuntime.command(1024, "a.B::handleRequest"))
                .contains("-XX:MaxHeapSize=891290k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                        "-classpath")
                .endsWith(LambdaJavaRuntime.ENTRY_POINT, "a.B::handleRequest");
    }

    @Test
    void classpath_holdsOnlyTheRuntimeJars() {
        assertThat(LambdaJavaRuntime.classpath().split(":"))
                .anyMatch(jar -> jar.contains("aws-lambda-java-runtime-interface-client"))
                .anyMatch(jar -> jar.contains("aws-lambda-java-serialization"))
                .anyMatch(jar -> jar.contains("aws-lambda-java-core"))
                .anyMatch(jar -> jar.contains("utils-lite"))
                .hasSize(4);
    }
}
