package io.prescale.planner.sizing;

import java.util.List;

/**
 * Grid minutes {@code [start, end)} in which at least one event on a layer may be live, cool-down included;
 * windows close enough that scaling in between would have to be undone within the lead time are merged.
 *
 * @param events     indexes of the events (forecast order) in the cluster
 * @param latestEnd  grid index of the latest possible end of its events, before cool-down
 */
public record LiveCluster(int start, int end, int latestEnd, List<Integer> events) {
}
