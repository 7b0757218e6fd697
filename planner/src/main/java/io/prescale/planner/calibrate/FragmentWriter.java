package io.prescale.planner.calibrate;

import io.prescale.planner.model.AdBreaks;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.BackgroundProfile;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.GoalSurge;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.KickoffFactor;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a scenario's {@code audience:}, {@code shapes:} and {@code layers:} sections as YAML files the scenario
 * loader reads back ({@code audience: calibrated/audience.yaml}). Each file starts with a header comment. Every
 * field is written explicitly, so a fragment does not depend on defaults changing later.
 */
public final class FragmentWriter {
    public static final String AUDIENCE_FILE = "audience.yaml";
    public static final String SHAPES_FILE = "shapes.yaml";
    public static final String LAYERS_FILE = "layers.yaml";

    private FragmentWriter() {
    }

    /** The three fragments of a scenario, file name to text, each headed by {@code header} (comment lines). */
    public static Map<String, String> fragments(Scenario s, List<String> header) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(AUDIENCE_FILE, comment(header) + audience(s));
        out.put(SHAPES_FILE, comment(header) + shapes(s));
        out.put(LAYERS_FILE, comment(header) + layers(s));
        return out;
    }

    static String comment(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isEmpty() ? "#" : "# " + l).append('\n');
        }
        return sb.toString();
    }

    // ---- audience

    public static String audience(Scenario s) {
        AudienceRules a = s.audience();
        StringBuilder sb = new StringBuilder("audience:\n");
        a.base().ifPresent(b -> sb.append("  base: ").append(distribution(b)).append('\n'));
        Map<String, String> spelling = teamSpellings(s.events());
        if (!a.teamFactors().isEmpty()) {
            sb.append("  teams:\n");
            a.teamFactors().forEach((k, v) -> sb.append("    ").append(Yaml.str(spelling.getOrDefault(k, k)))
                    .append(": ").append(effect(v, a.uncertainties().get(AudienceRules.teamKey(k)))).append('\n'));
        }
        sb.append("  combine: ").append(a.combine().name().toLowerCase(Locale.ROOT)).append('\n');
        if (!a.stageFactors().isEmpty()) {
            sb.append("  stages:\n");
            a.stageFactors().forEach((k, v) -> sb.append("    ").append(Yaml.str(k)).append(": ")
                    .append(effect(v, a.uncertainties().get(AudienceRules.stageKey(k)))).append('\n'));
        }
        factors(sb, "markets", a.marketFactors());
        if (!a.overrides().isEmpty()) {
            sb.append("  events:\n");
            a.overrides().forEach((k, v) -> sb.append("    ").append(Yaml.str(k)).append(": ").append(distribution(v))
                    .append('\n'));
        }
        if (!a.kickoffFactors().isEmpty()) {
            sb.append("  kickoff:\n");
            for (KickoffFactor k : a.kickoffFactors()) {
                sb.append("    - ").append(kickoff(k))
                        .append(k.stated() ? "" : "   # not seen yet: follows the site's own rhythm").append('\n');
            }
        }
        return sb.toString();
    }

    /** A certain factor as a plain percentage; an uncertain one as its prior, {@code {factor: 120%, uncertainty: 35%}}. */
    private static String effect(double factor, Double spread) {
        if (spread == null || spread <= 0) {
            return Yaml.pct(factor);
        }
        return "{factor: " + Yaml.pct(factor) + ", uncertainty: " + Yaml.pct(Yaml.round(LearnedRules.uncertainty(spread)))
                + "}";
    }

    private static Map<String, String> teamSpellings(List<Event> events) {
        Map<String, String> out = new HashMap<>();
        for (Event e : events) {
            for (String t : e.teams()) {
                out.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
            }
        }
        return out;
    }

    private static void factors(StringBuilder sb, String key, Map<String, Double> m) {
        if (m.isEmpty()) {
            return;
        }
        sb.append("  ").append(key).append(":\n");
        m.forEach((k, v) -> sb.append("    ").append(Yaml.str(k)).append(": ").append(Yaml.pct(v)).append('\n'));
    }

    static String kickoff(KickoffFactor k) {
        List<String> parts = new ArrayList<>();
        if (!k.days().isEmpty()) {
            parts.add("days: [" + k.days().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + "]");
        }
        k.from().ifPresent(f -> parts.add("from: \"" + f + "\""));
        k.to().ifPresent(t -> parts.add("to: \"" + t + "\""));
        if (k.from().isPresent() && k.to().isEmpty()) {
            parts.add("to: \"24:00\"");
        }
        parts.add("factor: " + Yaml.pct(k.factor()));
        return "{" + String.join(", ", parts) + "}";
    }

    static String distribution(AudienceDistribution d) {
        return switch (d) {
            case AudienceDistribution.Fixed f -> Yaml.num(f.value());
            case AudienceDistribution.LogNormal l -> l.sigma() > 0
                    ? "{p50: " + Yaml.num(l.median()) + ", p90: " + Yaml.num(Yaml.round(l.p90(), 10)) + "}"
                    : Yaml.num(l.median());
            case AudienceDistribution.Normal n -> "{distribution: normal, mean: " + Yaml.num(n.mean()) + ", sd: "
                    + Yaml.num(n.sd()) + "}";
            case AudienceDistribution.Triangular t -> "{distribution: triangular, min: " + Yaml.num(t.min()) + ", mode: "
                    + Yaml.num(t.mode()) + ", max: " + Yaml.num(t.max()) + "}";
        };
    }

    // ---- shapes

    public static String shapes(Scenario s) {
        StringBuilder sb = new StringBuilder("shapes:\n");
        for (String name : s.shapes().keySet().stream().sorted().toList()) {
            sb.append("  ").append(Yaml.str(name)).append(":\n");
            switch (s.shapes().get(name)) {
                case MatchShape m -> match(sb, m);
                case KeyframeShape k -> keyframes(sb, k);
            }
        }
        return sb.toString();
    }

    private static void match(StringBuilder sb, MatchShape m) {
        line(sb, "type", "match");
        line(sb, "preMatch", Yaml.duration(m.preMatch()));
        line(sb, "preMatchLevel", Yaml.pct(m.preMatchLevel()));
        line(sb, "kickoffLevel", Yaml.pct(m.kickoffLevel()));
        line(sb, "halfLength", Yaml.duration(m.halfLength()));
        line(sb, "addedTime", Yaml.duration(m.addedTime()));
        line(sb, "firstHalfLevel", Yaml.pct(m.firstHalfLevel()));
        line(sb, "halfTime", Yaml.duration(m.halfTime()));
        line(sb, "halfTimeLevel", Yaml.pct(m.halfTimeLevel()));
        line(sb, "secondHalfLevel", Yaml.pct(m.secondHalfLevel()));
        line(sb, "extraTime", Yaml.duration(m.extraTime()));
        line(sb, "extraTimeBreak", Yaml.duration(m.extraTimeBreak()));
        line(sb, "extraTimeLevel", Yaml.pct(m.extraTimeLevel()));
        line(sb, "penalties", Yaml.duration(m.penalties()));
        line(sb, "penaltiesLevel", Yaml.pct(m.penaltiesLevel()));
        line(sb, "postMatch", Yaml.duration(m.postMatch()));
        extras(sb, m.finalWhistleSurge(), m.goalSurge(), m.adBreaks(), m.churnPerMinute());
    }

    private static void keyframes(StringBuilder sb, KeyframeShape k) {
        line(sb, "type", "keyframes");
        line(sb, "points", "[" + k.points().stream().map(p -> "[" + Yaml.duration(p.at()) + ", " + Yaml.pct(p.level()) + "]")
                .collect(Collectors.joining(", ")) + "]");
        if (!k.playFrom().isZero() || !k.playTo().isZero()) {
            line(sb, "play", "{from: " + Yaml.duration(k.playFrom()) + ", to: " + Yaml.duration(k.playTo()) + "}");
        }
        extras(sb, k.finalWhistleSurge(), k.goalSurge(), k.adBreaks(), k.churnPerMinute());
    }

    private static void extras(StringBuilder sb, FinalWhistleSurge fw, GoalSurge g, AdBreaks ads, double churn) {
        if (fw.level() > 0) {
            line(sb, "finalWhistle", "{level: " + Yaml.pct(fw.level()) + ", rise: " + Yaml.duration(fw.rise())
                    + ", halfLife: " + Yaml.duration(fw.halfLife()) + "}");
        }
        if (!g.isNone()) {
            line(sb, "goalSurge", "{joins: " + Yaml.num(g.joins()) + ", share: " + Yaml.pct(g.share()) + ", within: "
                    + Yaml.duration(g.within()) + "}");
        }
        if (!ads.at().isEmpty()) {
            line(sb, "adBreaks", "{at: [" + String.join(", ", ads.at()) + "], window: " + Yaml.duration(ads.window()) + "}");
        }
        line(sb, "churn", Yaml.pct(churn));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append("    ").append(key).append(": ").append(value).append('\n');
    }

    // ---- layers

    public static String layers(Scenario s) {
        StringBuilder sb = new StringBuilder("layers:\n");
        for (Layer l : s.layers()) {
            sb.append("  - name: ").append(Yaml.str(l.name())).append('\n');
            if (!l.description().isEmpty()) {
                layerLine(sb, "description", Yaml.str(l.description().strip()));
            }
            layerLine(sb, "unit", l.unit().id());
            if (l.carries().isPresent()) {
                // sized from the layer it carries: pods per unit follow from the resources written below
            } else if (l.target().spec().sizesUnits()) {
                // the target type sizes the units from its own settings, written with the target below
            } else if (l.metric() == Metric.RPS) {
                layerLine(sb, "rpsPerUnit", Yaml.rate(l.perUnit()));
            } else {
                layerLine(sb, "gbpsPerUnit", Yaml.bits(l.perUnit() * 1e9));
            }
            layerLine(sb, "headroom", Yaml.pct(l.headroom()));
            layerLine(sb, "min", String.valueOf(l.min()));
            if (l.max() != Integer.MAX_VALUE) {
                layerLine(sb, "max", String.valueOf(l.max()));
            }
            layerLine(sb, "step", String.valueOf(l.step()));
            layerLine(sb, "warmup", Yaml.duration(l.warmup()));
            layerLine(sb, "leadTime", Yaml.duration(l.leadTime()));
            layerLine(sb, "cooldown", Yaml.duration(l.cooldown()));
            layerLine(sb, "coalesce", Yaml.duration(l.coalesce()));
            if (l.profile().isPresent()) {
                BackgroundProfile p = l.profile().get();
                layerLine(sb, "background", "");
                sb.append("      # medians per local hour 00-23 (").append(p.zone()).append("); a minute's P90 is (1 + spread) x its hour's\n");
                sb.append("      weekday: ").append(loads(l, p.weekday())).append('\n');
                sb.append("      weekend: ").append(loads(l, p.weekend())).append('\n');
                sb.append("      spread: ").append(Yaml.pct(p.spread())).append('\n');
            } else if (l.background() > 0 && l.carries().isEmpty()) {
                layerLine(sb, "background", l.metric() == Metric.RPS ? Yaml.rate(l.background()) : Yaml.bits(l.background() * 1e9));
            }
            if (l.carries().isEmpty()) {
                layerLine(sb, "amplification", Yaml.num(l.amplification()));
            }
            if (!l.regions().isEmpty()) {
                layerLine(sb, "regions", "[" + l.regions().stream().map(Yaml::str).collect(Collectors.joining(", ")) + "]");
            }
            if (!l.derived().isEmpty()) {
                layerLine(sb, "derived", "{" + l.derived().stream().map(d -> Yaml.str(d.name()) + ": " + Yaml.num(d.perUnit()))
                        .collect(Collectors.joining(", ")) + "}");
            }
            List<String> target = new ArrayList<>();
            target.add("type: " + l.target().type());
            if (!l.target().name().isEmpty()) {
                target.add("name: " + Yaml.str(l.target().name()));
            }
            l.target().settings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> target.add(e.getKey() + ": " + Yaml.str(e.getValue())));
            layerLine(sb, "target", "{" + String.join(", ", target) + "}");
            l.carries().ifPresent(c -> layerLine(sb, "carries", "{layer: " + Yaml.str(c.layer()) + ", requests: "
                    + resources(c.requests()) + ", allocatable: " + resources(c.allocatable()) + ", overhead: "
                    + resources(c.overhead()) + "}"));
            if (!l.terms().isEmpty()) {
                layerLine(sb, "terms", "");
                for (LoadTerm t : l.terms()) {
                    sb.append("      - ").append(term(t)).append('\n');
                }
            }
        }
        return sb.toString().replace(": \n", ":\n");
    }

    private static String resources(io.prescale.planner.model.Resources r) {
        return "{cpu: " + io.prescale.planner.model.Resources.formatCpu(r.milliCpu()) + ", memory: "
                + io.prescale.planner.model.Resources.formatMemory(r.memoryBytes()) + "}";
    }

    private static String loads(Layer l, double[] v) {
        return "[" + java.util.Arrays.stream(v).mapToObj(x -> l.metric() == Metric.RPS ? Yaml.rate(x) : Yaml.bits(x * 1e9))
                .collect(Collectors.joining(", ")) + "]";
    }

    private static void layerLine(StringBuilder sb, String key, String value) {
        sb.append("    ").append(key).append(": ").append(value).append('\n');
    }

    /** {@code every: 10s} when one request every whole number of seconds, else {@code rate: 0.15rps}. */
    private static String perViewer(double rps) {
        double seconds = 1 / rps;
        if (Math.abs(seconds - Math.rint(seconds)) < 1e-9 && seconds >= 1) {
            return ", every: " + Yaml.duration(java.time.Duration.ofSeconds((long) Math.rint(seconds)));
        }
        return ", rate: " + Yaml.rate(rps);
    }

    static String term(LoadTerm t) {
        String type = switch (t) {
            case LoadTerm.PerViewer x -> "per-viewer";
            case LoadTerm.Heartbeat x -> "heartbeat";
            case LoadTerm.PerJoin x -> "per-join";
            case LoadTerm.AdBreak x -> "ad-break";
            case LoadTerm.GoalPush x -> "goal-push";
            case LoadTerm.Egress x -> "egress";
        };
        String head = "{type: " + type + ", name: " + Yaml.str(t.name()) + ", share: " + Yaml.pct(t.share());
        String rest = switch (t) {
            case LoadTerm.PerViewer pv -> perViewer(pv.rpsPerViewer());
            case LoadTerm.Heartbeat hb -> ", every: " + Yaml.duration(hb.every()) + ", jitter: " + Yaml.duration(hb.jitter());
            case LoadTerm.PerJoin pj -> ", requests: " + Yaml.num(pj.requests());
            case LoadTerm.AdBreak ab -> ", requests: " + Yaml.num(ab.requests())
                    + ab.within().map(w -> ", within: " + Yaml.duration(w)).orElse("");
            case LoadTerm.GoalPush gp -> ", subscribers: " + Yaml.num(gp.subscribers()) + ", perViewer: "
                    + Yaml.num(gp.perViewer()) + ", within: " + Yaml.duration(gp.within());
            case LoadTerm.Egress eg -> ", bitrate: " + Yaml.bits(eg.bitsPerViewer());
        };
        return head + rest + "}";
    }
}
