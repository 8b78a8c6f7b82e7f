package com.sendsummary.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which JDK {@code scripts/env.sh} chooses, on fake JDKs (a {@code bin/java} script that prints a version, an empty
 * {@code bin/javac}, a {@code release} file) in a temporary folder that replaces the usual places through
 * {@code SENDSUMMARY_JDK_SEARCH_PATH}. Sourced by bash with {@code set -euo pipefail}, as every script does.
 */
class EnvScriptTest {

    private static final Path ENV_SH = ProjectLayout.detect().root().resolve("scripts/env.sh");

    @TempDir
    Path temp;

    @Test
    void envSh_whenJavaHomeIsAJdk25_keepsIt() throws Exception {
        Path jdk = fakeJdk("vendor-25", "25.0.1", true, true);

        Result result = source(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.javaHome()).isEqualTo(jdk.toString());
        assertThat(result.stderr()).isEqualTo("env.sh: JDK 25.0.1 at " + jdk + " (from JAVA_HOME)\n");
    }

    @Test
    void envSh_whenJavaHomeIsAJdk17_takesAJdk25FromTheSearchPath() throws Exception {
        Path old = fakeJdk("jdk-17", "17.0.9", true, true);
        Path jdk25 = fakeJdk("jvm/corretto-25", "25.0.1", true, true);

        Result result = source(Map.of("JAVA_HOME", old.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.javaHome()).isEqualTo(jdk25.toString());
        assertThat(result.stderr()).isEqualTo("env.sh: JDK 25.0.1 at " + jdk25 + " (JAVA_HOME=" + old
                + " refused: JDK 17.0.9, older than 25)\n");
    }

    @Test
    void envSh_withSeveralCandidates_takesTheLowestJdkFrom25On() throws Exception {
        fakeJdk("jvm/a-jdk-26", "26", true, true);
        fakeJdk("jvm/b-jre-25", "25.0.2", true, false);
        fakeJdk("jvm/c-jdk-17", "17.0.9", true, true);
        Path jdk25 = fakeJdk("jvm/d-jdk-25", "25.0.1", true, true);
        fakeJdk("jvm/e-jdk-27", "27-ea", true, true);

        Result result = source(Map.of());

        assertThat(result.exitCode()).isZero();
        assertThat(result.javaHome()).isEqualTo(jdk25.toString());
        assertThat(result.stderr()).isEqualTo("env.sh: JDK 25.0.1 at " + jdk25 + " (JAVA_HOME was unset)\n");
    }

    @Test
    void envSh_withoutReleaseFile_readsTheVersionFromJavaVersion() throws Exception {
        Path jdk = fakeJdk("no-release-25", "25.0.1", false, true);

        Result result = source(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(result.javaHome()).isEqualTo(jdk.toString());
        assertThat(result.stderr()).startsWith("env.sh: JDK 25.0.1 at ");
    }

    @Test
    void envSh_whenNoJdk25_failsSayingWhereItLookedAndWhatToInstall() throws Exception {
        Path jdk8 = fakeJdk("jvm/jdk-8", "1.8.0_402", false, true);
        Path jre = fakeJdk("jvm/jre-25", "25.0.1", true, false);

        Result result = source(Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.javaHome()).isEmpty();
        assertThat(result.stderr())
                .contains("env.sh: ERROR: no JDK 25 or newer found")
                .contains("JAVA_HOME was unset")
                .contains("looked in: " + temp.resolve("jvm") + ", " + temp.resolve("empty"))
                .contains(jdk8 + ": JDK 1.8.0_402, older than 25")
                .contains(jre + ": not a JDK (needs bin/java and bin/javac)")
                .contains("Install a JDK 25", "set JAVA_HOME to it");
    }

    @Test
    void envSh_whenTheChoiceWasPrintedHigherUpTheProcessTree_staysQuiet() throws Exception {
        Path jdk = fakeJdk("vendor-25", "25.0.1", true, true);

        Result result = source(Map.of("JAVA_HOME", jdk.toString(), "SENDSUMMARY_JDK_ANNOUNCED", jdk.toString()));

        assertThat(result.javaHome()).isEqualTo(jdk.toString());
        assertThat(result.stderr()).isEmpty();
    }

    /** A JDK home at {@code temp/relative} whose {@code bin/java -version} names {@code version}. */
    private Path fakeJdk(String relative, String version, boolean releaseFile, boolean javac) throws IOException {
        Path home = temp.resolve(relative);
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-10-21' >&2\n");
        if (javac) {
            executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        }
        if (releaseFile) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return home;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sources env.sh in a clean environment whose only JDK search places are {@code temp/jvm} and an empty folder. */
    private Result source(Map<String, String> variables) throws Exception {
        Files.createDirectories(temp.resolve("jvm"));
        Files.createDirectories(temp.resolve("empty"));
        Path stdout = temp.resolve("stdout.txt");
        Path stderr = temp.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$1\"; printf '%s' \"$JAVA_HOME\"", "bash", ENV_SH.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        // Nothing inherited: not the JAVA_HOME or SENDSUMMARY_JDK_ANNOUNCED of the build running this test.
        environment.clear();
        environment.putAll(Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", temp.toString(),
                "SENDSUMMARY_JDK_SEARCH_PATH", temp.resolve("jvm") + ":" + temp.resolve("empty")));
        environment.putAll(variables);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("env.sh finished").isTrue();
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String javaHome, String stderr) {
    }
}
