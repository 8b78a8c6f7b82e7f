package com.sendsummary.local.testhandler;

import com.sendsummary.local.LocalEnvironment;
import com.sendsummary.local.ProjectLayout;
import com.sendsummary.local.SfmcSecret;
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

    /**
     * A local environment whose functions are all the echo handler (built into {@code <work>/<name>/}), against
     * {@code sfmc} instead of the simulator: for tests of the local runner itself.
     */
    public static LocalEnvironment.Builder environment(String name, SfmcSecret sfmc) {
        ProjectLayout layout = ProjectLayout.detect();
        return LocalEnvironment.builder()
                .layout(layout)
                .functionsCode(build(layout.workDirectory().resolve(name)))
                .handler(LocalEnvironment.HTTP, HANDLER)
                .handler(LocalEnvironment.REFRESH, HANDLER)
                .handler(LocalEnvironment.WORKER, HANDLER)
                .externalSfmc(sfmc);
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
