package com.sendsummary.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code make bench}: latency of the HTTP function as API Gateway would invoke it, measured at the emulator's
 * invoke API (RIE + runtime client + handler, no HTTP front), each cold start in a new JVM. Prints figures only;
 * no thresholds.
 *
 * <p>Arguments (all optional): {@code jobId} (default 910001), {@code coldRuns} (5), {@code warmHits} (200),
 * {@code warmMisses} (100). A miss is forced by emptying the table before the (untimed) call setup.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String jobId = args.length > 0 ? args[0] : "910001";
        int coldRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmHits = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmMisses = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        PrintStream out = System.out;

        try (LocalEnvironment environment = LocalEnvironment.builder().sfmcFromEnvironment(System.getenv()).start()) {
            LambdaEmulator http = environment.http();
            SummaryTable table = environment.table();
            String path = "/sends/" + jobId + "/summary";
            ApiRoute route = LocalEnvironment.routes().stream()
                    .filter(candidate -> candidate.match("GET", path).isPresent()).findFirst().orElseThrow();
            // A new event per invocation, as API Gateway sends: requestContext.timeEpoch is when the request arrived,
            // and the function's deadline counts API Gateway's 30 s from it.
            java.util.function.Supplier<String> event = () -> HttpApiEvent.build(HttpApiEvent.Request.get(path),
                    route, route.match("GET", path).orElseThrow()).toString();

            requireSuccess(http.invoke(event.get()), "priming invoke");
            out.println("Bench of function '" + http.name() + "' (" + http.function().handler() + "), GET " + path);
            out.println("  memory " + http.function().memoryMb() + " MB; each cold start is a new RIE + JVM");

            long[] coldHits = new long[coldRuns];
            long[] coldMisses = new long[coldRuns];
            List<Long> coldRss = new ArrayList<>();
            for (int run = 0; run < coldRuns; run++) {
                http.restart();
                coldHits[run] = requireSuccess(http.invoke(event.get()), "cold hit").elapsed().toMillis();
                http.runtimePeakRssKb().ifPresent(coldRss::add);
                table.clear();
                http.restart();
                coldMisses[run] = requireSuccess(http.invoke(event.get()), "cold miss").elapsed().toMillis();
            }

            long[] hits = new long[warmHits];
            for (int i = 0; i < warmHits; i++) {
                hits[i] = requireSuccess(http.invoke(event.get()), "warm hit").elapsed().toNanos();
            }
            long[] misses = new long[warmMisses];
            for (int i = 0; i < warmMisses; i++) {
                table.clear();
                misses[i] = requireSuccess(http.invoke(event.get()), "warm miss").elapsed().toNanos();
            }
            OptionalLong warmRss = http.runtimePeakRssKb();

            out.printf("  cold hit   (ms, %d runs): %s  median %d%n", coldRuns, Arrays.toString(coldHits),
                    percentile(coldHits, 50));
            out.printf("  cold miss  (ms, %d runs): %s  median %d%n", coldRuns, Arrays.toString(coldMisses),
                    percentile(coldMisses, 50));
            out.printf("  warm hit   (ms, %d invokes): p50 %.2f  p99 %.2f%n", warmHits,
                    percentile(hits, 50) / 1e6, percentile(hits, 99) / 1e6);
            out.printf("  warm miss  (ms, %d invokes): p50 %.2f  p99 %.2f%n", warmMisses,
                    percentile(misses, 50) / 1e6, percentile(misses, 99) / 1e6);
            out.printf("  peak RSS of the function JVM (VmHWM): after a cold hit %s MB; after %d warm invokes %s MB%n",
                    coldRss.stream().map(kb -> Long.toString(kb / 1024)).toList(), warmHits + warmMisses,
                    warmRss.isPresent() ? Long.toString(warmRss.getAsLong() / 1024) : "?");
            Path jar = environment.layout().functionsJar();
            out.printf("  %s: %.1f MB (%d bytes)%n", environment.layout().root().relativize(jar),
                    Files.size(jar) / 1024.0 / 1024.0, Files.size(jar));
            environment.simulatorProcess().ifPresent(simulator -> firstSend(environment, simulator, jobId, coldRuns, out));
            out.println("  bench: " + ProcessHandle.current().info().commandLine().orElse("Bench"));
            out.println("  emulator command: " + String.join(" ", http.command()));
            out.println("  function environment: " + http.function().environment().entrySet().stream()
                    .map(Map.Entry::toString).sorted().toList());
        }
    }

    /**
     * Issue #2's figure: JVM start to the first Send returned by the simulator, the SFMC client alone (no Lambda
     * runtime, no AWS), in a new JVM per sample with the functions' JVM options.
     */
    private static void firstSend(LocalEnvironment environment, Simulator simulator, String jobId, int runs,
                                  PrintStream out) {
        Path root = environment.layout().root();
        String classpath = environment.layout().functionsJar() + ":" + root.resolve("functions/target/test-classes");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(LambdaJavaRuntime.jvmOptions(environment.http().function().memoryMb()));
        command.addAll(List.of("-cp", classpath, "com.sendsummary.sfmc.FirstSendProbe",
                simulator.baseUri().toString(), SfmcSecret.DEMO_CLIENT_ID, SfmcSecret.DEMO_CLIENT_SECRET,
                Long.toString(SfmcSecret.DEMO_ACCOUNT_ID), jobId));
        long[] samples = new long[runs];
        try {
            for (int run = 0; run < runs; run++) {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (process.waitFor() != 0 || !output.contains("first-send-ms=")) {
                    out.println("  first Send probe failed: " + output.strip());
                    return;
                }
                samples[run] = Long.parseLong(output.replaceAll("(?s).*first-send-ms=(\\d+).*", "$1"));
            }
        } catch (java.io.IOException e) {
            out.println("  first Send probe could not run: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        out.printf("  JVM start to first Send from the simulator (ms, %d new JVMs, SFMC client only): %s  median %d%n",
                runs, Arrays.toString(samples), percentile(samples, 50));
        out.println("  probe command: " + String.join(" ", command).replace(SfmcSecret.DEMO_CLIENT_SECRET, "***"));
    }

    private static Invocation requireSuccess(Invocation invocation, String what) {
        if (invocation.functionError()) {
            throw new IllegalStateException(what + " failed: " + invocation.body());
        }
        int status = invocation.json().path("statusCode").asInt(200);
        if (status != 200) {
            throw new IllegalStateException(what + " answered " + status + ": " + invocation.body());
        }
        return invocation;
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
