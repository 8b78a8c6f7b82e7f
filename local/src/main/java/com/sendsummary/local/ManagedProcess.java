package com.sendsummary.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child process whose stdout and stderr are pumped line by line to a log file, an optional console echo
 * ({@code [name] line}), a listener, and a small in-memory tail; {@link #close()} ends the whole process tree.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final int TAIL_LINES = 2_000;
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Writer logFile;
    private final Logs logs;
    private final Consumer<String> listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<Thread> pumps = new ArrayList<>();

    private ManagedProcess(String name, List<String> command, Process process, Writer logFile, Logs logs,
                           Consumer<String> listener) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.logFile = logFile;
        this.logs = logs;
        this.listener = listener;
    }

    /**
     * Starts {@code command} in {@code workingDirectory}.
     *
     * @param environment variables to set; when {@code inheritEnvironment} is false they are the child's whole
     *                    environment (as a Lambda function sees only what Lambda defines)
     * @param listener    called with every output line (stdout and stderr), e.g. to spot a readiness line
     */
    public static ManagedProcess start(String name, List<String> command, Path workingDirectory,
                                       Map<String, String> environment, boolean inheritEnvironment, Logs logs,
                                       Consumer<String> listener) {
        try {
            Files.createDirectories(logs.directory());
            Writer logFile = Files.newBufferedWriter(logs.file(name), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            logFile.write("=== " + Instant.now() + " start: " + String.join(" ", command) + System.lineSeparator());
            logFile.flush();
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
            if (!inheritEnvironment) {
                builder.environment().clear();
            }
            builder.environment().putAll(environment);
            ManagedProcess managed = new ManagedProcess(name, command, builder.start(), logFile, logs, listener);
            managed.pump(managed.process.getInputStream(), "stdout");
            managed.pump(managed.process.getErrorStream(), "stderr");
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logs.file(name);
    }

    /** The last lines the process wrote (stdout and stderr interleaved as read). */
    public List<String> recentOutput() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Ends the process and every descendant: SIGTERM, then SIGKILL for whatever is left after a short grace. */
    @Override
    public void close() {
        // Descendants must be listed before the parent dies, or they are re-parented and no longer found.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(GRACE);
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        for (Thread pump : pumps) {
            try {
                pump.join(GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (logFile) {
            try {
                logFile.close();
            } catch (IOException ignored) {
                // The log is best effort; the process is gone either way.
            }
        }
    }

    private void pump(InputStream stream, String channel) {
        Thread thread = Thread.ofPlatform().daemon().name(name + "-" + channel).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    record(line);
                }
            } catch (IOException closed) {
                // The process ended or was killed; nothing more to read.
            }
        });
        pumps.add(thread);
    }

    private void record(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        synchronized (logFile) {
            try {
                logFile.write(line);
                logFile.write(System.lineSeparator());
                logFile.flush();
            } catch (IOException ignored) {
                // Closed while the process was still talking; the tail still has the line.
            }
        }
        logs.echo().ifPresent((PrintStream console) -> console.println("[" + name + "] " + line));
        listener.accept(line);
    }
}
