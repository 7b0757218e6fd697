package io.prescale.planner.scenario;

import io.prescale.planner.config.YNode;
import io.prescale.planner.model.AdBreaks;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.GoalSurge;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Quantities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads named audience shapes: {@code type: match} (the default, starting from football values) or {@code keyframes}. */
final class ShapeReader {
    private ShapeReader() {
    }

    static Optional<AudienceShape> read(String name, YNode n) {
        if (!n.isMap()) {
            // "football: match" was read as the default football shape, whatever was meant
            n.error("expected a shape: a map such as {type: match, preMatch: 45m}, found " + (n.isList() ? "a list"
                    : n.isNull() ? "nothing" : "a value"));
            return Optional.empty();
        }
        String type = n.string("type", "match");
        Optional<AudienceShape> out = switch (type) {
            case "match" -> Optional.of(match(name, n));
            case "keyframes" -> keyframes(name, n);
            default -> {
                n.get("type").ifPresent(t -> t.error("unknown shape type '" + type + "'", "use match or keyframes"));
                yield Optional.empty();
            }
        };
        n.rejectUnknownKeys();
        return out;
    }

    private static MatchShape match(String name, YNode n) {
        MatchShape d = MatchShape.football(name);
        return new MatchShape(name,
                span(n, "preMatch", d.preMatch()),
                level(n, "preMatchLevel", d.preMatchLevel()),
                level(n, "kickoffLevel", d.kickoffLevel()),
                span(n, "halfLength", d.halfLength()),
                span(n, "addedTime", d.addedTime()),
                level(n, "firstHalfLevel", d.firstHalfLevel()),
                span(n, "halfTime", d.halfTime()),
                level(n, "halfTimeLevel", d.halfTimeLevel()),
                level(n, "secondHalfLevel", d.secondHalfLevel()),
                span(n, "extraTime", d.extraTime()),
                span(n, "extraTimeBreak", d.extraTimeBreak()),
                level(n, "extraTimeLevel", d.extraTimeLevel()),
                span(n, "penalties", d.penalties()),
                level(n, "penaltiesLevel", d.penaltiesLevel()),
                span(n, "postMatch", d.postMatch()),
                whistle(n),
                goalSurge(n),
                adBreaks(n, List.of("half-time")),
                n.fraction("churn", d.churnPerMinute()));
    }

    private static Optional<AudienceShape> keyframes(String name, YNode n) {
        List<KeyframeShape.Point> points = new ArrayList<>();
        Optional<YNode> pts = n.require("points");
        int errorsBefore = n.diagnostics().errorCount();
        for (YNode p : pts.map(YNode::items).orElse(List.of())) {
            if (p.isList() && p.items().size() == 2) {
                Optional<Duration> at = offset(p.items().get(0));
                Optional<Double> lv = p.items().get(1).as(Quantities::ratio);
                if (at.isPresent() && lv.isPresent()) {
                    points.add(new KeyframeShape.Point(at.get(), lv.get()));
                }
            } else if (p.isMap()) {
                Optional<Duration> at = p.require("at").flatMap(ShapeReader::offset);
                double lv = level(p, "level", -1);
                if (lv < 0) {
                    p.require("level");
                }
                p.rejectUnknownKeys();
                if (at.isPresent() && lv >= 0) {
                    points.add(new KeyframeShape.Point(at.get(), lv));
                }
            } else {
                p.error("expected a keyframe: [offset, level] such as [5m, 60%], or {at: 5m, level: 60%}");
            }
        }
        // too few points because one was unreadable is that point's error, not a second one
        if (pts.isPresent() && points.size() < 2 && n.diagnostics().errorCount() == errorsBefore) {
            pts.get().error("a keyframe shape needs at least two points");
        }
        Duration playFrom = Duration.ZERO;
        Duration playTo = Duration.ZERO;
        Optional<YNode> play = n.get("play");
        if (play.isPresent()) {
            playFrom = play.get().duration("from", Duration.ZERO);
            playTo = play.get().duration("to", Duration.ZERO);
            play.get().rejectUnknownKeys();
        }
        FinalWhistleSurge fw = whistle(n);
        GoalSurge gs = goalSurge(n);
        AdBreaks ads = adBreaks(n, List.of());
        double churn = n.fraction("churn", 0.0);
        if (points.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new KeyframeShape(name, points, playFrom, playTo, fw, gs, ads, churn));
    }

    /** A part of an event's shape, minute by minute: longer than a day is a typo (and an array of that many minutes). */
    static final Duration MAX_SPAN = Duration.ofDays(1);

    private static Duration span(YNode n, String key, Duration dflt) {
        Duration d = n.positiveDuration(key, dflt);
        if (d.compareTo(MAX_SPAN) > 0) {
            n.get(key).ifPresent(x -> x.error("longer than 1 day: an event's shape is minutes to hours",
                    "got " + Quantities.format(d)));
            return dflt;
        }
        return d;
    }

    /** An offset from kickoff (a keyframe, an ad break): before or after it, but within a day. */
    private static Optional<Duration> offset(YNode x) {
        return x.as(Quantities::duration).filter(d -> {
            // (compared on both sides: Duration.abs negates through BigDecimal, slow to set up, see Quantities)
            if (d.compareTo(MAX_SPAN) > 0 || d.compareTo(Duration.ZERO.minus(MAX_SPAN)) < 0) {
                x.error("longer than 1 day from kickoff: an event's shape is minutes to hours",
                        "got " + Quantities.format(d));
                return false;
            }
            return true;
        });
    }

    private static double level(YNode n, String key, double dflt) {
        return n.parse(key, Quantities::ratio).orElse(dflt);
    }

    private static FinalWhistleSurge whistle(YNode n) {
        Optional<YNode> w = n.get("finalWhistle");
        if (w.isEmpty()) {
            return FinalWhistleSurge.NONE;
        }
        YNode x = w.get();
        FinalWhistleSurge s = new FinalWhistleSurge(level(x, "level", 0),
                span(x, "rise", FinalWhistleSurge.NONE.rise()),
                span(x, "halfLife", FinalWhistleSurge.NONE.halfLife()));
        x.rejectUnknownKeys();
        return s;
    }

    private static GoalSurge goalSurge(YNode n) {
        Optional<YNode> g = n.get("goalSurge");
        if (g.isEmpty()) {
            return GoalSurge.NONE;
        }
        YNode x = g.get();
        double joins = x.nonNegativeCount("joins", 0);
        double share = x.fraction("share", 0);
        Duration within = span(x, "within", Duration.ofSeconds(90));
        if (joins == 0 && share == 0) {
            x.error("a goal surge needs joins (e.g. 300k) or share (e.g. 10% of viewers)");
        }
        if (within.isZero()) {
            x.get("within").ifPresent(w -> w.error("must be longer than zero"));
            within = Duration.ofSeconds(90);
        }
        x.rejectUnknownKeys();
        return new GoalSurge(joins, share, within);
    }

    private static AdBreaks adBreaks(YNode n, List<String> dflt) {
        Optional<YNode> a = n.get("adBreaks");
        if (a.isEmpty()) {
            return new AdBreaks(List.of(), AdBreaks.NONE.window());
        }
        YNode x = a.get();
        List<String> at = new ArrayList<>();
        for (YNode t : x.get("at").map(YNode::items).orElse(List.of())) {
            t.text().ifPresent(s -> {
                String k = s.strip().toLowerCase(java.util.Locale.ROOT);
                if (k.equals("half-time") || k.equals("halftime") || k.equals("full-time") || k.equals("fulltime")
                        || k.equals("end")) {
                    at.add(k);
                } else if (offset(t).isPresent()) {
                    at.add(s.strip());
                }
            });
        }
        if (at.isEmpty() && x.get("at").isEmpty()) {
            at.addAll(dflt);
        }
        Duration window = span(x, "window", AdBreaks.NONE.window());
        if (window.isZero()) {
            x.get("window").ifPresent(w -> w.error("must be longer than zero"));
            window = AdBreaks.NONE.window();
        }
        x.rejectUnknownKeys();
        return new AdBreaks(at, window);
    }
}
