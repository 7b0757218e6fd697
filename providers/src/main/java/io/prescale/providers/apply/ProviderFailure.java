package io.prescale.providers.apply;

import io.prescale.providers.spi.ProviderException;
import java.io.UncheckedIOException;

/** Which exceptions out of a provider are a resource's failure, reported per resource, rather than a bug. */
final class ProviderFailure {
    /** The AWS SDK's base exception, by name: the class comes from the cloud libraries' loader. */
    static final String SDK_EXCEPTION = "software.amazon.awssdk.core.exception.SdkException";

    private ProviderFailure() {
    }

    /** A provider's own failure, an I/O failure, or the AWS SDK's (a service's error, a connection refused). */
    static boolean is(RuntimeException e) {
        if (e instanceof ProviderException || e instanceof UncheckedIOException) {
            return true;
        }
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(SDK_EXCEPTION)) {
                return true;
            }
        }
        return false;
    }
}
