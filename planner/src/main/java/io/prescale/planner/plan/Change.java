package io.prescale.planner.plan;

import java.time.Instant;
import java.util.List;

/**
 * One planned capacity change.
 *
 * @param at       when the change must be requested
 * @param neededAt when the new capacity must be serving (for scale-in: when it takes effect)
 * @param from     units before (the observed units for the first change of a layer)
 * @param to       units after
 * @param events   ids of the events that cause the change
 * @param reason   why, in words: the event, its kickoff or latest end, the lead or cool-down
 */
public record Change(String layer, String targetType, String target, Action action, Instant at, Instant neededAt,
                     int from, int to, String unit, List<String> events, String reason) {

    public Change {
        events = List.copyOf(events);
    }
}
