package io.prescale.providers.aws;

import io.prescale.providers.spi.ProviderDiagnostic;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into diagnostics carrying AWS's error code. */
final class AwsErrors {
    static final String DEADLINE = "DeadlineExceeded";
    static final String CALL_TIMEOUT = "ApiCallTimeout";
    static final String CLIENT = "ClientError";

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
            default -> CLIENT;
        };
    }

    static String message(Throwable e) {
        return switch (e) {
            case AwsServiceException s when s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null ->
                    s.awsErrorDetails().errorMessage();
            case Deadline.DeadlineExceeded d -> "the deadline passed before the call could be made";
            default -> String.valueOf(e.getMessage());
        };
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
