package com.sendsummary.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads memory figures of a process from Linux {@code /proc/<pid>/status}. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** A {@code kB} field such as {@code VmHWM} (peak RSS) or {@code VmRSS}; empty if the process is gone. */
    static OptionalLong kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    String value = line.substring(field.length() + 1).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(value));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException gone) {
            return OptionalLong.empty();
        }
    }
}
