package com.sendsummary.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for Lambda's SQS event source mapping: long-polls a queue and invokes a function with each batch
 * it receives, as Lambda does for an {@code SQS} event of the SAM template.
 *
 * <p>One poller per invoker, so at most as many invocations at once as invokers were given (the template's
 * {@code ScalingConfig.MaximumConcurrency}, one {@link LambdaEmulator} each, since an emulator is one execution
 * environment). Each receives up to {@code batchSize} messages with every system and message attribute, sends the
 * {@link SqsEvent} of the batch, then deletes the messages that did not fail. What failed, as Lambda decides it: a
 * function error (it threw, timed out or could not start) or an invoke that could not be made fails the whole batch;
 * with {@code ReportBatchItemFailures}, a response whose {@code batchItemFailures} lists a message fails that message,
 * and one naming no message of the batch (or a malformed entry) fails the whole batch; any other response is
 * success. A failed message is left alone: SQS hands it out again after its visibility timeout, and moves it to the
 * dead-letter queue after the redrive policy's {@code maxReceiveCount}.
 *
 * <p>{@link #close()} stops the pollers: a poll in progress ends within its wait time; an invocation in progress is
 * interrupted, and its messages, not deleted, come back after their visibility timeout.
 */
public final class SqsEventSource implements AutoCloseable {

    /** How the source invokes the function: {@link LambdaEmulator#invoke(String)} of one execution environment. */
    @FunctionalInterface
    public interface Invoker {
        Invocation invoke(String eventJson);
    }

    /**
     * What the source polls and how.
     *
     * @param queueArn        the records' {@code eventSourceARN}
     * @param waitTimeSeconds long-poll wait of each ReceiveMessage (Lambda's pollers use 20 s; shorter here, since it
     *                        also bounds how long {@link #close()} waits for an idle poller)
     */
    public record Settings(String queueUrl, String queueArn, String region, int batchSize,
                           boolean reportBatchItemFailures, int waitTimeSeconds) {

        public Settings {
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("batchSize must be 1..10 (one ReceiveMessage), was " + batchSize);
            }
            if (waitTimeSeconds < 0 || waitTimeSeconds > 20) {
                throw new IllegalArgumentException("waitTimeSeconds must be 0..20, was " + waitTimeSeconds);
            }
        }
    }

    /** One invocation: the batch's message ids, the function's answer, and which of the messages failed. */
    public record Delivery(List<String> messageIds, Invocation invocation, Set<String> failedMessageIds) {

        public Delivery {
            messageIds = List.copyOf(messageIds);
            failedMessageIds = Set.copyOf(failedMessageIds);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_DELIVERIES = 1000;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final String name;
    private final SqsClient sqs;
    private final Settings settings;
    private final PrintStream log;
    private final List<Thread> pollers = new ArrayList<>();
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean running = true;

    private SqsEventSource(String name, SqsClient sqs, Settings settings, PrintStream log) {
        this.name = name;
        this.sqs = sqs;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Starts one poller per invoker.
     *
     * @param name names the pollers' threads and prefixes the lines written to {@code log} (failed deliveries and
     *             polling errors)
     */
    public static SqsEventSource start(String name, SqsClient sqs, Settings settings, List<Invoker> invokers,
                                       PrintStream log) {
        if (invokers.isEmpty()) {
            throw new IllegalArgumentException("An event source needs at least one invoker");
        }
        SqsEventSource source = new SqsEventSource(name, sqs, settings, log);
        for (int i = 0; i < invokers.size(); i++) {
            Invoker invoker = invokers.get(i);
            Thread poller = Thread.ofPlatform().daemon().name("sqs-" + name + "-" + (i + 1))
                    .unstarted(() -> source.poll(invoker));
            source.pollers.add(poller);
        }
        source.pollers.forEach(Thread::start);
        return source;
    }

    public Settings settings() {
        return settings;
    }

    /** How many invocations the source has made so far. */
    public long invocations() {
        return invocations.get();
    }

    /** The latest deliveries (up to 1000), oldest first. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.waitTimeSeconds() + 5L).toNanos();
        for (Thread poller : pollers) {
            try {
                poller.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (poller.isAlive()) {
                log.println("[local] sqs (" + name + "): " + poller.getName() + " did not stop; left behind");
            }
        }
    }

    /**
     * The ids of {@code batch} that failed, as Lambda reads the function's answer (see the class comment).
     * {@code invocation} empty: the invoke itself could not be made.
     */
    static Set<String> failedMessageIds(List<String> batch, Invocation invocation, boolean reportBatchItemFailures) {
        Set<String> all = new LinkedHashSet<>(batch);
        if (invocation == null || invocation.functionError()) {
            return all;
        }
        if (!reportBatchItemFailures) {
            return Set.of();
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(invocation.body());
        } catch (JsonProcessingException notJson) {
            return Set.of();
        }
        if (answer == null || !answer.isObject() || !answer.has("batchItemFailures")
                || answer.get("batchItemFailures").isNull()) {
            return Set.of();
        }
        JsonNode failures = answer.get("batchItemFailures");
        if (!failures.isArray()) {
            return all;
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode failure : failures) {
            JsonNode identifier = failure.path("itemIdentifier");
            if (!identifier.isTextual() || !all.contains(identifier.asText())) {
                return all;
            }
            failed.add(identifier.asText());
        }
        return failed;
    }

    private void poll(Invoker invoker) {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(receive -> receive
                        .queueUrl(settings.queueUrl())
                        .maxNumberOfMessages(settings.batchSize())
                        .waitTimeSeconds(settings.waitTimeSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.println("[local] sqs (" + name + "): cannot receive from " + settings.queueUrl() + ": " + e);
                pause();
                continue;
            }
            if (!messages.isEmpty()) {
                deliver(invoker, messages);
            }
        }
    }

    private void deliver(Invoker invoker, List<Message> messages) {
        List<String> ids = messages.stream().map(Message::messageId).toList();
        String event = SqsEvent.build(messages, settings.queueArn(), settings.region()).toString();
        Invocation invocation = null;
        try {
            invocation = invoker.invoke(event);
        } catch (RuntimeException e) {
            if (running) {
                log.println("[local] sqs (" + name + "): invoke failed: " + e.getMessage());
            }
        }
        invocations.incrementAndGet();
        Set<String> failed = failedMessageIds(ids, invocation, settings.reportBatchItemFailures());
        record(new Delivery(ids, invocation, failed));
        if (!failed.isEmpty()) {
            log.println("[local] sqs (" + name + "): " + failed.size() + " of " + ids.size() + " message(s) failed "
                    + failed + "; SQS hands them out again after their visibility timeout");
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!failed.contains(messages.get(i).messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
        }
        if (done.isEmpty()) {
            return;
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(delete -> delete
                    .queueUrl(settings.queueUrl()).entries(done));
            response.failed().forEach(entry -> log.println("[local] sqs (" + name + "): cannot delete message "
                    + messages.get(Integer.parseInt(entry.id())).messageId() + ": " + entry.message()));
        } catch (RuntimeException e) {
            log.println("[local] sqs (" + name + "): cannot delete " + done.size() + " message(s): " + e);
        }
    }

    private synchronized void record(Delivery delivery) {
        deliveries.addLast(delivery);
        while (deliveries.size() > KEPT_DELIVERIES) {
            deliveries.removeFirst();
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_BACKOFF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
