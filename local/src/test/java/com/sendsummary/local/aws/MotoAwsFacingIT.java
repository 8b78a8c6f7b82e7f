package com.sendsummary.local.aws;

import com.sendsummary.local.AwsResources;
import com.sendsummary.local.Logs;
import com.sendsummary.local.MotoServer;
import com.sendsummary.local.ProjectLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The AWS-facing behaviour against moto server, started as a process on loopback. */
class MotoAwsFacingIT extends AwsFacingBehaviour {
    private static MotoServer moto;
    private static AwsResources aws;

    @BeforeAll
    static void start() {
        ProjectLayout layout = ProjectLayout.detect();
        moto = MotoServer.start(layout, Logs.toFiles(layout.logDirectory()));
        aws = new AwsResources(moto.endpoint());
        aws.createSummaryTable("moto-aws-facing");
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    AwsResources aws() {
        return aws;
    }

    @Override
    String table() {
        return "moto-aws-facing";
    }
}
