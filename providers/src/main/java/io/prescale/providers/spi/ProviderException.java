package io.prescale.providers.spi;

/** An integration failure in a provider, wrapped with the resource and call it happened in. */
public final class ProviderException extends RuntimeException {
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProviderException(String message) {
        super(message);
    }
}
