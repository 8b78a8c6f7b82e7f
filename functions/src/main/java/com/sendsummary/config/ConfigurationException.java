package com.sendsummary.config;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The function is misconfigured: a missing or invalid environment variable or secret key.
 * The message names the variable or key, never its value.
 */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    /** AWS error codes that mean the deployment is wrong (role, KMS key, table or secret), not that AWS is down. */
    private static final Set<String> MISCONFIGURED_AWS_ERRORS = Set.of(
            "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "DecryptionFailure",
            "KMSAccessDeniedException", "ResourceNotFoundException");

    /** The AWS error code if {@code failure} is AWS refusing a call for a configuration reason, else null. */
    public static String misconfiguredAwsCode(Throwable failure) {
        if (failure instanceof AwsServiceException aws
                && aws.awsErrorDetails() != null
                && MISCONFIGURED_AWS_ERRORS.contains(aws.awsErrorDetails().errorCode())) {
            return aws.awsErrorDetails().errorCode();
        }
        return null;
    }
}
