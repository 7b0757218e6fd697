package io.prescale.planner.scenario;

import io.prescale.planner.config.YNode;
import io.prescale.planner.model.BackgroundProfile;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.DerivedUnit;
import io.prescale.planner.model.Dimension;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Target;
import io.prescale.planner.targets.TargetCatalog;
import io.prescale.planner.targets.TargetCheck;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the platform's layers and their load terms, checking every limit against the others. */
final class LayerReader {
    private LayerReader() {
    }

    /**
     * @param zone    the scenario's zone: a background profile's local hours and weekends are in it
     * @param targets the target types a layer may name, with their settings
     */
    static List<Layer> readAll(YNode list, java.time.ZoneId zone, TargetCatalog targets) {
        List<Layer> out = new ArrayList<>();
        if (!list.isList()) {
            list.error("expected a list of layers");
            return out;
        }
        Set<String> names = new HashSet<>();
        for (YNode n : list.items()) {
            read(n, zone, targets).ifPresent(l -> {
                if (!names.add(l.name())) {
                    n.get("name").ifPresent(x -> x.error("duplicate layer name '" + l.name() + "'"));
                } else {
                    out.add(l);
                }
            });
        }
        return CarriesReader.checkAll(out, list.diagnostics());
    }

    static Optional<Layer> read(YNode n, java.time.ZoneId zone, TargetCatalog targets) {
        if (!n.isMap()) {
            n.error("expected a layer (a map with name, unit, rpsPerUnit, terms, ...)");
            return Optional.empty();
        }
        int errorsBefore = n.diagnostics().errorCount();
        Optional<String> name = n.requireString("name");
        if (name.isPresent() && name.get().isEmpty()) {
            n.get("name").ifPresent(x -> x.error("a layer's name must not be empty",
                    "it names the layer in plans, baselines and traces"));
        } else if (name.isPresent() && name.get().length() > ScenarioLoader.MAX_NAME) {
            // every row of a forecast and every change of a plan carries it
            n.get("name").ifPresent(x -> x.error("a layer's name of " + String.format(java.util.Locale.ROOT, "%,d",
                    name.get().length()) + " characters: at most " + ScenarioLoader.MAX_NAME,
                    "it names the layer in plans, baselines and traces"));
        }
        String description = n.string("description", "");
        Optional<CapacityUnit> unit = n.require("unit").flatMap(u -> u.as(s -> CapacityUnit.parse(s).orElseThrow(
                () -> new IllegalArgumentException("unknown capacity unit '" + s + "' (use one of "
                        + Arrays.stream(CapacityUnit.values()).map(CapacityUnit::id).collect(Collectors.joining(", "))
                        + ")"))));
        Optional<Double> rpsPerUnit = n.parse("rpsPerUnit", Quantities::rate);
        Optional<Double> gbpsPerUnit = n.parse("gbpsPerUnit", s -> Quantities.bitsPerSecond(s) / 1e9);
        Metric metric = Metric.RPS;
        double perUnit = 0;
        // a layer carrying another's pods is sized from them: pods per unit come from the bin-packing
        Optional<Carries> carries = n.get("carries").flatMap(CarriesReader::read);
        boolean carrier = n.given("carries"); // carries: with no value is its own error, not a layer without load
        Optional<TargetSpec> sizing = declaredType(n, targets).filter(TargetSpec::sizesUnits);
        if (carrier) {
            metric = Metric.PODS;
            perUnit = carries.map(Carries::perUnit).orElse(1);
            for (String k : List.of("rpsPerUnit", "gbpsPerUnit", "terms", "background", "amplification")) {
                n.get(k).ifPresent(x -> x.error(k + " does not apply to a layer that carries another",
                        "its load is the pods of the layer it carries"));
            }
        } else if (sizing.isPresent()) {
            // the target type sizes the units from what it declares: a hand-set rate would be a second answer
            for (String k : List.of("rpsPerUnit", "gbpsPerUnit")) {
                n.get(k).ifPresent(x -> x.error("target type " + sizing.get().id() + " sizes its units itself: remove "
                        + k, sizing.get().description()));
            }
        } else if (rpsPerUnit.isPresent() && gbpsPerUnit.isPresent()) {
            n.error("give either rpsPerUnit or gbpsPerUnit, not both");
        } else if (rpsPerUnit.isPresent()) {
            perUnit = rpsPerUnit.get();
        } else if (gbpsPerUnit.isPresent()) {
            metric = Metric.GBPS;
            perUnit = gbpsPerUnit.get();
        } else if (!n.given("rpsPerUnit") && !n.given("gbpsPerUnit")
                // a target whose type cannot be read has its own error: it may be one that sizes its units
                && !(n.has("target") && declaredType(n, targets).isEmpty())) {
            n.error("missing rpsPerUnit (e.g. 400rps) or gbpsPerUnit (e.g. 10Gbps)",
                    "what one " + unit.map(CapacityUnit::id).orElse("unit") + " can carry");
        }
        if (!carrier && sizing.isEmpty() && (rpsPerUnit.isPresent() || gbpsPerUnit.isPresent()) && perUnit <= 0) {
            n.get(metric == Metric.RPS ? "rpsPerUnit" : "gbpsPerUnit").ifPresent(x -> x.error("must be greater than zero"));
        }
        double headroom = n.fraction("headroom", 0.2);
        if (headroom >= 1) {
            n.get("headroom").ifPresent(x -> x.error("headroom must be below 100%"));
            headroom = 0.2;
        }
        int min = n.integer("min", 0);
        int max = n.integer("max", Integer.MAX_VALUE);
        int step = n.integer("step", 1);
        if (min < 0) {
            n.get("min").ifPresent(x -> x.error("must not be negative"));
        }
        if (max < min) {
            n.get("max").ifPresent(x -> x.error("max must be at least min", "min " + min + ", max " + max));
        }
        if (step < 1) {
            n.get("step").ifPresent(x -> x.error("step must be at least 1"));
        }
        Duration warmup = n.positiveDuration("warmup", Duration.ofMinutes(5));
        Duration lead = n.positiveDuration("leadTime", Duration.ZERO);
        Duration cooldown = n.positiveDuration("cooldown", Duration.ofMinutes(15));
        Duration coalesce = n.positiveDuration("coalesce", Duration.ofHours(4));
        Metric m = metric;
        java.util.function.Function<String, Double> loadOf = s -> m == Metric.RPS ? Quantities.rate(s)
                : Quantities.bitsPerSecond(s) / 1e9;
        Optional<BackgroundProfile> profile = n.get("background").filter(YNode::isMap)
                .flatMap(b -> profile(b, loadOf, zone));
        double background = n.get("background").filter(b -> !b.isMap()).flatMap(b -> b.as(loadOf)).orElse(0.0);
        if (background < 0 || !Double.isFinite(background)) {
            n.get("background").ifPresent(x -> x.error("must be a finite load, not negative"));
        }
        double amplification = n.number("amplification", 1.0);
        if (amplification <= 0) {
            n.get("amplification").ifPresent(x -> x.error("must be greater than zero"));
        }
        List<String> regions = n.get("regions").map(YNode::strings).orElse(List.of());
        List<DerivedUnit> derived = new ArrayList<>();
        n.get("derived").ifPresent(d -> d.entries().forEach((k, v) ->
                v.as(Quantities::count).ifPresent(c -> derived.add(new DerivedUnit(k, c)))));
        Optional<YNode> targetNode = n.get("target");
        Target target = targetNode.map(t -> target(t, targets)).orElse(Target.planOnly());
        List<LoadTerm> terms = new ArrayList<>();
        Optional<YNode> termsNode = n.get("terms");
        if (termsNode.isEmpty() && !n.given("terms") && background <= 0 && profile.isEmpty() && !carrier) {
            n.error("a layer needs terms (how the audience loads it) or a background load");
        }
        termsNode.filter(t -> !carrier).ifPresent(t -> terms.addAll(terms(t, m)));
        if (termsNode.isPresent() && termsNode.get().isList() && termsNode.get().items().isEmpty() && background <= 0
                && profile.isEmpty() && !carrier) {
            // terms: [] loaded nothing: the layer was planned at its min for any audience
            termsNode.get().error("a layer needs terms (how the audience loads it) or a background load",
                    "terms: [] lists none");
        }
        List<Dimension> dimensions = new ArrayList<>();
        double[] sized = {perUnit};
        if (unit.isPresent() && n.diagnostics().errorCount() == errorsBefore) {
            target = checked(target, targetNode, n, new TargetCheck.LayerFacts(name.orElse(""), unit.get(), metric,
                    perUnit, headroom, min, max, terms, carries), (dims, per) -> {
                        dimensions.addAll(dims);
                        sized[0] = per;
                    });
            if (target.spec().sizesUnits() && dimensions.isEmpty() && n.diagnostics().errorCount() == errorsBefore) {
                throw new IllegalStateException("target type " + target.type() + " sizes its units but declared no "
                        + "dimension for layer " + name.orElse(""));
            }
        }
        perUnit = sized[0];
        n.rejectUnknownKeys();
        if (name.isEmpty() || unit.isEmpty() || n.diagnostics().errorCount() > errorsBefore) {
            return Optional.empty();
        }
        Layer layer = new Layer(name.get(), description, unit.get(), metric, perUnit, headroom, min, max,
                Math.max(1, step), warmup, lead, cooldown, coalesce, background, amplification, terms, regions,
                derived, target, n.location(), Optional.empty(), carries);
        layer = profile.filter(p -> !carrier).map(layer::withBackground).orElse(layer);
        return Optional.of(dimensions.isEmpty() ? layer : layer.withDimensions(dimensions, perUnit));
    }

    /** The type the layer's target names, when it is one the catalogue knows; reports nothing (target() does). */
    private static Optional<TargetSpec> declaredType(YNode layer, TargetCatalog targets) {
        return layer.get("target").flatMap(t -> t.isScalar() ? Optional.of(t)
                        : t.isMap() ? t.get("type").filter(YNode::isScalar) : Optional.empty())
                .flatMap(YNode::text).flatMap(targets::find);
    }

    /**
     * {@code {weekday: [24 loads] | load, weekend: [24 loads] | load, spread: 25%}}: medians per local hour 00-23;
     * a single load is the same every hour (a starting value for calibrate to fit).
     */
    private static Optional<BackgroundProfile> profile(YNode b, java.util.function.Function<String, Double> loadOf,
                                                       java.time.ZoneId zone) {
        int before = b.diagnostics().errorCount();
        double[] weekday = hours(b, "weekday", loadOf);
        double[] weekend = hours(b, "weekend", loadOf);
        double spread = b.get("spread").flatMap(x -> x.as(Quantities::fraction)).orElse(0.0);
        if (spread < 0 || !Double.isFinite(spread)) {
            b.get("spread").ifPresent(x -> x.error("spread must be a percentage, not negative (e.g. 25%)"));
        }
        b.rejectUnknownKeys();
        if (weekday == null || weekend == null || b.diagnostics().errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new BackgroundProfile(zone, weekday, weekend, spread));
    }

    private static double[] hours(YNode b, String key, java.util.function.Function<String, Double> loadOf) {
        Optional<YNode> n = b.require(key);
        if (n.isEmpty()) {
            return null;
        }
        double[] out = new double[BackgroundProfile.HOURS];
        if (n.get().isList()) {
            List<YNode> items = n.get().items();
            if (items.size() != BackgroundProfile.HOURS) {
                n.get().error("expected 24 loads, one per local hour 00-23 (got " + items.size() + ")");
                return null;
            }
            for (int h = 0; h < out.length; h++) {
                Optional<Double> v = items.get(h).as(loadOf);
                if (v.isEmpty()) {
                    return null;
                }
                if (v.get() < 0 || !Double.isFinite(v.get())) {
                    items.get(h).error("must be a finite load, not negative");
                    return null;
                }
                out[h] = v.get();
            }
            return out;
        }
        Optional<Double> v = n.get().as(loadOf);
        if (v.isEmpty()) {
            return null;
        }
        if (v.get() < 0 || !Double.isFinite(v.get())) {
            n.get().error("must be a finite load, not negative");
            return null;
        }
        java.util.Arrays.fill(out, v.get());
        return out;
    }

    /**
     * {@code plan-only}, or {@code {type: <id>, name: <resource>, <setting>: <value>, ...}}: the type is looked up in
     * the catalogue and every setting checked against the type's own, unknown keys included.
     */
    private static Target target(YNode n, TargetCatalog targets) {
        if (n.isScalar()) {
            return n.as(s -> spec(s, targets)).map(t -> new Target(t, "", Map.of())).orElse(Target.planOnly());
        }
        if (!n.isMap()) {
            n.error("expected a target: a type (plan-only) or a map {type: ..., name: ..., settings...}");
            return Target.planOnly();
        }
        Optional<TargetSpec> type = n.require("type").flatMap(t -> t.as(s -> spec(s, targets)));
        String name = n.string("name", "");
        if (type.isEmpty()) {
            n.entries();
            return Target.planOnly();
        }
        TargetSpec spec = type.get();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting setting : spec.settings()) {
            Optional<YNode> v = n.get(setting.key());
            if (v.isEmpty()) {
                if (setting.required()) {
                    n.require(setting.key()).ifPresent(x -> { });
                }
                continue;
            }
            v.get().text().ifPresent(text -> setting.problem(text).ifPresentOrElse(
                    why -> v.get().error("target setting " + setting.key() + ": " + why,
                            "a " + spec.id() + " target's " + setting.key() + " is " + setting.type()),
                    () -> settings.put(setting.key(), text)));
        }
        if (spec.needsName() && name.isEmpty()) {
            n.require("name");
        }
        n.rejectUnknownKeys();
        return new Target(spec, name, settings);
    }

    private static TargetSpec spec(String id, TargetCatalog targets) {
        return targets.find(id).orElseThrow(() -> new IllegalArgumentException("unknown target type '" + id.strip()
                + "' (use one of " + String.join(", ", targets.ids()) + ")"));
    }

    /** Runs the target type's own check across its settings and the layer; settings it derives join the target. */
    private static Target checked(Target target, Optional<YNode> targetNode, YNode layer, TargetCheck.LayerFacts facts,
                                  java.util.function.BiConsumer<List<Dimension>, Double> sizeBy) {
        Map<String, String> settings = new LinkedHashMap<>(target.settings());
        YNode at = targetNode.orElse(layer);
        target.spec().check().check(new TargetCheck() {
            @Override
            public LayerFacts layer() {
                return facts;
            }

            @Override
            public String targetName() {
                return target.name();
            }

            @Override
            public Map<String, String> settings() {
                return java.util.Collections.unmodifiableMap(settings);
            }

            @Override
            public void error(String field, String summary, String detail) {
                where(field).diagnostics().error(where(field).location(), summary, detail);
            }

            @Override
            public void warning(String field, String summary, String detail) {
                where(field).diagnostics().warning(where(field).location(), summary, detail);
            }

            @Override
            public void derive(String key, String value) {
                settings.put(key, value);
            }

            @Override
            public void sizeBy(List<Dimension> dimensions, double perUnitOfMetric) {
                if (!target.spec().sizesUnits() || dimensions.isEmpty() || !(perUnitOfMetric > 0)) {
                    throw new IllegalStateException("target type " + target.type() + ": sizeBy " + dimensions.size()
                            + " dimensions, " + perUnitOfMetric + " per unit");
                }
                sizeBy.accept(dimensions, perUnitOfMetric);
            }

            private YNode where(String field) {
                if (field == null) {
                    return at;
                }
                return targetNode.flatMap(t -> t.isMap() ? t.get(field) : Optional.empty())
                        .or(() -> layer.get(field)).orElse(at);
            }
        });
        return new Target(target.spec(), target.name(), settings);
    }

    private static List<LoadTerm> terms(YNode list, Metric metric) {
        List<LoadTerm> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YNode t : list.items()) {
            if (!t.isMap()) {
                t.error("expected a term (a map with type: per-viewer, heartbeat, per-join, ad-break, goal-push or egress)");
                continue;
            }
            Optional<String> type = t.requireString("type");
            if (type.isEmpty()) {
                continue;
            }
            String name = t.string("name", type.get());
            double share = t.fraction("share", 1.0);
            Optional<LoadTerm> term = switch (type.get()) {
                case "per-viewer" -> perViewer(t, name, share);
                case "heartbeat" -> heartbeat(t, name, share);
                case "per-join" -> t.require("requests").flatMap(r -> r.as(Quantities::count))
                        .map(r -> new LoadTerm.PerJoin(name, share, r));
                case "ad-break" -> {
                    Optional<Double> r = t.require("requests").flatMap(x -> x.as(Quantities::count));
                    Optional<Duration> within = t.parse("within", Quantities::duration);
                    if (within.filter(Duration::isNegative).isPresent()) {
                        t.get("within").ifPresent(x -> x.error("must not be negative"));
                        yield Optional.empty();
                    }
                    yield r.map(x -> new LoadTerm.AdBreak(name, share, x, within));
                }
                case "goal-push" -> {
                    double subs = t.nonNegativeCount("subscribers", 0);
                    double perViewer = t.nonNegativeCount("perViewer", 0);
                    Duration within = t.positiveDuration("within", Duration.ofSeconds(60));
                    if (subs == 0 && perViewer == 0) {
                        t.error("a goal-push term needs subscribers (e.g. 5M) or perViewer (e.g. 1)");
                    }
                    yield Optional.of(new LoadTerm.GoalPush(name, share, subs, perViewer,
                            within.isZero() ? Duration.ofSeconds(60) : within));
                }
                case "egress" -> t.require("bitrate").flatMap(b -> b.as(Quantities::bitsPerSecond))
                        .map(b -> new LoadTerm.Egress(name, share, b));
                default -> {
                    t.get("type").ifPresent(x -> x.error("unknown term type '" + type.get() + "'",
                            "use per-viewer, heartbeat, per-join, ad-break, goal-push or egress"));
                    yield Optional.empty();
                }
            };
            t.rejectUnknownKeys();
            if (term.isEmpty()) {
                continue;
            }
            boolean bandwidth = term.get() instanceof LoadTerm.Egress;
            if (bandwidth != (metric == Metric.GBPS)) {
                t.error(bandwidth ? "an egress term needs a bandwidth layer (gbpsPerUnit)"
                        : "a " + type.get() + " term adds requests; this layer is sized in Gbps",
                        "a layer is sized on one metric");
                continue;
            }
            if (!names.add(name)) {
                t.error("duplicate term name '" + name + "'", "give each term of a layer its own name:");
                continue;
            }
            out.add(term.get());
        }
        return out;
    }

    private static Optional<LoadTerm> perViewer(YNode t, String name, double share) {
        Optional<Duration> every = t.parse("every", Quantities::duration);
        Optional<Double> rate = t.parse("rate", Quantities::rate);
        if (every.isPresent() == rate.isPresent()) {
            if (!t.has("every") && !t.has("rate")) {
                t.error("a per-viewer term needs every (e.g. 6s: one request per viewer every 6 s) or rate (e.g. 0.2rps)");
            } else if (every.isPresent()) {
                t.error("give either every or rate, not both");
            }
            return Optional.empty();
        }
        if (every.isPresent()) {
            if (every.get().isZero() || every.get().isNegative()) {
                t.get("every").ifPresent(x -> x.error("must be longer than zero"));
                return Optional.empty();
            }
            return Optional.of(new LoadTerm.PerViewer(name, share, 1000.0 / every.get().toMillis()));
        }
        return Optional.of(new LoadTerm.PerViewer(name, share, rate.get()));
    }

    private static Optional<LoadTerm> heartbeat(YNode t, String name, double share) {
        Optional<Duration> every = t.require("every").flatMap(x -> x.as(Quantities::duration));
        Duration jitter = t.positiveDuration("jitter", Duration.ZERO);
        if (every.isEmpty()) {
            return Optional.empty();
        }
        if (every.get().toSeconds() < 60) {
            t.get("every").ifPresent(x -> x.error("a heartbeat is at least 1m apart",
                    "for faster periodic requests use a per-viewer term"));
            return Optional.empty();
        }
        return Optional.of(new LoadTerm.Heartbeat(name, share, every.get(), jitter));
    }
}
