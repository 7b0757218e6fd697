package io.prescale.providers.spi;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;

/**
 * One planned change to carry out on its target.
 *
 * @param layerMin   the layer's min from the plan: providers never set less
 * @param layerMax   the layer's max from the plan: providers never set more
 * @param planDigest the plan's digest, recorded with the change where the target can hold it (annotations, tags)
 * @param dryRun     when true the provider sends no mutating request and answers {@link ChangeStatus#DRY_RUN}
 * @param holdUntil  for a scale-out: when the plan scales the layer in again (the latest possible end of its events
 *                   plus cool-down), so time-bound resources such as capacity reservations can end then
 */
public record ChangeRequest(Change change, Target target, int layerMin, int layerMax, String planDigest,
                            boolean dryRun, Duration timeout, Optional<Instant> holdUntil) {
    public ChangeRequest {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(target, "target");
        planDigest = planDigest == null ? "" : planDigest;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        holdUntil = holdUntil == null ? Optional.empty() : holdUntil;
    }

    public ChangeRequest(Change change, Target target, int layerMin, int layerMax, String planDigest, boolean dryRun,
                         Duration timeout) {
        this(change, target, layerMin, layerMax, planDigest, dryRun, timeout, Optional.empty());
    }
}
