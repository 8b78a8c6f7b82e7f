package com.sendsummary.local.aws;

import com.sendsummary.local.AwsResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The same AWS-facing behaviour against LocalStack, where a Docker engine exists; skipped (reported as disabled:
 * Docker is not available) elsewhere. {@link MotoAwsFacingIT} covers the same tests without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAwsFacingIT extends AwsFacingBehaviour {
    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("dynamodb", "secretsmanager");

    private static AwsResources aws;

    @BeforeAll
    static void start() {
        aws = new AwsResources(LOCALSTACK.getEndpoint());
        aws.createSummaryTable("localstack-aws-facing");
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    AwsResources aws() {
        return aws;
    }

    @Override
    String table() {
        return "localstack-aws-facing";
    }
}
