package io.prescale.providers.spi;

import io.prescale.planner.model.Target;
import java.time.Instant;
import java.util.List;

/**
 * Optional capability: register a plan's steps as the cloud's own scheduled actions, so capacity changes even if
 * prescale is down. Only actions whose names start with {@link #PREFIX} are prescale's; others are never touched.
 */
public interface ScheduledActions {
    String PREFIX = "prescale-";

    /** One scheduled desired-capacity change. {@code name} starts with {@link #PREFIX}. */
    record Action(String name, Instant at, String timeZone, Integer min, Integer desired, Integer max) {
    }

    /** Puts the actions (in batches the API allows); actions in the past are refused and reported. */
    ChangeResponse put(Target target, List<Action> actions, boolean dryRun);

    /** Lists prescale's actions on the target. */
    List<Action> list(Target target);

    /** Deletes prescale's actions on the target (all, or those named). */
    ChangeResponse delete(Target target, List<String> names, boolean dryRun);
}
