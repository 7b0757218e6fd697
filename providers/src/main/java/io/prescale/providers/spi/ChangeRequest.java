package io.prescale.providers.spi;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Change;
import java.time.Duration;
import java.util.Objects;

/**
 * One planned change to carry out on its target.
 *
 * @param layerMin   the layer's min from the plan: providers never set less
 * @param layerMax   the layer's max from the plan: providers never set more
 * @param planDigest the plan's digest, recorded with the change where the target can hold it (annotations, tags)
 * @param dryRun     when true the provider sends no mutating request and answers {@link ChangeStatus#DRY_RUN}
 */
public record ChangeRequest(Change change, Target target, int layerMin, int layerMax, String planDigest,
                            boolean dryRun, Duration timeout) {
    public ChangeRequest {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(target, "target");
        planDigest = planDigest == null ? "" : planDigest;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    }
}
