package com.sendsummary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Lambda function run the way {@code sam local} runs it, minus Docker: aws-lambda-rie (the Runtime Interface
 * Emulator from the Lambda base images) serving the invoke API and the Runtime API, and the managed Java runtime
 * command ({@link LambdaJavaRuntime}) as its bootstrap, in the extracted task root, with only the environment a
 * Lambda function gets.
 *
 * <p>The RIE starts the JVM lazily on the first invoke (the cold start) and keeps it for the next ones (warm).
 * {@link #restart()} throws the process tree away so the next invoke is cold again, in a fresh JVM. Invokes are
 * serialised: one emulator is one execution environment, which handles one request at a time.
 */
public final class LambdaEmulator implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    /** Ports are probed, then bound by the RIE: if another process took one in between, the RIE exits; retry. */
    private static final int LAUNCH_ATTEMPTS = 3;

    private final LambdaFunction function;
    private final String instanceName;
    private final ProjectLayout layout;
    private final Logs logs;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private ManagedProcess process;
    private URI invokeUri;
    private List<String> runtimeCommand;
    private List<String> command;
    private boolean initialized;

    private LambdaEmulator(LambdaFunction function, String instanceName, ProjectLayout layout, Logs logs) {
        this.function = function;
        this.instanceName = instanceName;
        this.layout = layout;
        this.logs = logs;
    }

    /** Starts the emulator (not yet the function's JVM: that happens on the first invoke). */
    public static LambdaEmulator start(LambdaFunction function, ProjectLayout layout, Logs logs) {
        return start(function, layout, logs, function.name());
    }

    /**
     * Starts one more execution environment of {@code function}, e.g. a second concurrent container of the same
     * function. Everything the function sees is the same as for {@link #start(LambdaFunction, ProjectLayout, Logs)};
     * only the emulator's own ports and its log ({@code <instanceName>.log}, console prefix) are its own.
     */
    public static LambdaEmulator start(LambdaFunction function, ProjectLayout layout, Logs logs, String instanceName) {
        ProjectLayout.requireFile(layout.lambdaRie(), "run scripts/bootstrap.sh (or: GOBIN=$PWD/.tools/bin go install "
                + "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@<version>)");
        LambdaEmulator emulator = new LambdaEmulator(function, instanceName, layout, logs);
        emulator.launch();
        return emulator;
    }

    /** The function's name ({@code AWS_LAMBDA_FUNCTION_NAME}), the same for every instance of the function. */
    public String name() {
        return function.name();
    }

    /** This emulator's own name: the function name, or e.g. {@code http-2} for an extra instance. */
    public String instanceName() {
        return instanceName;
    }

    public LambdaFunction function() {
        return function;
    }

    /** {@code POST} here with the event as body, like {@code curl} against a Lambda container image. */
    public synchronized URI invokeUri() {
        return invokeUri;
    }

    /** Invokes the function with {@code eventJson} and returns the raw response. */
    public synchronized Invocation invoke(String eventJson) {
        HttpRequest request = HttpRequest.newBuilder(invokeUri)
                // Cold starts come on top of the function timeout; the RIE enforces the timeout itself.
                .timeout(Duration.ofSeconds(function.timeoutSeconds()).plus(STARTUP_TIMEOUT))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8))
                .build();
        boolean coldStart = !initialized;
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            initialized = true;
            return new Invocation(response.statusCode(), response.body(),
                    Duration.ofNanos(System.nanoTime() - start), coldStart);
        } catch (IOException e) {
            throw new UncheckedIOException("Invoke of " + name() + " failed; see " + process.logFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted invoking " + name(), e);
        }
    }

    /** Reads the event from a file (e.g. {@code events/http-get-summary.json}) and invokes with it. */
    public Invocation invoke(Path eventFile) {
        try {
            return invoke(Files.readString(eventFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read event " + eventFile, e);
        }
    }

    /**
     * Discards the execution environment (RIE and JVM) and starts a new emulator, so the next invoke is a cold
     * start in a fresh JVM. A rebuilt jar is extracted again and picked up.
     */
    public synchronized void restart() {
        process.close();
        launch();
    }

    /** The function's JVM (the RIE's java child), present once an invoke started it. */
    public synchronized Optional<ProcessHandle> runtimeProcess() {
        return process.handle().descendants()
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** Peak resident set size of the function's JVM so far ({@code VmHWM}), in KiB. */
    public OptionalLong runtimePeakRssKb() {
        return runtimeProcess().map(handle -> ProcStatus.kilobytes(handle.pid(), "VmHWM"))
                .orElse(OptionalLong.empty());
    }

    /** The command the RIE runs as bootstrap: java, JVM options, runtime classpath, entry point, handler. */
    public synchronized List<String> runtimeCommand() {
        return runtimeCommand;
    }

    /** The whole command: aws-lambda-rie, its addresses, then {@link #runtimeCommand()}. */
    public synchronized List<String> command() {
        return command;
    }

    /** The emulator's output (RIE lines, START/END/REPORT, the function's stdout/stderr). */
    public synchronized List<String> recentOutput() {
        return process.recentOutput();
    }

    public synchronized Path logFile() {
        return process.logFile();
    }

    @Override
    public synchronized void close() {
        process.close();
    }

    private void launch() {
        Path taskRoot = TaskRoot.prepare(function.code(), layout.workDirectory());
        // Not the client's shared /tmp copy: emulators cold-starting at once would rewrite it under each other.
        runtimeCommand = LambdaJavaRuntime.command(function.memoryMb(), function.handler(),
                LambdaJavaRuntime.jniLibrary(layout.workDirectory()));
        for (int attempt = 1; ; attempt++) {
            int runtimeApiPort = FreePort.next();
            int emulatorPort = FreePort.next();
            List<String> rieCommand = new ArrayList<>(List.of(layout.lambdaRie().toString(),
                    "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                    "--runtime-interface-emulator-address", "127.0.0.1:" + emulatorPort));
            rieCommand.addAll(runtimeCommand);
            command = List.copyOf(rieCommand);
            // The RIE passes its working directory to the runtime, which loads the function code from there.
            process = ManagedProcess.start(instanceName, command, taskRoot, environment(taskRoot), false, logs,
                    line -> { });
            invokeUri = URI.create("http://127.0.0.1:" + emulatorPort + INVOKE_PATH);
            initialized = false;
            try {
                Readiness.awaitPortOpen(process, "127.0.0.1", emulatorPort, STARTUP_TIMEOUT);
                return;
            } catch (RuntimeException e) {
                boolean exited = !process.isAlive();
                process.close();
                if (!exited || attempt == LAUNCH_ATTEMPTS) {
                    throw e;
                }
                // Most likely one of the ports was taken between probing and binding: again with new ones.
            }
        }
    }

    /** What Lambda defines for a java25 function, then the function's own variables (which may override). */
    private Map<String, String> environment(Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", JavaCommand.javaHome().resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + LambdaJavaRuntime.RUNTIME);
        env.put("AWS_REGION", AwsResources.REGION.id());
        env.put("AWS_DEFAULT_REGION", AwsResources.REGION.id());
        env.put("AWS_ACCESS_KEY_ID", AwsResources.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsResources.SECRET_KEY);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        // Not a Lambda variable: the RIE reads the function timeout from it.
        env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(function.timeoutSeconds()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + function.name());
        env.putAll(function.environment());
        return env;
    }
}
