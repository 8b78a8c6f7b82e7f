package com.sendsummary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendsummary.local.testhandler.EchoHandlerJar;
import com.sendsummary.local.testhandler.SqsBatchHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The worker's SQS event source against moto, as Lambda's event source mapping runs it: the queue and its dead-letter
 * queue created from template.yaml, the production poller ({@link SqsEventSource}) invoking the worker's emulators
 * (here running {@link SqsBatchHandler}) with the SQS event, deleting what succeeded and leaving what failed to come
 * back after the (test-only, 1 s) visibility timeout, until moto moves it to the dead-letter queue after the
 * template's maxReceiveCount.
 */
class SqsEventSourceIT {

    private static final SfmcSecret FAKE_SFMC = new SfmcSecret("it-client", "it-secret",
            URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9/Service.asmx"), Optional.of(100001L));
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ByteArrayOutputStream PROGRESS = new ByteArrayOutputStream();

    private static LocalEnvironment env;
    private static SamTemplate.Queue queue;

    @BeforeAll
    static void start() {
        env = EchoHandlerJar.environment("sqs-event-source-it", FAKE_SFMC)
                .handler(LocalEnvironment.WORKER, SqsBatchHandler.HANDLER)
                .memoryMb(256)
                .timeoutSeconds(LocalEnvironment.WORKER, 3)
                .testOnlyVisibilityTimeoutSeconds(1)
                .progressTo(new PrintStream(PROGRESS, true, StandardCharsets.UTF_8))
                .start();
        queue = SamTemplate.load(env.layout().template()).queue("EngagementQueue", Map.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                    .as("the event source's pollers after close").noneMatch(name -> name.startsWith("sqs-worker-"));
        }
    }

    @Test
    void queues_areCreatedWithTheTemplatesRedrivePolicyAndTheTestsVisibilityTimeout() {
        Map<QueueAttributeName, String> attributes = env.sqs().getQueueAttributes(get -> get
                .queueUrl(env.engagementQueueUrl()).attributeNames(QueueAttributeName.ALL)).attributes();
        String deadLetterArn = env.sqs().getQueueAttributes(get -> get.queueUrl(env.engagementDeadLetterQueueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);

        assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "1")
                .containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                        Integer.toString(queue.messageRetentionSeconds()));
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains(deadLetterArn)
                .contains(Integer.toString(queue.redrive().orElseThrow().maxReceiveCount()));
        assertThat(env.worker().function().environment())
                .containsEntry("ENGAGEMENT_QUEUE_URL", env.engagementQueueUrl())
                .containsEntry("ENGAGEMENT_STATE_BUCKET", env.engagementStateBucket());
        assertThat(env.s3().headBucket(head -> head.bucket(env.engagementStateBucket())).sdkHttpResponse()
                .isSuccessful()).isTrue();
    }

    @Test
    void eventSource_pollsWithTheTemplatesMaximumConcurrency() {
        assertThat(env.extraInstances(LocalEnvironment.WORKER)).hasSize(1);
        assertThat(env.sqsEventSource(LocalEnvironment.WORKER).settings().batchSize()).isEqualTo(1);
        assertThat(PROGRESS.toString(StandardCharsets.UTF_8))
                .contains("[local] sqs event source (worker): polling EngagementQueue, batch 1, up to 2 at once");
    }

    @Test
    void message_whenTheWorkerSucceeds_isDeletedAfterOneInvocation() {
        String id = send("ok");

        await(() -> !deliveries(id).isEmpty(), "the delivery of " + id);
        assertThat(deliveries(id)).singleElement()
                .satisfies(delivery -> assertThat(delivery.failedMessageIds()).isEmpty());
        assertThat(workerOutput()).anyMatch(line -> line.contains("sqs-batch-handler " + id + " ok receiveCount=1 "
                + "source=arn:aws:sqs:us-east-1:" + AwsResources.ACCOUNT_ID + ":sfmc-send-summary-EngagementQueue"));
        await(() -> inFlight(env.engagementQueueUrl()) == 0, "an empty queue");
        sleepPastTheVisibilityTimeout();
        assertThat(deliveries(id)).hasSize(1);
    }

    @Test
    void message_whenReportedAsFailed_comesBackUntilItIsMovedToTheDeadLetterQueue() {
        String id = send("report");
        int maxReceiveCount = queue.redrive().orElseThrow().maxReceiveCount();

        Message deadLetter = awaitDeadLetter(id);

        assertThat(deadLetter.body()).isEqualTo("report");
        assertThat(deliveries(id)).hasSize(maxReceiveCount)
                .allSatisfy(delivery -> assertThat(delivery.failedMessageIds()).containsExactly(id));
        // From both emulators of the worker, each in its own order.
        List<String> counts = workerOutput().filter(line -> line.contains("sqs-batch-handler " + id + " "))
                .map(line -> line.replaceAll(".*receiveCount=(\\d+).*", "$1")).toList();
        assertThat(counts).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
    }

    @Test
    void message_whenTheWorkerThrows_failsAndComesBack() {
        String id = send("throw");

        await(() -> deliveries(id).size() >= 2, "a second delivery of " + id);
        assertThat(deliveries(id)).allSatisfy(delivery -> {
            assertThat(delivery.invocation().functionError()).isTrue();
            assertThat(delivery.failedMessageIds()).containsExactly(id);
        });
    }

    @Test
    void message_whenTheWorkerTimesOut_failsAndComesBack() {
        String id = send("sleep");

        await(() -> deliveries(id).size() >= 2, "a second delivery of " + id);
        SqsEventSource.Delivery first = deliveries(id).getFirst();
        assertThat(first.invocation().functionError()).as(first.invocation().body()).isTrue();
        assertThat(first.invocation().elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(first.failedMessageIds()).containsExactly(id);
    }

    private static String send(String body) {
        return env.sqs().sendMessage(send -> send.queueUrl(env.engagementQueueUrl()).messageBody(body)).messageId();
    }

    private static List<SqsEventSource.Delivery> deliveries(String messageId) {
        return env.sqsEventSource(LocalEnvironment.WORKER).deliveries().stream()
                .filter(delivery -> delivery.messageIds().contains(messageId)).toList();
    }

    private static Stream<String> workerOutput() {
        return Stream.concat(Stream.of(env.worker()), env.extraInstances(LocalEnvironment.WORKER).stream())
                .flatMap(emulator -> emulator.recentOutput().stream());
    }

    private static int inFlight(String queueUrl) {
        Map<QueueAttributeName, String> attributes = env.sqs().getQueueAttributes(get -> get.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The message once moto has moved it; received with a long visibility timeout, so the other tests never see it. */
    private static Message awaitDeadLetter(String messageId) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : env.sqs().receiveMessage(receive -> receive
                    .queueUrl(env.engagementDeadLetterQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(600)).messages()) {
                if (message.messageId().equals(messageId)) {
                    return message;
                }
            }
        }
        throw new AssertionError(messageId + " did not reach the dead-letter queue within " + PATIENCE
                + "; deliveries: " + deliveries(messageId));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " within " + PATIENCE);
            }
            pause(Duration.ofMillis(100));
        }
    }

    private static void sleepPastTheVisibilityTimeout() {
        pause(Duration.ofSeconds(3));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
