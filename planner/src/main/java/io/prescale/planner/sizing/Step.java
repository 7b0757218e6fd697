package io.prescale.planner.sizing;

/**
 * One change of a layer's capacity on the forecast grid.
 *
 * @param action    grid index at which the change must be requested
 * @param needed    grid index from which the new level is needed (for scale-in: when it takes effect)
 * @param from      units before
 * @param to        units after
 * @param driver    grid index of the minute whose demand set the level (for scale-out), or -1
 * @param late      minutes by which the lead time was missed (the change was due before the planning instant)
 * @param cluster   index of the live cluster the step belongs to, or -1 for background changes
 */
public record Step(int action, int needed, int from, int to, int driver, int late, int cluster) {

    public boolean isUp() {
        return to > from;
    }
}
