package com.sendsummary.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRootTest {

    @TempDir
    Path temp;

    @Test
    void prepare_whenJar_extractsItOnceAndReusesTheDirectory() throws IOException {
        Path jar = jar("functions.jar", "com/example/Handler.class", "lib/dep.jar");

        Path first = TaskRoot.prepare(jar, temp.resolve("work"));
        Path second = TaskRoot.prepare(jar, temp.resolve("work"));

        assertThat(first).isEqualTo(second);
        assertThat(first.resolve("com/example/Handler.class")).hasContent("com/example/Handler.class");
        assertThat(first.resolve("lib/dep.jar")).exists();
    }

    @Test
    void prepare_whenDirectory_usesItAsIs() {
        assertThat(TaskRoot.prepare(temp, temp.resolve("work"))).isEqualTo(temp.toAbsolutePath());
    }

    @Test
    void snapshot_keepsTheClassesItWasTakenWithWhenTheBuildIsReplaced() throws Exception {
        Path build = temp.resolve(".aws-sam/build/SendSummaryFunction");
        Files.createDirectories(build.resolve("com/example"));
        Files.writeString(build.resolve("com/example/Handler.class"), "first build");
        Path work = temp.resolve("work");

        Path image = TaskRoot.snapshot(build, work);
        // What sam build does: the directory is deleted and made again, its files with the jar entries' fixed
        // timestamps (a reproducible build).
        java.nio.file.attribute.FileTime fixed = Files.getLastModifiedTime(build.resolve("com/example/Handler.class"));
        Files.delete(build.resolve("com/example/Handler.class"));
        Files.delete(build.resolve("com/example"));
        Files.delete(build.resolve("com"));
        Files.delete(build);
        Thread.sleep(5);
        Files.createDirectories(build.resolve("com/example"));
        Files.writeString(build.resolve("com/example/Handler.class"), "second build");
        Files.setLastModifiedTime(build.resolve("com/example/Handler.class"), fixed);

        assertThat(image).isNotEqualTo(build);
        assertThat(Files.readString(image.resolve("com/example/Handler.class"))).isEqualTo("first build");
        assertThat(TaskRoot.snapshot(build, work)).as("a new image for the new build").isNotEqualTo(image);
        assertThat(TaskRoot.snapshot(build, work)).as("taken once per build")
                .isEqualTo(TaskRoot.snapshot(build, work));
    }

    @Test
    void prepare_whenEntryEscapesTheRoot_refusesIt() throws IOException {
        Path jar = jar("evil.jar", "../outside.txt");

        assertThatThrownBy(() -> TaskRoot.prepare(jar, temp.resolve("work"))).hasMessageContaining("evil.jar");
        assertThat(temp.resolve("work/outside.txt")).doesNotExist();
    }

    @Test
    void prepare_whenJarMissing_saysHowToBuildIt() {
        assertThatThrownBy(() -> TaskRoot.prepare(temp.resolve("missing.jar"), temp))
                .hasMessageContaining("not found").hasMessageContaining("sam build");
    }

    private Path jar(String name, String... entries) throws IOException {
        Path jar = temp.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(entry.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
