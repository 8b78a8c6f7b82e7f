package com.sendsummary.cache;

import com.sendsummary.sfmc.Deadline;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/** The timeouts of one AWS call: the client's own, shortened to the current request's {@link Deadline}. */
public final class AwsCallTimeouts {
    private AwsCallTimeouts() {
    }

    /** A call of at most {@code callTimeout} (and the deadline's remaining time), each attempt at most half of it. */
    public static AwsRequestOverrideConfiguration of(Duration callTimeout) {
        Duration timeout = Deadline.current().cap(callTimeout);
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(timeout)
                .apiCallAttemptTimeout(timeout.dividedBy(2).isZero() ? timeout : timeout.dividedBy(2))
                .build();
    }
}
