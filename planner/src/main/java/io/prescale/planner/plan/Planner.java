package io.prescale.planner.plan;

import io.prescale.planner.config.Sha256;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.CarryChain;
import io.prescale.planner.model.DerivedUnit;
import io.prescale.planner.model.InputFile;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.sizing.CapacityScheduler;
import io.prescale.planner.sizing.CarriedLoad;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.sizing.LiveCluster;
import io.prescale.planner.sizing.Step;
import io.prescale.planner.targets.CapacityKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Makes a plan: forecast every layer, size it per minute, schedule its capacity from the observed state, and
 * describe every change with its reason. Deterministic: the same scenario, instant and observed state give the
 * same changes and digest.
 */
public final class Planner {

    /** The plan and what it was computed from, for rendering forecasts and charts. */
    public record Result(Plan plan, Forecast forecast, List<LayerSchedule> schedules) {
    }

    private Planner() {
    }

    /**
     * @param at        the planning instant: no change is requested before it
     * @param createdAt when the plan is made (recorded, not used in the computation)
     * @param observed  capacity in place at {@code at}; a layer missing from it is assumed at its min
     */
    public static Result plan(Scenario s, Instant at, Instant createdAt, ObservedState observed) {
        Diagnostics diags = new Diagnostics();
        diags.addAll(s.warnings());
        double q = s.plan().quantile();
        Forecast f = new RpsForecaster().forecast(s, at, q, e -> true);
        if (f.events().isEmpty()) {
            // an empty or emptied calendar (a feed that answered with nothing) must not pass for a quiet week
            diags.warning(SourceLocation.of(s.name()), "no event in the planning window (" + s.events().size()
                    + " in the calendar): the plan holds each layer's background and min only",
                    "check the calendar, and plan.from and plan.horizon or --at");
        }
        int atIndex = f.indexOf(at);
        Map<String, Integer> observedUnits = new LinkedHashMap<>(observed.units());
        List<LayerSchedule> schedules = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<LayerSummary> summaries = new ArrayList<>();
        String pq = "P" + Quantities.human(q * 100);
        // a layer that carries another is sized from that layer's schedule, so the carried one goes first
        CarryChain chain = CarryChain.of(s.layers());
        Map<String, LayerSchedule> byLayer = new LinkedHashMap<>();
        for (Layer next : chain.sizingOrder()) {
            LayerForecast lf = f.layer(next.name()).orElseThrow();
            Layer l = lf.layer();
            Optional<Layer> carried = chain.carried(l);
            if (carried.isPresent()) {
                lf = CarriedLoad.of(lf, byLayer.get(carried.get().name()), atIndex);
            }
            Integer obs = observedUnits.get(l.name());
            if (obs == null) {
                obs = l.min();
                observedUnits.put(l.name(), obs);
                diags.warning(l.source().withField("baseline"), "no observed capacity for layer " + l.name()
                        + "; assumed its min (" + obs + ")", "set baseline." + l.name() + " or read it from a provider");
            }
            LayerSchedule sched = CapacityScheduler.schedule(lf, f.events(), obs, atIndex, s.live().observes(l.name()));
            byLayer.put(l.name(), sched);
            changes.addAll(carried.isPresent() ? CarrierChanges.of(s.zone(), f, sched, byLayer.get(carried.get().name()),
                    diags) : changes(s.zone(), f, sched, pq, diags));
            int worst = sched.worstShortfall();
            if (worst >= 0) {
                int ev = lf.topEvent()[worst];
                diags.warning(l.source().withField("max"), "layer " + l.name() + " needs "
                        + sched.unbounded()[worst] + " " + l.unit().id() + " at " + Times.format(f.minute(worst), s.zone())
                        + (ev >= 0 ? " (" + f.events().get(ev).event().id() + ")" : "") + " but max is " + l.max(),
                        "the plan stops at max: raise max or accept the shortfall");
            }
        }
        for (Layer l : s.layers()) {
            schedules.add(byLayer.get(l.name()));
            summaries.add(summary(f, byLayer.get(l.name())));
        }
        // the forecast carries each carrier's derived load, as its schedule does
        Forecast sized = new Forecast(f.at(), f.quantile(), f.gridStart(), f.length(), f.events(),
                schedules.stream().map(LayerSchedule::forecast).toList());
        changes.sort(Comparator.comparing(Change::at).thenComparing(Change::layer));
        List<PlanEvent> events = f.events().stream().map(t -> {
            List<Layer> on = s.layers().stream().filter(l -> l.servesRegion(t.event().region())).toList();
            Map<String, Instant> hold = new LinkedHashMap<>();
            for (Layer l : on) {
                if (s.live().observes(l.name())) {
                    hold.put(l.name(), Instant.ofEpochSecond(t.latestWhistle() * 60).plus(l.cooldown()));
                }
            }
            return new PlanEvent(t.event().id(), t.event().title(), t.event().stage().key(),
                    t.event().stage().knockout(), t.event().start(), Instant.ofEpochSecond(t.windowStart() * 60),
                    Instant.ofEpochSecond(t.windowEnd() * 60), Math.round(t.peakAudience()), t.audienceWhy(),
                    on.stream().map(Layer::name).toList(), hold, t.event().teams());
        }).toList();
        ObservedState obsState = new ObservedState(observed.source(), observed.observedAt(), observedUnits);
        String digest = digest(s.inputs(), at, q, obsState);
        PlanCost cost = PlanCost.of(schedules, s.simulation(), f.minute(0), atIndex);
        Plan plan = new Plan(Plan.FORMAT_VERSION, s.name(), at, createdAt, digest, s.inputs(), q, s.plan().maxAge(),
                obsState, !diags.hasErrors(), events, summaries, changes, diags.all(), cost.priced() ? cost : null);
        return new Result(plan, sized, List.copyOf(schedules));
    }

    private static List<Change> changes(ZoneId zone, Forecast f, LayerSchedule sched, String pq, Diagnostics diags) {
        Layer l = sched.forecast().layer();
        String type = l.target().type();
        List<Change> out = new ArrayList<>();
        String unit = l.unit().id();
        if (l.target().kind() == CapacityKind.CHECK) {
            return checks(zone, f, sched, pq);
        }
        for (Step st : sched.steps()) {
            Instant at = f.minute(st.action());
            Instant needed = f.minute(st.needed());
            if (st.isUp()) {
                Action a = l.target().kind() == CapacityKind.PREWARM ? Action.PREWARM : Action.SCALE_OUT;
                int ev = st.driver() >= 0 ? sched.forecast().topEvent()[st.driver()] : -1;
                String reason;
                List<String> ids = List.of();
                if (ev >= 0) {
                    EventTimeline t = f.events().get(ev);
                    ids = List.of(t.event().id());
                    reason = t.event().label() + " kickoff " + Times.format(t.event().start(), zone) + ": "
                            + load(sched.forecast(), st.driver()) + " at "
                            + Times.format(f.minute(st.driver()), zone) + " (" + pq + " audience "
                            + Quantities.human(t.peakAudience()) + "); " + leadText(l);
                } else {
                    reason = "background load " + load(sched.forecast(), st.driver() < 0 ? st.needed() : st.driver());
                }
                if (st.late() > 0) {
                    reason += "; late by " + Times.minutes(st.late()) + " (planned after the lead time had started)";
                    diags.warning(l.source(), "layer " + l.name() + ": capacity for " + String.join(", ", ids)
                            + " is requested " + Times.minutes(st.late()) + " later than its lead time allows",
                            "it may not be serving when needed at " + Times.format(needed, zone));
                }
                out.add(new Change(l.name(), type, l.target().name(), a, at, needed, st.from(), st.to(), unit,
                        ids, reason));
            } else {
                List<String> ids = List.of();
                String reason;
                if (st.cluster() >= 0) {
                    LiveCluster c = sched.clusters().get(st.cluster());
                    ids = c.events().stream().map(i -> f.events().get(i).event().id()).toList();
                    boolean knockout = c.events().stream().anyMatch(i -> f.events().get(i).event().stage().knockout());
                    reason = String.join(", ", c.events().stream().map(i -> f.events().get(i).event().label()).toList())
                            + " over: latest end " + Times.format(f.minute(c.latestEnd()), zone)
                            + (knockout ? " (extra time and penalties included)" : "") + " + cool-down "
                            + Quantities.format(l.cooldown()) + (st.to() == l.min() ? "; back to min" : "");
                } else {
                    reason = "load falls to " + load(sched.forecast(), st.needed()) + " with no event live";
                }
                out.add(new Change(l.name(), type, l.target().name(), Action.SCALE_IN, at, needed, st.from(),
                        st.to(), unit, ids, reason));
            }
        }
        if (out.isEmpty()) {
            out.add(new Change(l.name(), type, l.target().name(), Action.NO_OP, f.at(), f.at(), sched.observed(),
                    sched.observed(), unit, List.of(), "observed " + sched.observed() + " " + unit
                            + " covers every event in the horizon"));
        }
        return out;
    }

    /** A checked target is not scaled: each live cluster gets one check of its peak need against the layer's max. */
    private static List<Change> checks(ZoneId zone, Forecast f, LayerSchedule sched, String pq) {
        Layer l = sched.forecast().layer();
        List<Change> out = new ArrayList<>();
        int lead = (int) ((l.totalLead().toSeconds() + 59) / 60);
        for (LiveCluster c : sched.clusters()) {
            int peak = c.start();
            for (int i = c.start(); i < c.end(); i++) {
                if (sched.forecast().load()[i] > sched.forecast().load()[peak]) {
                    peak = i;
                }
            }
            int needed = sched.unbounded()[peak];
            int at = Math.max(f.indexOf(f.at()), c.start() - lead);
            if (c.end() <= f.indexOf(f.at())) {
                continue;
            }
            List<String> ids = c.events().stream().map(i -> f.events().get(i).event().id()).toList();
            String verdict = needed > l.max() ? "EXCEEDS" : "within";
            out.add(new Change(l.name(), l.target().type(), l.target().name(), Action.CHECK, f.minute(at),
                    f.minute(peak), l.max(), needed, l.unit().id(), ids, "peak " + load(l, sched.forecast().load()[peak])
                    + " at " + Times.format(f.minute(peak), zone) + " (" + pq + ") needs " + needed + " "
                    + l.unit().id() + " with " + Math.round(l.headroom() * 100) + "% headroom: " + verdict
                    + " the " + l.max() + " " + l.unit().id() + " available"));
        }
        if (out.isEmpty()) {
            out.add(new Change(l.name(), l.target().type(), l.target().name(), Action.NO_OP, f.at(), f.at(),
                    l.max(), l.max(), l.unit().id(), List.of(), "no event in the horizon"));
        }
        return out;
    }

    static String leadText(Layer l) {
        String s = "requested " + Quantities.format(l.totalLead()) + " ahead (warm-up " + Quantities.format(l.warmup());
        if (!l.leadTime().isZero()) {
            s += " + lead " + Quantities.format(l.leadTime());
        }
        return s + ")";
    }

    /**
     * The load of minute {@code i} as the plan explains it: the layer's own, or for a layer sized on several
     * dimensions the one that needs the most units then, named.
     */
    static String load(LayerForecast lf, int i) {
        if (!lf.dimensioned()) {
            return load(lf.layer(), lf.load()[i]);
        }
        int d = lf.drivingDimension(i);
        return lf.layer().dimensions().get(d).describe(lf.dimensionLoads()[d][i]) + " (its largest dimension: "
                + (int) Math.ceil(lf.demand(i) - 1e-9) + " " + lf.layer().unit().id() + " before headroom)";
    }

    static String load(Layer l, double v) {
        return switch (l.metric()) {
            case RPS -> Quantities.human(v) + " rps";
            case GBPS -> Quantities.human(v) + " Gbps";
            case PODS -> Quantities.human(v) + " pods";
        };
    }

    private static LayerSummary summary(Forecast f, LayerSchedule sched) {
        LayerForecast lf = sched.forecast();
        Layer l = lf.layer();
        int p = lf.peakIndex();
        double peak = lf.length() == 0 ? 0 : lf.load()[p];
        int ev = lf.length() == 0 ? -1 : lf.topEvent()[p];
        int needed = 0;
        for (int u : sched.unbounded()) {
            needed = Math.max(needed, u);
        }
        int peakUnits = l.target().kind() == CapacityKind.CHECK ? Math.min(needed, l.max()) : sched.peakPlanned();
        Map<String, Long> derived = new TreeMap<>();
        for (DerivedUnit d : l.derived()) {
            derived.put(d.name(), (long) Math.ceil(peakUnits * d.perUnit()));
        }
        String dimension = "";
        Map<String, Integer> dimensionUnits = new LinkedHashMap<>();
        if (lf.dimensioned() && lf.length() > 0) {
            int peakNeed = 0;
            double peakDemand = lf.demand(0);
            for (int i = 1; i < lf.length(); i++) {
                double d = lf.demand(i);
                if (d > peakDemand) {
                    peakNeed = i;
                    peakDemand = d;
                }
            }
            dimension = l.dimensions().get(lf.drivingDimension(peakNeed)).name();
            for (int d = 0; d < l.dimensions().size(); d++) {
                double most = 0;
                for (double v : lf.dimensionLoads()[d]) {
                    most = Math.max(most, v);
                }
                dimensionUnits.put(l.dimensions().get(d).name(),
                        io.prescale.planner.sizing.CapacitySizer.unboundedUnits(l, l.dimensions().get(d).units(most)));
            }
        }
        return new LayerSummary(l.name(), l.unit().id(), l.target().type(), l.target().name(),
                l.target().settings(), l.metric() == Metric.RPS ? Math.round(peak) : 0, l.metric() == Metric.GBPS ? round2(peak) : 0,
                peakUnits, needed, l.min(), l.max(), f.minute(p), ev >= 0 ? f.events().get(ev).event().id() : "background",
                derived, l.carries().map(c -> new CarrierSummary(c.layer(), c.perUnit(), c.requests(), c.free(),
                        Math.round(peak))).orElse(null), dimension, dimensionUnits);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String digest(List<InputFile> inputs, Instant at, double quantile, ObservedState observed) {
        Sha256 md = new Sha256();
        for (InputFile i : inputs.stream().sorted(Comparator.comparing(InputFile::path)).toList()) {
            md.update((i.path() + "=" + i.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        md.update(("at=" + at + "\nquantile=" + quantile + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(new TreeMap<>(observed.units()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "observed=", "\n")).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
