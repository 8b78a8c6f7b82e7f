package com.sendsummary.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code make bench}: the HTTP function as API Gateway invokes it, measured at the emulator's invoke API (RIE +
 * runtime client + handler, no HTTP front), each cold start in a new JVM, against a floor: {@code floor.FloorHandler}, one
 * DynamoDB GetItem, packaged in the deployable's shape and run in the same emulator with the same JVM options.
 * Prints figures and ratios to the floor; no thresholds.
 *
 * <p>Candidates, alternated within every round (cold) and every invoke (warm): {@code project} (what
 * {@code sam build} produced), {@code primed} (the same with {@code INIT_PRIMING=true}), {@code floor}, and any
 * {@code --code label=dir} (the project's handler on another task root, e.g. another artifact shape).
 *
 * <p>Arguments (all optional): {@code jobId} (default 910001), {@code coldRounds} (10), {@code warmHits} (200),
 * {@code warmMisses} (100), then {@code --code label=dir} any number of times. A miss is forced by emptying the
 * table before the (untimed) call setup.
 */
public final class Bench {

    /** The emulator's own log lines: the init phase (JVM start to the runtime's first /next), then the invoke. */
    private static final Pattern INIT_DURATION = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern DURATION = Pattern.compile("INVOKE RTDONE\\(.*duration: ([0-9.]+)ms\\)");
    private static final String PRIMING_VARIABLE = "INIT_PRIMING";
    /** By name: loading the class here would need the Lambda core library, which only the function's JVM has. */
    private static final String FLOOR_HANDLER = "com.sendsummary.local.floor.FloorHandler";

    private Bench() {
    }

    /** One function under measurement, with every sample taken of it. */
    private static final class Candidate {
        final String label;
        final LambdaEmulator emulator;
        final boolean project;
        final List<Double> coldHit = new ArrayList<>();
        final List<Double> coldMiss = new ArrayList<>();
        final List<Double> initHit = new ArrayList<>();
        final List<Double> firstHit = new ArrayList<>();
        final List<Double> firstMiss = new ArrayList<>();
        final List<Double> rssMb = new ArrayList<>();
        final List<Double> warmHit = new ArrayList<>();
        final List<Double> warmMiss = new ArrayList<>();

        Candidate(String label, LambdaEmulator emulator, boolean project) {
            this.label = label;
            this.emulator = emulator;
            this.project = project;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, Path> extraCode = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--code") && i + 1 < args.length) {
                String[] labelAndDir = args[++i].split("=", 2);
                extraCode.put(labelAndDir[0], Path.of(labelAndDir[1]).toAbsolutePath());
            } else {
                positional.add(args[i]);
            }
        }
        String jobId = positional.size() > 0 ? positional.get(0) : "910001";
        int coldRounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 10;
        int warmHits = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 200;
        int warmMisses = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 100;
        PrintStream out = System.out;

        List<LambdaEmulator> started = new ArrayList<>();
        try (LocalEnvironment environment = LocalEnvironment.builder().sfmcFromEnvironment(System.getenv()).start()) {
            ProjectLayout layout = environment.layout();
            Logs logs = Logs.toFiles(layout.logDirectory());
            LambdaEmulator http = environment.http();
            SummaryTable table = environment.table();
            String path = "/sends/" + jobId + "/summary";
            ApiRoute route = LocalEnvironment.routes().stream()
                    .filter(candidate -> candidate.match("GET", path).isPresent()).findFirst().orElseThrow();
            // A new event per invocation, as API Gateway sends: requestContext.timeEpoch is when the request arrived,
            // and the function's deadline counts API Gateway's 30 s from it.
            Supplier<String> event = () -> HttpApiEvent.build(HttpApiEvent.Request.get(path),
                    route, route.match("GET", path).orElseThrow()).toString();

            requireSuccess(http.invoke(event.get()), "priming invoke");
            // The floor reads the item the project's hit reads: the cached summary (not the shared token).
            String cachedKey = table.cachedItems().getFirst().get(AwsResources.PARTITION_KEY).s();
            LambdaFunction project = http.function();
            Path floorCode = packageFloor(layout, project.code());

            List<Candidate> candidates = new ArrayList<>();
            candidates.add(new Candidate("project", http, true));
            LambdaEmulator primed = LambdaEmulator.start(project.withEnvironment(Map.of(PRIMING_VARIABLE, "true")),
                    layout, logs, "http-primed");
            started.add(primed);
            candidates.add(new Candidate("primed", primed, true));
            for (Map.Entry<String, Path> extra : extraCode.entrySet()) {
                LambdaEmulator emulator = LambdaEmulator.start(project.withCode(extra.getValue()), layout, logs,
                        "http-" + extra.getKey());
                started.add(emulator);
                candidates.add(new Candidate(extra.getKey(), emulator, true));
            }
            LambdaEmulator floor = LambdaEmulator.start(project.withCode(floorCode)
                    .withHandler(FLOOR_HANDLER + "::handleRequest")
                    .withEnvironment(Map.of("FLOOR_PK", cachedKey)), layout, logs, "floor");
            started.add(floor);
            Candidate floorCandidate = new Candidate("floor", floor, false);
            candidates.add(floorCandidate);

            out.println("Bench of function '" + http.name() + "' (" + project.handler() + "), GET " + path
                    + ", against the floor (FloorHandler: one DynamoDB GetItem)");
            out.println("  memory " + project.memoryMb() + " MB; each cold start is a new RIE + JVM; " + coldRounds
                    + " rounds, candidates alternated (order rotated each round)");

            for (int round = 0; round < coldRounds; round++) {
                for (int k = 0; k < candidates.size(); k++) {
                    Candidate candidate = candidates.get((round + k) % candidates.size());
                    if (candidate.project) {
                        // The miss first: it writes the item the hit (and the floor) then read.
                        table.clear();
                        candidate.emulator.restart();
                        Invocation miss = requireSuccess(candidate.emulator.invoke(event.get()), "cold miss");
                        candidate.coldMiss.add(millis(miss));
                        report(candidate.emulator, DURATION).ifPresent(candidate.firstMiss::add);
                    }
                    candidate.emulator.restart();
                    Invocation hit = requireSuccess(candidate.emulator.invoke(event.get()), "cold hit");
                    candidate.coldHit.add(millis(hit));
                    report(candidate.emulator, INIT_DURATION).ifPresent(candidate.initHit::add);
                    report(candidate.emulator, DURATION).ifPresent(candidate.firstHit::add);
                    candidate.emulator.runtimePeakRssKb().ifPresent(kb -> candidate.rssMb.add(kb / 1024.0));
                }
            }
            for (int i = 0; i < warmHits; i++) {
                for (Candidate candidate : candidates) {
                    candidate.warmHit.add(millis(requireSuccess(candidate.emulator.invoke(event.get()), "warm hit")));
                }
            }
            for (int i = 0; i < warmMisses; i++) {
                for (Candidate candidate : candidates) {
                    if (candidate.project) {
                        table.clear();
                        candidate.warmMiss.add(
                                millis(requireSuccess(candidate.emulator.invoke(event.get()), "warm miss")));
                    }
                }
            }

            boolean primingKnown = mentions(project.code(), PRIMING_VARIABLE);
            printTable(out, candidates, floorCandidate, coldRounds, warmHits, warmMisses, primingKnown);
            out.println("  artifacts (task roots, zipped as sam package zips them):");
            for (Candidate candidate : candidates) {
                if (candidate.label.equals("primed")) {
                    continue;
                }
                Path code = candidate.emulator.function().code();
                out.printf(Locale.ROOT, "    %-10s %s: %.1f MB zipped, %.1f MB unzipped%n", candidate.label,
                        relative(layout, code), zippedBytes(code) / 1e6, unzippedBytes(code) / 1e6);
            }
            environment.simulatorProcess().ifPresent(simulator -> firstSend(environment, simulator, jobId, coldRounds, out));
            out.println("  bench: " + ProcessHandle.current().info().commandLine().orElse("Bench"));
            out.println("  emulator command (every candidate; the handler differs for the floor): "
                    + String.join(" ", http.command()));
            out.println("  function environment: " + project.environment().entrySet().stream()
                    .map(Map.Entry::toString).sorted().toList());
        } finally {
            started.forEach(LambdaEmulator::close);
        }
    }

    /**
     * Issue #2's figure: JVM start to the first Send returned by the simulator, the SFMC client alone (no Lambda
     * runtime, no AWS), in a new JVM per sample with the functions' JVM options. Runs functions.jar (the files the
     * sam build holds) with the module's test classes.
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
        } catch (IOException e) {
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

    private static void printTable(PrintStream out, List<Candidate> candidates, Candidate floor, int coldRounds,
                                   int warmHits, int warmMisses, boolean primingKnown) {
        out.printf(Locale.ROOT, "  ms unless stated; cold: min / median / max of %d; warm: p50 / p99 of %d hits, %d "
                + "misses; (x) = median (or p50) / floor's%n", coldRounds, warmHits, warmMisses);
        if (!primingKnown) {
            out.println("  primed: n/a (needs INIT_PRIMING): this build of the functions has no priming switch, so "
                    + "'primed' runs unprimed");
        }
        out.printf(Locale.ROOT, "  %-34s", "");
        candidates.forEach(candidate -> out.printf(Locale.ROOT, " %-26s", candidate.label));
        out.println();
        row(out, "cold hit", candidates, c -> c.coldHit, floor.coldHit, false);
        row(out, "cold miss", candidates, c -> c.coldMiss, floor.coldHit, false);
        row(out, "  init (RIE INIT REPORT), hit", candidates, c -> c.initHit, floor.initHit, false);
        row(out, "  first invocation after init, hit", candidates, c -> c.firstHit, floor.firstHit, false);
        row(out, "  first invocation after init, miss", candidates, c -> c.firstMiss, floor.firstHit, false);
        row(out, "warm hit p50 / p99", candidates, c -> c.warmHit, floor.warmHit, true);
        row(out, "warm miss p50 / p99", candidates, c -> c.warmMiss, floor.warmHit, true);
        row(out, "peak RSS after cold hit (MB)", candidates, c -> c.rssMb, floor.rssMb, false);
    }

    private static void row(PrintStream out, String figure, List<Candidate> candidates,
                            java.util.function.Function<Candidate, List<Double>> samples, List<Double> floorSamples,
                            boolean warm) {
        out.printf(Locale.ROOT, "  %-34s", figure);
        double floorMedian = percentile(floorSamples, 50);
        for (Candidate candidate : candidates) {
            List<Double> values = samples.apply(candidate);
            String cell;
            if (values.isEmpty()) {
                cell = "-";
            } else if (warm) {
                double p50 = percentile(values, 50);
                cell = String.format(Locale.ROOT, "%.1f / %.1f (%.2fx)", p50, percentile(values, 99), p50 / floorMedian);
            } else {
                double median = percentile(values, 50);
                cell = String.format(Locale.ROOT, "%.0f / %.0f / %.0f (%.2fx)", percentile(values, 0), median,
                        percentile(values, 100), median / floorMedian);
            }
            out.printf(Locale.ROOT, " %-26s", cell);
        }
        out.println();
    }

    /**
     * The floor's task root in the project's artifact shape: classes at the root plus {@code lib/*.jar} when the
     * project's has a {@code lib/}, otherwise everything extracted at the root (a shaded jar as Lambda unpacks it).
     */
    private static Path packageFloor(ProjectLayout layout, Path projectCode) throws IOException {
        boolean withLib = Files.isDirectory(projectCode.resolve("lib"));
        Path root = layout.workDirectory().resolve("bench-floor").resolve(withLib ? "classes-lib" : "extracted");
        deleteRecursively(root);
        Files.createDirectories(root);
        String classFile = FLOOR_HANDLER.replace('.', '/') + ".class";
        Path handlerClass = root.resolve(classFile);
        Files.createDirectories(handlerClass.getParent());
        try (var in = Bench.class.getResourceAsStream("/" + classFile)) {
            Files.copy(in, handlerClass);
        }
        String classpath = Files.readString(layout.workDirectory().resolve("floor-runtime.classpath")).strip();
        for (String jar : classpath.split(":")) {
            Path source = Path.of(jar);
            if (withLib) {
                Files.createDirectories(root.resolve("lib"));
                Files.copy(source, root.resolve("lib").resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } else {
                extract(source, root);
            }
        }
        return root;
    }

    private static void extract(Path jar, Path directory) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path destination = directory.resolve(entry.getName()).normalize();
                if (!destination.startsWith(directory) || entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(zip, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Whether any of the project's own classes in the task root names {@code text} (a constant, e.g. a variable). */
    private static boolean mentions(Path code, String text) throws IOException {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(code)) {
            for (Path file : files.filter(f -> f.toString().contains("/com/sendsummary/")
                    && f.toString().endsWith(".class")).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Bytes of the task root zipped with default compression, as {@code sam package} uploads it. */
    static long zippedBytes(Path directory) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (ZipOutputStream zip = new ZipOutputStream(counter); Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }

    private static long unzippedBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static Optional<Double> report(LambdaEmulator emulator, Pattern figure) throws InterruptedException {
        // The RIE prints its lines around the response; give it a moment. Each cold sample is a new emulator, so the
        // last matching line is this invoke's.
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> output = emulator.recentOutput();
            for (int i = output.size() - 1; i >= 0; i--) {
                Matcher matcher = figure.matcher(output.get(i));
                if (matcher.find()) {
                    return Optional.of(Double.parseDouble(matcher.group(1)));
                }
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private static String relative(ProjectLayout layout, Path path) {
        return path.startsWith(layout.root()) ? layout.root().relativize(path).toString() : path.toString();
    }

    private static double millis(Invocation invocation) {
        return invocation.elapsed().toNanos() / 1e6;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
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

    /** Nearest-rank percentile (0 = min, 100 = max). */
    static double percentile(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nearest-rank percentile of whole numbers, as earlier versions of the bench printed them. */
    static long percentile(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
