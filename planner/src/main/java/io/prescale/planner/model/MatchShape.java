package io.prescale.planner.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A football (or any two-halves) match: a pre-match ramp, two halves with added time, half-time, extra time and
 * penalties for knockouts, a post-match decay and an optional results surge at the final whistle. Levels are
 * fractions of the event's peak audience; within a half the level moves linearly between the given points.
 */
public record MatchShape(
        String name,
        Duration preMatch,
        double preMatchLevel,
        double kickoffLevel,
        Duration halfLength,
        Duration addedTime,
        double firstHalfLevel,
        Duration halfTime,
        double halfTimeLevel,
        double secondHalfLevel,
        Duration extraTime,
        Duration extraTimeBreak,
        double extraTimeLevel,
        Duration penalties,
        double penaltiesLevel,
        Duration postMatch,
        FinalWhistleSurge finalWhistleSurge,
        GoalSurge goalSurge,
        AdBreaks adBreaks,
        double churnPerMinute) implements AudienceShape {

    /** A 90-minute football match with typical levels; every field can be overridden in the scenario. */
    public static MatchShape football(String name) {
        return new MatchShape(name, Duration.ofMinutes(45), 0.05, 0.85, Duration.ofMinutes(45), Duration.ofMinutes(3),
                0.92, Duration.ofMinutes(15), 0.8, 1.0, Duration.ofMinutes(30), Duration.ofMinutes(5), 1.0,
                Duration.ofMinutes(15), 1.0, Duration.ofMinutes(20), FinalWhistleSurge.NONE, GoalSurge.NONE,
                AdBreaks.NONE, 0.005);
    }

    @Override
    public List<Outcome> outcomes(Stage stage) {
        return stage.knockout() ? List.of(Outcome.REGULAR, Outcome.EXTRA_TIME, Outcome.PENALTIES) : List.of(Outcome.REGULAR);
    }

    /** Minute offset at which half-time starts (end of the first half with added time). */
    public int halfTimeStart() {
        return minutes(halfLength) + minutes(addedTime);
    }

    /** Minute offset of the end of regular time (second half with added time). */
    public int regularEnd() {
        return halfTimeStart() + minutes(halfTime) + minutes(halfLength) + minutes(addedTime);
    }

    public int whistle(Outcome o) {
        int end = regularEnd();
        if (o != Outcome.REGULAR) {
            end += minutes(extraTime) + minutes(extraTimeBreak);
        }
        if (o == Outcome.PENALTIES) {
            end += minutes(penalties);
        }
        return end;
    }

    @Override
    public ShapeProfile profile(Outcome o) {
        int start = -minutes(preMatch);
        int whistle = whistle(o);
        int end = whistle + Math.max(minutes(postMatch), finalWhistleSurge.tailMinutes()) + 1;
        double[] level = new double[end - start];
        boolean[] inPlay = new boolean[level.length];
        int ht = halfTimeStart();
        int sh = ht + minutes(halfTime);
        int reg = regularEnd();
        int etEnd = reg + minutes(extraTime) + minutes(extraTimeBreak);
        for (int t = start; t < end; t++) {
            double l;
            boolean play = false;
            if (t < 0) {
                l = lerp(preMatchLevel, kickoffLevel, (t - start) / (double) Math.max(1, -start));
            } else if (t < ht) {
                l = lerp(kickoffLevel, firstHalfLevel, t / (double) Math.max(1, ht));
                play = true;
            } else if (t < sh) {
                l = halfTimeLevel;
            } else if (t < reg) {
                l = lerp(firstHalfLevel, secondHalfLevel, (t - sh) / (double) Math.max(1, reg - sh));
                play = true;
            } else if (o != Outcome.REGULAR && t < etEnd) {
                l = extraTimeLevel;
                // the break before extra time (or a super over) is not play: no goal can come in it
                play = t >= reg + minutes(extraTimeBreak);
            } else if (o == Outcome.PENALTIES && t < whistle) {
                l = penaltiesLevel;
                play = true;
            } else {
                double last = o == Outcome.REGULAR ? secondHalfLevel : o == Outcome.EXTRA_TIME ? extraTimeLevel : penaltiesLevel;
                int pm = Math.max(1, minutes(postMatch));
                l = t - whistle >= pm ? 0 : lerp(last, 0, (t - whistle) / (double) pm);
            }
            l += finalWhistleSurge.at(t - whistle);
            level[t - start] = Math.max(0, l);
            inPlay[t - start] = play;
        }
        return new ShapeProfile(start, level, inPlay, adBreakSeconds(o), whistle);
    }

    private int[] adBreakSeconds(Outcome o) {
        List<Integer> out = new ArrayList<>();
        for (String a : adBreaks.at()) {
            String s = a.strip().toLowerCase(Locale.ROOT);
            switch (s) {
                case "half-time", "halftime" -> out.add(halfTimeStart() * 60 + 30);
                case "full-time", "fulltime" -> out.add(whistle(o) * 60 + 30);
                default -> out.add((int) Quantities.duration(s).toSeconds());
            }
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static double lerp(double a, double b, double x) {
        return a + (b - a) * Math.min(1, Math.max(0, x));
    }

    static int minutes(Duration d) {
        return (int) Math.ceil(d.toSeconds() / 60.0);
    }
}
