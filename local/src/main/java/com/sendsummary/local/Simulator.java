package com.sendsummary.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SFMC simulator as a child process ({@code java -jar sfmc-simulator.jar --port 0 ...}); ready once it prints
 * {@code SFMC simulator listening on http://127.0.0.1:<port>}.
 */
public final class Simulator implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("SFMC simulator listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final ManagedProcess process;
    private final URI baseUri;
    private final SimulatorAdmin admin;

    private Simulator(ManagedProcess process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
        this.admin = new SimulatorAdmin(baseUri);
    }

    /**
     * Starts the simulator jar with the JVM running this code.
     *
     * @param extraArguments e.g. {@code --data <file>}, {@code --token-ttl-seconds 5}; empty for the demo data
     */
    public static Simulator start(ProjectLayout layout, List<String> extraArguments, Logs logs) {
        Path jar = ProjectLayout.requireFile(layout.simulatorJar(),
                "build it with: mvn -q -pl sfmc-simulator -DskipTests package");
        List<String> command = new ArrayList<>(List.of(JavaCommand.java().toString(), "-jar", jar.toString(),
                "--port", "0"));
        command.addAll(extraArguments);
        CompletableFuture<URI> listening = new CompletableFuture<>();
        ManagedProcess process = ManagedProcess.start("sfmc-simulator", command, layout.root(), Map.of(), true, logs,
                line -> {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(URI.create(matcher.group(1)));
                    }
                });
        process.handle().onExit().thenRun(() -> listening.completeExceptionally(new IllegalStateException(
                "sfmc-simulator exited before listening. Last output:\n"
                        + String.join("\n", process.recentOutput()))));
        try {
            return new Simulator(process, listening.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            process.close();
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            process.close();
            throw new IllegalStateException("sfmc-simulator did not print its listening line within "
                    + STARTUP_TIMEOUT + "; see " + process.logFile(), e);
        } catch (InterruptedException e) {
            process.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted starting sfmc-simulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: token endpoint at {@code /v2/token}, SOAP at {@code /Service.asmx}. */
    public URI baseUri() {
        return baseUri;
    }

    public URI soapUri() {
        return URI.create(baseUri + "/Service.asmx");
    }

    public SimulatorAdmin admin() {
        return admin;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
