package com.sendsummary.local;

import java.nio.file.Path;

/** The {@code java} launcher of the JDK running this code, used for every Java child (simulator, functions). */
final class JavaCommand {

    private JavaCommand() {
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path java() {
        return javaHome().resolve("bin/java");
    }
}
