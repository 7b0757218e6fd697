package io.prescale.providers.spi;

import io.prescale.planner.model.Target;
import java.time.Duration;
import java.util.Objects;

/** Observe one layer's target, within {@code timeout}. */
public record ObserveRequest(String layer, Target target, Duration timeout) {
    public ObserveRequest {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(target, "target");
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }
}
