package io.prescale.planner.simulate;

/**
 * What one run drew, per event: the audience (what-if factors applied), the outcome (index into the event's
 * outcomes), the goals (profile minutes of the drawn outcome) and each ad break's shift (index into
 * {@code -jitter..+jitter} minutes). Reused from run to run by one worker.
 */
final class RunSample {
    final double[] audience;
    final int[] outcome;
    /** Distinct goal minutes per event (see {@link #goalPlay}). */
    final int[] goals;
    /** Goals per event (several may share a minute). */
    final int[] goalCount;
    /**
     * Goals of each event as indexes into its drawn outcome's minutes of play ({@code EventModel.play}), distinct and
     * ascending: {@code goals[e]} minutes, {@code goalTimes[e][g]} goals in minute {@code goalPlay[e][g]}.
     */
    final int[][] goalPlay;
    final int[][] goalTimes;
    final int[][] adShift;

    RunSample(EventModel[] events) {
        int n = events.length;
        audience = new double[n];
        outcome = new int[n];
        goals = new int[n];
        goalCount = new int[n];
        goalPlay = new int[n][];
        goalTimes = new int[n][];
        adShift = new int[n][];
        for (int e = 0; e < n; e++) {
            goalPlay[e] = new int[EventModel.MAX_GOALS];
            goalTimes[e] = new int[EventModel.MAX_GOALS];
            adShift[e] = new int[events[e].breaks];
        }
    }

    /** The goal minutes of event {@code e} in this run, as profile minutes of its drawn outcome. */
    int[] goalMinutes(EventModel e) {
        int[] play = e.play[outcome[e.index]];
        int n = 0;
        for (int g = 0; g < goals[e.index]; g++) {
            n += goalTimes[e.index][g];
        }
        int[] out = new int[n];
        n = 0;
        for (int g = 0; g < goals[e.index]; g++) {
            for (int k = 0; k < goalTimes[e.index][g]; k++) {
                out[n++] = play[goalPlay[e.index][g]];
            }
        }
        return out;
    }
}
