package com.sendsummary.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where things live in the checkout: what {@code sam build} produced for each function, the built jars this module
 * runs as processes, the project's own tools
 * ({@code .venv/}, {@code .tools/}) and the scratch space under {@code local/target/}.
 *
 * <p>The root is the {@code sendsummary.root} system property, else the {@code SENDSUMMARY_ROOT} environment
 * variable, else the nearest directory at or above the working directory holding both {@code functions/} and
 * {@code local/} (so it works from the root, from {@code local/} and from failsafe).
 */
public record ProjectLayout(Path root) {

    public ProjectLayout {
        root = root.toAbsolutePath().normalize();
    }

    public static ProjectLayout detect() {
        return detect(System.getProperties().getProperty("sendsummary.root"), System.getenv(),
                Path.of(System.getProperty("user.dir")));
    }

    static ProjectLayout detect(String property, Map<String, String> env, Path workingDirectory) {
        if (property != null && !property.isBlank()) {
            return new ProjectLayout(Path.of(property));
        }
        String variable = env.get("SENDSUMMARY_ROOT");
        if (variable != null && !variable.isBlank()) {
            return new ProjectLayout(Path.of(variable));
        }
        for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isDirectory(dir.resolve("local"))) {
                return new ProjectLayout(dir);
            }
        }
        throw new IllegalStateException("Cannot find the project root above " + workingDirectory
                + "; set SENDSUMMARY_ROOT or -Dsendsummary.root");
    }

    /** The SAM template the local runner takes the functions' settings and routes from ({@link SamTemplate}). */
    public Path template() {
        return root.resolve("template.yaml");
    }

    /**
     * What {@code sam build} produced for the function {@code logicalId} of template.yaml, the task root Lambda gets:
     * {@code .aws-sam/build/<LogicalId>} (functions.jar unpacked, see functions/Makefile). The local runner runs this.
     */
    public Path samBuild(String logicalId) {
        return root.resolve(".aws-sam/build").resolve(logicalId);
    }

    /** The template {@code sam build} wrote last; its age is the build's. */
    public Path samBuildTemplate() {
        return root.resolve(".aws-sam/build/template.yaml");
    }

    /**
     * Maven's shaded jar of functions/, which {@code sam build} unpacks into {@link #samBuild(String)} unchanged: the
     * integration tests of {@code mvn verify}, which run before {@code sam build}, run it (same files).
     */
    public Path functionsJar() {
        return root.resolve("functions/target/functions.jar");
    }

    public Path simulatorJar() {
        return root.resolve("sfmc-simulator/target/sfmc-simulator.jar");
    }

    /** The API's contract, served by the local API and checked by the end-to-end tests. */
    public Path openApiDocument() {
        return root.resolve("docs/openapi.yaml");
    }

    public Path motoServer() {
        return root.resolve(".venv/bin/moto_server");
    }

    /** The virtualenv's Python, which runs moto through {@link #motoLauncher()}. */
    public Path venvPython() {
        return root.resolve(".venv/bin/python");
    }

    /** moto's server with DynamoDB's atomic conditional writes (see the script). */
    public Path motoLauncher() {
        return root.resolve("scripts/moto_server.py");
    }

    public Path lambdaRie() {
        return root.resolve(".tools/bin/aws-lambda-rie");
    }

    /** Scratch space of this module: extracted function code, logs. */
    public Path workDirectory() {
        return root.resolve("local/target");
    }

    public Path logDirectory() {
        return workDirectory().resolve("local-logs");
    }

    static Path requireFile(Path file, String howToGetIt) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " not found; " + howToGetIt);
        }
        return file;
    }
}
