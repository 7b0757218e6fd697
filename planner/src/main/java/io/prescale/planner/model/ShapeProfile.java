package io.prescale.planner.model;

/**
 * A shape evaluated per minute for one outcome. Index {@code i} is the minute starting {@code startOffset + i}
 * minutes after kickoff (negative before it).
 *
 * @param level           audience level per minute, relative to the event's peak audience
 * @param inPlay          whether a goal can happen in that minute
 * @param adBreakSeconds  offsets from kickoff, in seconds, at which ad breaks start
 * @param finalWhistle    minute offset of the final whistle (end of play)
 */
public record ShapeProfile(int startOffset, double[] level, boolean[] inPlay, int[] adBreakSeconds, int finalWhistle) {

    /** First minute offset after the curve: the event's latest end for this outcome. */
    public int endOffset() {
        return startOffset + level.length;
    }

    public double levelAt(int offsetMinute) {
        int i = offsetMinute - startOffset;
        return i < 0 || i >= level.length ? 0 : level[i];
    }

    public double peakLevel() {
        double m = 0;
        for (double v : level) {
            m = Math.max(m, v);
        }
        return m;
    }
}
