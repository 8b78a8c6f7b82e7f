package com.sendsummary.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function as the SAM template declares it.
 *
 * @param name           the function name ({@code AWS_LAMBDA_FUNCTION_NAME}, log prefix)
 * @param handler        {@code package.Class::method}
 * @param code           the deployment artifact: a jar/zip (extracted like Lambda extracts it into /var/task) or
 *                       an already extracted directory
 * @param memoryMb       {@code MemorySize}; also sizes the heap like the Lambda java runtime does
 * @param timeoutSeconds {@code Timeout}
 * @param environment    the function's own variables ({@code Environment.Variables})
 */
public record LambdaFunction(String name, String handler, Path code, int memoryMb, int timeoutSeconds,
                             Map<String, String> environment) {

    public LambdaFunction {
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memoryMb must be 128..10240 like Lambda, was " + memoryMb);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException("timeoutSeconds must be 1..900 like Lambda, was " + timeoutSeconds);
        }
        environment = Map.copyOf(environment);
    }

    /** A copy whose environment has {@code overrides} laid over the current variables. */
    public LambdaFunction withEnvironment(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(overrides);
        return new LambdaFunction(name, handler, code, memoryMb, timeoutSeconds, merged);
    }

    public LambdaFunction withHandler(String newHandler) {
        return new LambdaFunction(name, newHandler, code, memoryMb, timeoutSeconds, environment);
    }

    public LambdaFunction withCode(Path newCode) {
        return new LambdaFunction(name, handler, newCode, memoryMb, timeoutSeconds, environment);
    }

    public LambdaFunction withMemoryMb(int newMemoryMb) {
        return new LambdaFunction(name, handler, code, newMemoryMb, timeoutSeconds, environment);
    }

    public LambdaFunction withTimeoutSeconds(int newTimeoutSeconds) {
        return new LambdaFunction(name, handler, code, memoryMb, newTimeoutSeconds, environment);
    }
}
