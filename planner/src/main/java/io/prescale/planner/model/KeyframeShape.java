package io.prescale.planner.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A free-form curve through keyframes (offset from the event's start, level), linear in between: a TV call to
 * action, a season premiere, a product launch. {@code playFrom}/{@code playTo} bound the minutes where goal-like
 * surges may happen (none when equal).
 */
public record KeyframeShape(
        String name,
        List<Point> points,
        Duration playFrom,
        Duration playTo,
        FinalWhistleSurge finalWhistleSurge,
        GoalSurge goalSurge,
        AdBreaks adBreaks,
        double churnPerMinute) implements AudienceShape {

    /** One keyframe: {@code level} (fraction of peak audience) at {@code at} after the start. */
    public record Point(Duration at, double level) {
    }

    public KeyframeShape {
        points = points.stream().sorted(java.util.Comparator.comparing(Point::at)).toList();
        if (points.size() < 2) {
            throw new IllegalArgumentException("a keyframe shape needs at least two points, got " + points.size());
        }
    }

    @Override
    public List<Outcome> outcomes(Stage stage) {
        return List.of(Outcome.REGULAR);
    }

    @Override
    public ShapeProfile profile(Outcome o) {
        int start = (int) Math.floorDiv(points.get(0).at().toSeconds(), 60);
        Duration lastAt = points.get(points.size() - 1).at();
        int whistle = playTo.isZero() ? MatchShape.minutes(lastAt) : MatchShape.minutes(playTo);
        int end = Math.max(MatchShape.minutes(lastAt), whistle + finalWhistleSurge.tailMinutes()) + 1;
        double[] level = new double[end - start];
        boolean[] inPlay = new boolean[level.length];
        int pf = MatchShape.minutes(playFrom);
        int pt = MatchShape.minutes(playTo);
        for (int t = start; t < end; t++) {
            level[t - start] = Math.max(0, interpolate(t * 60.0) + finalWhistleSurge.at(t - whistle));
            inPlay[t - start] = t >= pf && t < pt;
        }
        List<Integer> ads = new ArrayList<>();
        for (String a : adBreaks.at()) {
            String s = a.strip().toLowerCase(Locale.ROOT);
            ads.add(s.equals("full-time") || s.equals("end") ? whistle * 60 : (int) Quantities.duration(s).toSeconds());
        }
        return new ShapeProfile(start, level, inPlay, ads.stream().mapToInt(Integer::intValue).sorted().toArray(), whistle);
    }

    private double interpolate(double seconds) {
        Point prev = points.get(0);
        if (seconds <= prev.at().toSeconds()) {
            return prev.level();
        }
        for (int i = 1; i < points.size(); i++) {
            Point p = points.get(i);
            if (seconds <= p.at().toSeconds()) {
                double span = p.at().toSeconds() - prev.at().toSeconds();
                double x = span <= 0 ? 1 : (seconds - prev.at().toSeconds()) / span;
                return prev.level() + (p.level() - prev.level()) * x;
            }
            prev = p;
        }
        return points.get(points.size() - 1).level();
    }
}
