package io.prescale.providers.aws;

import io.prescale.providers.spi.ProviderDiagnostic;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into diagnostics carrying AWS's error code. */
final class AwsErrors {
    static final String DEADLINE = "DeadlineExceeded";
    static final String CALL_TIMEOUT = "ApiCallTimeout";
    static final String CLIENT = "ClientError";
    static final String NO_CREDENTIALS = "NoCredentials";
    static final String NO_REGION = "NoRegion";

    private AwsErrors() {
    }

    /** AWS's error code ({@code Throttling}, {@code ValidationError}), or what kind of local failure it was. */
    static String code(Throwable e) {
        return switch (e) {
            case AwsServiceException s when s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null ->
                    s.awsErrorDetails().errorCode();
            case AwsServiceException s -> "HTTP " + s.statusCode();
            case ApiCallTimeoutException t -> CALL_TIMEOUT;
            case Deadline.DeadlineExceeded d -> DEADLINE;
            case SdkClientException c when isNoCredentials(c) -> NO_CREDENTIALS;
            case SdkClientException c when isNoRegion(c) -> NO_REGION;
            default -> CLIENT;
        };
    }

    static String message(Throwable e) {
        return switch (e) {
            case AwsServiceException s when s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null ->
                    s.awsErrorDetails().errorMessage();
            case Deadline.DeadlineExceeded d -> "the deadline passed before the call could be made";
            // the SDK's message lists every provider of its chain (over a thousand characters): one line instead
            case SdkClientException c when isNoCredentials(c) -> "no AWS credentials: set AWS_PROFILE or --profile, "
                    + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with an instance or pod role";
            case SdkClientException c when isNoRegion(c) -> "no AWS region: set --region, AWS_REGION or the "
                    + "target's region";
            default -> String.valueOf(e.getMessage());
        };
    }

    private static boolean isNoCredentials(SdkClientException e) {
        return String.valueOf(e.getMessage()).startsWith("Unable to load credentials");
    }

    private static boolean isNoRegion(SdkClientException e) {
        return String.valueOf(e.getMessage()).startsWith("Unable to load region");
    }

    /** A problem with the whole AWS setup, not with one resource: reported once, not once per resource. */
    static boolean isSetup(String code) {
        return NO_CREDENTIALS.equals(code) || NO_REGION.equals(code);
    }

    static boolean isCode(Throwable e, String code) {
        return e instanceof AwsServiceException && code.equals(code(e));
    }

    /** Failures a provider reports per resource; anything else is a bug and propagates. */
    static boolean reportable(Throwable e) {
        return e instanceof SdkException || e instanceof Deadline.DeadlineExceeded;
    }

    /** {@code summary} says which call on which resource, e.g. "update auto scaling group edge-asg". */
    static ProviderDiagnostic diagnostic(String resource, String summary, Throwable e) {
        return ProviderDiagnostic.error(resource, summary + ": " + message(e), detail(e), code(e));
    }

    private static String detail(Throwable e) {
        if (e instanceof AwsServiceException s && s.requestId() != null) {
            return "request id " + s.requestId();
        }
        return "";
    }
}
