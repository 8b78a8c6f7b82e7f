package com.sendsummary.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
 *
 * <p>The runtime client unpacks its JNI library to the fixed path {@code /tmp/.libaws-lambda-jni.so} and loads it
 * from there, which is fine with one sandbox per {@code /tmp} but not for several functions cold-starting at once on
 * one host: one JVM can load the file while another is rewriting it (SIGBUS). So {@link #jniLibrary(Path)} unpacks
 * the library once, write-once, under the work directory, and {@link #command(int, String, Optional)} points the
 * client at it with its own {@code -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI}.
 */
public final class LambdaJavaRuntime {

    /** The managed runtime emulated here; the template's {@code Runtime} must name it. */
    public static final String RUNTIME = "java25";
    public static final String ENTRY_POINT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** System property the runtime client loads its JNI library from instead of unpacking it to /tmp. */
    public static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String CLASSPATH_RESOURCE = "/lambda-runtime.classpath";
    private static final String RUNTIME_CLIENT_JAR = "aws-lambda-java-runtime-interface-client";
    private static final Object UNPACKING = new Object();

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
        return command(memoryMb, handler, Optional.empty());
    }

    /** {@link #command(int, String)}, loading the runtime client's JNI library from {@code jniLibrary} if given. */
    public static List<String> command(int memoryMb, String handler, Optional<Path> jniLibrary) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java().toString());
        command.addAll(jvmOptions(memoryMb));
        jniLibrary.ifPresent(library -> command.add("-D" + JNI_PROPERTY + "=" + library.toAbsolutePath()));
        command.add("-classpath");
        command.add(classpath());
        command.add(ENTRY_POINT);
        command.add(handler);
        return command;
    }

    /**
     * The runtime client's JNI library for this platform, unpacked from its jar into
     * {@code <workDirectory>/lambda-runtime-jni/<jar name>/} once and never rewritten, so that any number of function
     * JVMs can load it at the same time. Empty when the platform is not one the client ships a library for (the
     * client then falls back to unpacking it to /tmp itself).
     */
    public static Optional<Path> jniLibrary(Path workDirectory) {
        Optional<String> variant = jniVariant();
        Optional<Path> jar = Arrays.stream(classpath().split(":"))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith(RUNTIME_CLIENT_JAR))
                .map(Path::of)
                .findFirst();
        if (variant.isEmpty() || jar.isEmpty()) {
            return Optional.empty();
        }
        String jarName = jar.get().getFileName().toString().replaceFirst("\\.jar$", "");
        String libraryName = "libaws-lambda-jni." + variant.get() + ".so";
        Path library = workDirectory.resolve("lambda-runtime-jni").resolve(jarName).resolve(libraryName);
        synchronized (UNPACKING) {
            if (Files.isRegularFile(library)) {
                return Optional.of(library);
            }
            try (ZipFile zip = new ZipFile(jar.get().toFile())) {
                ZipEntry entry = zip.getEntry("jni/" + libraryName);
                if (entry == null) {
                    return Optional.empty();
                }
                Files.createDirectories(library.getParent());
                Path staging = library.resolveSibling(libraryName + ".tmp-" + UUID.randomUUID());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, staging);
                }
                try {
                    Files.move(staging, library, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException concurrent) {
                    Files.deleteIfExists(staging);
                }
                return Optional.of(library);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack " + libraryName + " from " + jar.get(), e);
            }
        }
    }

    /** {@code linux-x86_64}, {@code linux_musl-aarch_64}, ...: the suffixes of the client's bundled libraries. */
    private static Optional<String> jniVariant() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        boolean musl;
        try (var libs = Files.list(Path.of("/lib"))) {
            musl = libs.anyMatch(file -> file.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            musl = false;
        }
        return Optional.of((musl ? "linux_musl-" : "linux-") + arch);
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
