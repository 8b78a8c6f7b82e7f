package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The switch that lets the functions send SFMC credentials to loopback http URLs exists for the local runner only:
 * the deployed template can neither set it nor pass a parameter into it.
 */
class TemplateTrustTest {

    @Test
    void template_neverEnablesLocalSfmcEndpoints() throws Exception {
        String template = Files.readString(ProjectLayout.detect().root().resolve("template.yaml"));

        assertThat(template).doesNotContain("SFMC_LOCAL_ENDPOINTS_ALLOWED");
    }
}
