package com.sendsummary.engagement;

import com.sendsummary.config.ConfigurationException;
import com.sendsummary.sfmc.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link ComputationQueue} on the queue {@code ENGAGEMENT_QUEUE_URL}; the client is built on the first message. */
public final class SqsComputationQueue implements ComputationQueue {
    /** SQS's longest delay. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final Supplier<SqsClient> sqs;
    private final Optional<String> queueUrl;

    public SqsComputationQueue(Supplier<SqsClient> sqs, Optional<String> queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(Message message, Duration delay) {
        String url = queueUrl.orElseThrow(() -> new ConfigurationException(
                "ENGAGEMENT_QUEUE_URL is not set: engagement computations cannot start"));
        Deadline.current().check("the computation message");
        int seconds = (int) Math.clamp(delay.toSeconds(), 0, MAX_DELAY.toSeconds());
        sqs.get().sendMessage(r -> r.queueUrl(url).messageBody(message.toJson()).delaySeconds(seconds));
    }
}
