package com.sendsummary.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench}: latency of the HTTP function as API Gateway would invoke it, measured at the emulator's
 * invoke API (RIE + runtime client + handler, no HTTP front), each cold start in a new JVM. Prints figures only;
 * no thresholds.
 *
 * <p>Arguments (all optional): {@code jobId} (default 910001), {@code coldRuns} (5), {@code warmHits} (200),
 * {@code warmMisses} (100), and the flag {@code --primed}: the HTTP function gets {@code INIT_PRIMING=true}, so its init
 * runs the priming SnapStart runs before its snapshot (no snapshot is possible here), and the cold figures are those of
 * a first invocation after a primed init. A miss is forced by emptying the table before the (untimed) call setup; the
 * "token shared" miss keeps the SFMC token another container stored, as a new container usually finds it.
 *
 * <p>Each cold start is split as the emulator reports it: the init ({@code INIT REPORT}, JVM start to the runtime's
 * first request for an event, priming included) and the first invocation ({@code INVOKE RTDONE}, event to answer, what
 * Lambda reports as the invocation's Duration).
 */
public final class Bench {

    private Bench() {
    }

    /** {@code INIT REPORT(durationMs: 812.3)}: the init of the emulator's function. */
    private static final Pattern INIT_REPORT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    /** {@code INVOKE RTDONE(status: success, produced bytes: 0, duration: 16.5ms)}: one invocation. */
    private static final Pattern INVOKE_DONE = Pattern.compile("INVOKE RTDONE\\(.*duration: ([0-9.]+)ms\\)");

    public static void main(String[] arguments) throws Exception {
        boolean primed = Arrays.asList(arguments).contains("--primed");
        String[] args = Arrays.stream(arguments).filter(arg -> !arg.equals("--primed")).toArray(String[]::new);
        String jobId = args.length > 0 ? args[0] : "910001";
        int coldRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmHits = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmMisses = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        PrintStream out = System.out;

        LocalEnvironment.Builder builder = LocalEnvironment.builder().sfmcFromEnvironment(System.getenv());
        if (primed) {
            builder.functionEnv(LocalEnvironment.HTTP, Map.of("INIT_PRIMING", "true"));
        }
        try (LocalEnvironment environment = builder.start()) {
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
            out.println("  memory " + http.function().memoryMb() + " MB; each cold start is a new RIE + JVM; init "
                    + (primed ? "primed (INIT_PRIMING=true: the priming SnapStart runs before its snapshot)" : "plain"));

            ColdStarts coldHits = new ColdStarts(coldRuns);
            ColdStarts coldMisses = new ColdStarts(coldRuns);
            ColdStarts coldSharedTokenMisses = new ColdStarts(coldRuns);
            List<Long> coldRss = new ArrayList<>();
            for (int run = 0; run < coldRuns; run++) {
                http.restart();
                coldHits.add(run, requireSuccess(http.invoke(event.get()), "cold hit"), http.recentOutput());
                http.runtimePeakRssKb().ifPresent(coldRss::add);
                table.clear();
                http.restart();
                coldMisses.add(run, requireSuccess(http.invoke(event.get()), "cold miss"), http.recentOutput());
                clearKeepingTokens(table);
                http.restart();
                coldSharedTokenMisses.add(run, requireSuccess(http.invoke(event.get()), "cold miss, token shared"),
                        http.recentOutput());
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

            coldHits.print(out, "cold hit");
            coldMisses.print(out, "cold miss (table emptied: no summary, no shared SFMC token)");
            coldSharedTokenMisses.print(out, "cold miss (SFMC token shared by another container)");
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

    /** Empties the table but for the SFMC tokens the containers share ({@code TOKEN#...}). */
    private static void clearKeepingTokens(SummaryTable table) {
        table.items().stream().map(item -> item.get(AwsResources.PARTITION_KEY).s())
                .filter(key -> !key.startsWith("TOKEN#")).forEach(table::delete);
    }

    /** The cold starts of one kind: the whole invoke as the caller saw it, and its init and invocation parts. */
    private static final class ColdStarts {
        private final long[] total;
        private final long[] init;
        private final long[] invocation;

        ColdStarts(int runs) {
            total = new long[runs];
            init = new long[runs];
            invocation = new long[runs];
        }

        void add(int run, Invocation cold, List<String> emulatorOutput) {
            total[run] = cold.elapsed().toMillis();
            init[run] = Math.round(last(INIT_REPORT, emulatorOutput));
            invocation[run] = Math.round(last(INVOKE_DONE, emulatorOutput));
        }

        void print(PrintStream out, String what) {
            out.printf("  %s, %d runs (ms): whole invoke %s median %d; init %s median %d;"
                            + " first invocation %s median %d (min %d, max %d)%n", what, total.length,
                    Arrays.toString(total), percentile(total, 50), Arrays.toString(init), percentile(init, 50),
                    Arrays.toString(invocation), percentile(invocation, 50), percentile(invocation, 0),
                    percentile(invocation, 100));
        }

        /** The figure of the last line matching {@code pattern}; -1 when the emulator printed none. */
        private static double last(Pattern pattern, List<String> lines) {
            double figure = -1;
            for (String line : lines) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    figure = Double.parseDouble(matcher.group(1));
                }
            }
            return figure;
        }
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
