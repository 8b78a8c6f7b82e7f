package com.sendsummary.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lambda's {@code /var/task}: the deployment jar extracted into a directory, as Lambda (and {@code sam local})
 * unpack it. Each version of the jar (size + modification time) gets its own directory, so a rebuilt jar is picked
 * up by the next cold start without disturbing a running function.
 *
 * <p>Safe to call concurrently: within this JVM one caller extracts a given jar version while the others wait for it
 * (many emulators of one function starting at once share the directory, read-only like {@code /var/task}); across
 * processes, each extracts into its own staging directory and the first atomic rename wins.
 */
final class TaskRoot {

    private static final ConcurrentHashMap<Path, Object> EXTRACTING = new ConcurrentHashMap<>();

    private TaskRoot() {
    }

    static Path prepare(Path code, Path workDirectory) {
        if (Files.isDirectory(code)) {
            return code.toAbsolutePath();
        }
        ProjectLayout.requireFile(code, "build the function code first: scripts/sam-build.sh "
                + "(or: source scripts/env.sh && sam build)");
        try {
            String fileName = code.getFileName().toString().replaceFirst("\\.(jar|zip)$", "");
            Path target = workDirectory.resolve("lambda-task")
                    .resolve(fileName + "-" + Files.size(code) + "-" + Files.getLastModifiedTime(code).toMillis());
            if (Files.isDirectory(target)) {
                return target;
            }
            synchronized (EXTRACTING.computeIfAbsent(target, path -> new Object())) {
                return extractOnce(code, target, fileName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + code, e);
        }
    }

    /**
     * A private image of a task root directory ({@code .aws-sam/build/<Function>}), made once per build: hard links to
     * its files (copies where the file system has none). {@code sam build} deletes the directory's files and writes
     * new ones, so a long-running local stack keeps the classes it started with while another command rebuilds
     * ({@code make invoke} beside {@code make run}); without the image, a class first loaded after the rebuild (a log
     * line's metrics at the end of a long worker step) fails with {@code NoClassDefFoundError}.
     */
    static Path snapshot(Path directory, Path workDirectory) {
        String name = directory.getFileName().toString();
        try {
            // Which build: sam build deletes the directory and makes a new one, so the directory's inode and change
            // time name it, with its files' count. Not the files' modification times: the jar's entries carry the
            // fixed timestamp of a reproducible build, which every rebuild gives again; nor their change times, which
            // the image's own hard links move.
            long files;
            try (Stream<Path> paths = Files.walk(directory)) {
                files = paths.filter(Files::isRegularFile).count();
            }
            Path target = workDirectory.resolve("lambda-task").resolve(name + "-" + files + "-" + identity(directory));
            if (Files.isDirectory(target)) {
                return target;
            }
            synchronized (EXTRACTING.computeIfAbsent(target, path -> new Object())) {
                return makeOnce(target, name, staging -> link(directory, staging));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take an image of " + directory, e);
        }
    }

    /** The directory's inode and change time, else (no Unix attributes) its modification time. */
    private static String identity(Path directory) throws IOException {
        try {
            return Files.getAttribute(directory, "unix:ino") + "-"
                    + ((java.nio.file.attribute.FileTime) Files.getAttribute(directory, "unix:ctime")).toMillis();
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return Long.toString(Files.getLastModifiedTime(directory).toMillis());
        }
    }

    /** Hard links in {@code image} to every file of {@code directory} (copies where the file system has none). */
    private static void link(Path directory, Path image) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path source : paths.toList()) {
                Path destination = image.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    try {
                        Files.createLink(destination, source);
                    } catch (UnsupportedOperationException | IOException noLink) {
                        Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    /** What fills a task root's staging directory. */
    @FunctionalInterface
    private interface Fill {
        void into(Path staging) throws IOException;
    }

    private static Path extractOnce(Path code, Path target, String fileName) throws IOException {
        return makeOnce(target, fileName, staging -> extract(code, staging));
    }

    /**
     * {@code target}, filled once: in a staging directory renamed atomically (another process's rename may win), then
     * the earlier ones of {@code name} removed.
     */
    private static Path makeOnce(Path target, String name, Fill fill) throws IOException {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            fill.into(staging);
        } catch (IOException e) {
            deleteRecursively(staging);
            throw e;
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException concurrent) {
            deleteRecursively(staging);
        }
        removeStale(target, name);
        return target;
    }

    /**
     * Removes earlier extractions of the same jar (about 50 MB each, one per rebuild) once they are an hour old, so
     * that repeated builds do not fill the disk, while a function still running from a recent one is left alone.
     */
    private static void removeStale(Path current, String fileName) throws IOException {
        java.nio.file.attribute.FileTime cutoff =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
        try (Stream<Path> siblings = Files.list(current.getParent())) {
            for (Path old : siblings.filter(p -> !p.equals(current))
                    .filter(p -> p.getFileName().toString().startsWith(fileName + "-"))
                    .filter(p -> !p.getFileName().toString().contains(".tmp-"))
                    .toList()) {
                if (Files.getLastModifiedTime(old).compareTo(cutoff) < 0) {
                    deleteRecursively(old);
                }
            }
        }
    }

    private static void extract(Path archive, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path destination = directory.resolve(entry.getName()).normalize();
                if (!destination.startsWith(directory)) {
                    throw new IOException("Entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    copy(zip, destination);
                }
            }
        }
    }

    private static void copy(InputStream in, Path destination) throws IOException {
        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
