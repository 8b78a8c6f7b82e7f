package com.sendsummary.local.testhandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packages the compiled test handlers into a small deployment jar, as a function's build would. */
public final class EchoHandlerJar {

    public static final String HANDLER = EchoHandler.class.getName() + "::handleRequest";

    private EchoHandlerJar() {
    }

    /** Writes {@code echo-handler.jar} into {@code directory} and returns it. */
    public static Path build(Path directory) {
        try {
            Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packageDirectory = EchoHandler.class.getPackageName().replace('.', '/');
            Path jar = directory.resolve("echo-handler.jar");
            Files.createDirectories(directory);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(classes.resolve(packageDirectory))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
