package io.prescale.schedules;

import java.time.Instant;

/**
 * Carries out a scheduled action once its execution is claimed. It must set a desired state (never apply a delta),
 * so that completing an action another instance started, or one whose first run died half-way, is safe.
 */
@FunctionalInterface
public interface ActionHandler {
    /**
     * @param now the daemon's clock when the action runs
     * @throws InterruptedException when the daemon is shutting down and the action stopped before finishing
     */
    ActionOutcome run(ScheduledAction action, Instant now) throws InterruptedException;
}
