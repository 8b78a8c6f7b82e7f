package com.sendsummary.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectLayoutTest {

    @Test
    void detect_fromASubdirectory_findsTheRoot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("functions"));
        Path local = Files.createDirectories(root.resolve("local/src"));

        assertThat(ProjectLayout.detect(null, Map.of(), local).root()).isEqualTo(root.toAbsolutePath());
    }

    @Test
    void detect_whenPropertySet_usesIt(@TempDir Path root) {
        assertThat(ProjectLayout.detect(root.toString(), Map.of("SENDSUMMARY_ROOT", "/elsewhere"), Path.of("/"))
                .root()).isEqualTo(root.toAbsolutePath());
    }

    @Test
    void paths_areTheProjectConventions() {
        ProjectLayout layout = new ProjectLayout(Path.of("/p"));

        assertThat(layout.samBuild("SendSummaryFunction")).isEqualTo(Path.of("/p/.aws-sam/build/SendSummaryFunction"));
        assertThat(layout.samBuildTemplate()).isEqualTo(Path.of("/p/.aws-sam/build/template.yaml"));
        assertThat(layout.functionsJar()).isEqualTo(Path.of("/p/functions/target/functions.jar"));
        assertThat(layout.simulatorJar()).isEqualTo(Path.of("/p/sfmc-simulator/target/sfmc-simulator.jar"));
        assertThat(layout.motoServer()).isEqualTo(Path.of("/p/.venv/bin/moto_server"));
        assertThat(layout.lambdaRie()).isEqualTo(Path.of("/p/.tools/bin/aws-lambda-rie"));
    }
}
