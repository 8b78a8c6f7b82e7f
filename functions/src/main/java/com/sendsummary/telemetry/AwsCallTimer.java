package com.sendsummary.telemetry;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts and times every AWS SDK call (all attempts included) into the current {@link Invocation}. */
public final class AwsCallTimer implements ExecutionInterceptor {
    /** The SDK's service name of DynamoDB. */
    public static final String DYNAMODB = "DynamoDb";
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("sendsummary.started");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    private static void record(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            Invocation.current().awsCall(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    System.nanoTime() - started);
        }
    }
}
