package com.sendsummary.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What Lambda's managed Java runtime ({@code /var/runtime/bootstrap}) runs, rebuilt from the local JDK and the
 * aws-lambda-java-runtime-interface-client jars.
 *
 * <p>JVM options mirror the command line observed in the java17/java21 managed runtimes (the java25 bootstrap is
 * not published; the same flags are assumed):
 * <pre>
 * java -XX:MaxHeapSize=&lt;85% of MemorySize&gt;k -XX:+UseSerialGC -Xshare:auto
 *      -XX:+TieredCompilation -XX:TieredStopAtLevel=1 --add-opens=java.base/java.io=ALL-UNNAMED
 *      -Djava.net.preferIPv4Stack=true -XX:+ErrorFileToStderr --enable-native-access=ALL-UNNAMED
 *      -classpath &lt;runtime client, core, serialization, utils-lite&gt;
 *      com.amazonaws.services.lambda.runtime.api.client.AWSLambda &lt;handler&gt;
 * </pre>
 * Differences: Lambda uses {@code -Xshare:on} with its own CDS archive of the runtime and a Log4j hot-patch agent;
 * here the JDK's default CDS archive is used ({@code -Xshare:auto}) and no agent. {@code --enable-native-access}
 * is added because JDK 24+ warns when the runtime client loads its JNI library. As on Lambda, the function code
 * is NOT on the JVM classpath: the runtime client loads it from the working directory (the task root, Lambda's
 * {@code /var/task}) and its {@code lib/*.jar} through its own class loader, whose parent holds the runtime, so
 * runtime classes win over copies bundled in the function jar. {@code JAVA_TOOL_OPTIONS} in the function's
 * environment is honoured by the JVM, as on Lambda.
 */
public final class LambdaJavaRuntime {

    public static final String ENTRY_POINT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String CLASSPATH_RESOURCE = "/lambda-runtime.classpath";

    private LambdaJavaRuntime() {
    }

    /** {@code -XX:MaxHeapSize} in KiB: 85% of the function memory, as the managed runtime computes it. */
    public static long maxHeapKb(int memoryMb) {
        return Math.round(memoryMb * 1024 * 0.85);
    }

    public static List<String> jvmOptions(int memoryMb) {
        return List.of(
                "-XX:MaxHeapSize=" + maxHeapKb(memoryMb) + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                "--enable-native-access=ALL-UNNAMED");
    }

    /** The full runtime command for one function: java, options, runtime classpath, entry point, handler. */
    public static List<String> command(int memoryMb, String handler) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java().toString());
        command.addAll(jvmOptions(memoryMb));
        command.add("-classpath");
        command.add(classpath());
        command.add(ENTRY_POINT);
        command.add(handler);
        return command;
    }

    /**
     * The runtime client and its dependencies (what {@code /var/runtime/lib} holds), written at build time by
     * maven-dependency-plugin into the {@code lambda-runtime.classpath} resource.
     */
    public static String classpath() {
        try (InputStream in = LambdaJavaRuntime.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE.substring(1)
                        + " is missing from the classpath; build the local module (mvn -pl local package)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CLASSPATH_RESOURCE, e);
        }
    }
}
