package com.sendsummary.local;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AwsResources} against LocalStack instead of moto, where Docker is available; skipped (reported as
 * disabled: "Docker is not available") where it is not, as on machines without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAwsResourcesIT {

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("dynamodb", "secretsmanager");

    @Test
    void createsTableWithTtlAndSecret() {
        try (AwsResources aws = new AwsResources(LOCALSTACK.getEndpoint())) {
            SummaryTable table = aws.createSummaryTable("send-summaries");
            String arn = aws.createSfmcSecret("sfmc/send-summary",
                    SfmcSecret.forSimulator(URI.create("http://127.0.0.1:1")));

            assertThat(table.timeToLive().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(aws.secretsManager().getSecretValue(get -> get.secretId(arn)).secretString())
                    .contains("\"clientId\":\"demo-client-id\"");
        }
    }
}
