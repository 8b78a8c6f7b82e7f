package com.sendsummary.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the output of child processes goes: always to {@code <directory>/<name>.log}, and also echoed with a
 * {@code [name]} prefix to a console stream when one is given.
 */
public record Logs(Path directory, Optional<PrintStream> echo) {

    public static Logs toFiles(Path directory) {
        return new Logs(directory, Optional.empty());
    }

    public static Logs toFilesAndConsole(Path directory, PrintStream console) {
        return new Logs(directory, Optional.of(console));
    }

    /** Same files, no console echo (for chatty children such as moto's request log). */
    public Logs filesOnly() {
        return toFiles(directory);
    }

    public Path file(String name) {
        return directory.resolve(name + ".log");
    }
}
