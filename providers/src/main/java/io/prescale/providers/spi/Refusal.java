package io.prescale.providers.spi;

import java.util.Objects;

/**
 * A problem that ends one request, already a diagnostic: a provider throws it from deep in a change or an observation
 * and answers it where the request began, as a failed response naming the resource.
 */
public final class Refusal extends Exception {
    private final transient ProviderDiagnostic why;

    public Refusal(ProviderDiagnostic why) {
        super(Objects.requireNonNull(why, "why").summary(), null, false, false);
        this.why = why;
    }

    public ProviderDiagnostic why() {
        return why;
    }
}
