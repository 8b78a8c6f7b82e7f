package com.sendsummary.simulator.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An injected fault: when a request matches {@code match}, apply {@code action}, {@code times} times (null = always).
 * {@code chunkBytes} (1..{@value #MAX_CHUNK_BYTES}) is the piece size of the {@code trickle} action; {@code shape}
 * (default {@code size}) and {@code sizeBytes} ({@value #MIN_SIZE_BYTES}..{@value #MAX_SIZE_BYTES}, default
 * {@value #DEFAULT_SIZE_BYTES}) say what the {@code oversized} action generates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(Match match, FaultAction action, Long delayMillis, Integer chunkBytes, Integer apiFaultCode,
                        String message, Integer times, OversizeShape shape, Long sizeBytes) {

    public static final String OPERATION_RETRIEVE = "Retrieve";
    public static final String OPERATION_TOKEN = "token";
    public static final String OPERATION_ANY = "any";
    public static final int MAX_CHUNK_BYTES = 65536;
    public static final long MIN_SIZE_BYTES = 1024;
    public static final long MAX_SIZE_BYTES = 1L << 40;
    public static final long DEFAULT_SIZE_BYTES = 1L << 30;

    public FaultRule {
        if (action == null) {
            throw new IllegalArgumentException("A fault rule needs an action");
        }
        if (match == null) {
            match = new Match(null, null, null, null);
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1 (omit it for 'always')");
        }
        if (chunkBytes != null && (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES)) {
            throw new IllegalArgumentException("chunkBytes must be between 1 and " + MAX_CHUNK_BYTES + ", not "
                    + chunkBytes);
        }
        if (sizeBytes != null && (sizeBytes < MIN_SIZE_BYTES || sizeBytes > MAX_SIZE_BYTES)) {
            throw new IllegalArgumentException("sizeBytes must be between " + MIN_SIZE_BYTES + " and "
                    + MAX_SIZE_BYTES + ", not " + sizeBytes);
        }
        if (match.appliesTo(OPERATION_TOKEN) && !match.appliesTo(OPERATION_RETRIEVE) && !action.allowedOnToken()) {
            throw new IllegalArgumentException("Action " + action.wireName()
                    + " does not apply to the token operation (use one of " + Arrays.stream(FaultAction.values())
                    .filter(FaultAction::allowedOnToken).map(FaultAction::wireName).collect(Collectors.joining(", "))
                    + ")");
        }
    }

    /** A fault rule that always applies to Retrieve requests matching nothing more specific. */
    public static FaultRule always(FaultAction action) {
        return new FaultRule(null, action, null, null, null, null, null, null, null);
    }

    public FaultRule withMatch(Match newMatch) {
        return new FaultRule(newMatch, action, delayMillis, chunkBytes, apiFaultCode, message, times, shape, sizeBytes);
    }

    public FaultRule withTimes(Integer newTimes) {
        return new FaultRule(match, action, delayMillis, chunkBytes, apiFaultCode, message, newTimes, shape, sizeBytes);
    }

    public FaultRule withMessage(String newMessage) {
        return new FaultRule(match, action, delayMillis, chunkBytes, apiFaultCode, newMessage, times, shape, sizeBytes);
    }

    public FaultRule withDelayMillis(long millis) {
        return new FaultRule(match, action, millis, chunkBytes, apiFaultCode, message, times, shape, sizeBytes);
    }

    /** The piece size of the {@code trickle} action, 1..{@value #MAX_CHUNK_BYTES} bytes. */
    public FaultRule withChunkBytes(int bytes) {
        return new FaultRule(match, action, delayMillis, bytes, apiFaultCode, message, times, shape, sizeBytes);
    }

    /** What the {@code oversized} action grows without end (Retrieve only). */
    public FaultRule withShape(OversizeShape newShape) {
        return new FaultRule(match, action, delayMillis, chunkBytes, apiFaultCode, message, times, newShape, sizeBytes);
    }

    /** About how large the {@code oversized} answer is, {@value #MIN_SIZE_BYTES}..{@value #MAX_SIZE_BYTES} bytes. */
    public FaultRule withSizeBytes(long bytes) {
        return new FaultRule(match, action, delayMillis, chunkBytes, apiFaultCode, message, times, shape, bytes);
    }

    /** {@code shape}, or {@code size} when not given. */
    public OversizeShape shapeOrDefault() {
        return shape == null ? OversizeShape.SIZE : shape;
    }

    /** {@code sizeBytes}, or {@value #DEFAULT_SIZE_BYTES} when not given. */
    public long sizeBytesOrDefault() {
        return sizeBytes == null ? DEFAULT_SIZE_BYTES : sizeBytes;
    }

    public FaultRule withApiFaultCode(int code) {
        return new FaultRule(match, action, delayMillis, chunkBytes, code, message, times, shape, sizeBytes);
    }

    /**
     * Which requests a rule applies to; every field is optional. {@code operation} is {@code Retrieve} (default),
     * {@code token} or {@code any}; {@code id} matches the JobID in an ID/SendID filter; {@code continue} true = only
     * continuation requests, false = only first pages.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String objectType, Integer id, String operation,
                        @JsonProperty("continue") Boolean continuation) {

        public static Match objectType(String objectType) {
            return new Match(objectType, null, null, null);
        }

        public static Match token() {
            return new Match(null, null, OPERATION_TOKEN, null);
        }

        public Match withId(int jobId) {
            return new Match(objectType, jobId, operation, continuation);
        }

        public Match withContinuation(boolean value) {
            return new Match(objectType, id, operation, value);
        }

        boolean appliesTo(String requestOperation) {
            String wanted = operation == null ? OPERATION_RETRIEVE : operation;
            return wanted.equalsIgnoreCase(OPERATION_ANY) || wanted.equalsIgnoreCase(requestOperation);
        }
    }
}
