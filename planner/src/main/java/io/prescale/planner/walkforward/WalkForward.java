package io.prescale.planner.walkforward;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.EventBacktest;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.calibrate.Calibrator;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays a tournament as it would have been run. Before each step (a day by default) the scenario is calibrated
 * on the trace recorded before the step's start only (the trace is cut there, so nothing of the step can leak
 * in), the step is planned with the calibration as of its start, and the trace up to the step's end is replayed
 * against the plan and every other strategy. The scenario is the calibration's structure: which rules, shapes and
 * priors exist, with starting values.
 */
public final class WalkForward {
    private WalkForward() {
    }

    /**
     * @throws InvalidInputException when no step can be made (the trace is too short for the first one, no event
     *         lies within the trace after it), with every problem found
     */
    public static WalkForwardResult run(Scenario structure, Trace trace, WalkForwardSettings settings) {
        Diagnostics diags = new Diagnostics();
        SourceLocation traceFile = SourceLocation.of(trace.file());
        CalibrationSettings base = settings.calibration();
        if (base.from().isPresent() || !base.events().isEmpty() || base.until().isPresent()) {
            throw new IllegalArgumentException("a walk-forward calibrates on everything before each step");
        }
        Layer layer = base.layer().flatMap(structure::layer)
                .orElseGet(() -> structure.layers().size() == 1 ? structure.layers().get(0) : null);
        if (layer == null) {
            diags.error(traceFile, "scenario " + structure.name() + " has " + structure.layers().size()
                    + " layers: say which one the trace is fitted on (--layer)");
            diags.throwIfErrors("walk-forward of " + structure.name());
        }
        long traceEnd = trace.startMinute() + trace.length();
        List<Event> onLayer = structure.events().stream().filter(e -> layer.servesRegion(e.region()))
                .filter(e -> trace.covers(Math.floorDiv(e.start().getEpochSecond(), 60)))
                .sorted(java.util.Comparator.comparing(Event::start)).toList();
        if (onLayer.isEmpty()) {
            diags.error(traceFile, "no event of scenario " + structure.name() + " on layer " + layer.name()
                    + " kicks off within the trace (" + trace.start() + " to " + trace.end() + ")");
            diags.throwIfErrors("walk-forward of " + structure.name());
        }
        Instant first = settings.from().orElseGet(() -> defaultStart(structure, onLayer));
        Instant lastKickoff = onLayer.get(onLayer.size() - 1).start();
        if (!first.isAfter(onLayer.get(0).start())) {
            diags.error(traceFile, "the walk-forward starts at " + first + ", before the first event it could "
                    + "calibrate on (" + onLayer.get(0).start() + ")", "start it after a few days of events (--walk-from)");
        }
        if (first.isAfter(lastKickoff)) {
            diags.error(traceFile, "no event within the trace kicks off after the walk-forward's start " + first,
                    "start it earlier (--walk-from), or use a longer trace");
        }
        diags.throwIfErrors("walk-forward of " + structure.name());

        List<WalkForwardDay> days = new ArrayList<>();
        for (Instant start = first; !start.isAfter(lastKickoff); start = start.plus(settings.every())) {
            Instant end = start.plus(settings.every());
            Instant s0 = start;
            if (onLayer.stream().noneMatch(e -> !e.start().isBefore(s0) && e.start().isBefore(end))) {
                continue;
            }
            days.add(step(structure, layer, trace, settings, start, end, traceEnd));
        }
        return new WalkForwardResult(structure.name(), layer.name(), settings.every(), trace.file(), days);
    }

    /** The local midnight after the first {@link WalkForwardSettings#SEEN_DAYS} days with events. */
    static Instant defaultStart(Scenario s, List<Event> events) {
        TreeSet<java.time.LocalDate> dates = new TreeSet<>();
        for (Event e : events) {
            dates.add(e.start().atZone(s.zone()).toLocalDate());
        }
        java.time.LocalDate day = dates.stream().skip(Math.min(dates.size() - 1, WalkForwardSettings.SEEN_DAYS - 1))
                .findFirst().orElseThrow();
        return day.plusDays(1).atStartOfDay(s.zone()).toInstant();
    }

    private static WalkForwardDay step(Scenario structure, Layer layer, Trace trace, WalkForwardSettings settings,
                                       Instant start, Instant end, long traceEnd) {
        long startMinute = Math.floorDiv(start.getEpochSecond(), 60);
        long endMinute = Math.min(traceEnd, Math.floorDiv(end.getEpochSecond(), 60));
        CalibrationSettings c = settings.calibration();
        Calibration cal;
        try {
            cal = Calibrator.calibrate(structure, trace.until(startMinute), new CalibrationSettings(
                    Optional.of(layer.name()), List.of(), Optional.empty(), Optional.of(start), c.weighting(),
                    c.halfLife()));
        } catch (InvalidInputException e) {
            return new WalkForwardDay(start, end, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                    e.diagnostics());
        }
        Scenario planned = cal.calibrated().withPlanSettings(new PlanSettings(Optional.of(start),
                structure.plan().quantile(), structure.plan().maxAge(), java.time.Duration.between(start, end)));
        Planner.Result plan = Planner.plan(planned, start, start, new ObservedState("baseline", start,
                planned.baseline()));
        BacktestResult r;
        try {
            r = Backtester.run(planned, plan, trace.until(endMinute), settings.backtest());
        } catch (InvalidInputException e) {
            return new WalkForwardDay(start, end, Optional.of(cal), Optional.of(plan), Optional.empty(), List.of(),
                    e.diagnostics());
        }
        List<Diagnostic> problems = new ArrayList<>(cal.diagnostics());
        problems.addAll(r.diagnostics());
        return new WalkForwardDay(start, end, Optional.of(cal), Optional.of(plan), Optional.of(r),
                slots(r, start, end), problems);
    }

    /** The step's slots: events kicking off in it, grouped by kickoff (simultaneous matches are one slot). */
    private static List<WalkForwardDay.Slot> slots(BacktestResult r, Instant start, Instant end) {
        if (r.layers().isEmpty()) {
            return List.of();
        }
        LayerBacktest l = r.layers().get(0);
        Map<Instant, List<EventBacktest>> byKickoff = new TreeMap<>();
        for (EventBacktest e : l.events()) {
            if (!e.kickoff().isBefore(start) && e.kickoff().isBefore(end)) {
                byKickoff.computeIfAbsent(e.kickoff(), k -> new ArrayList<>()).add(e);
            }
        }
        List<WalkForwardDay.Slot> out = new ArrayList<>();
        for (var e : byKickoff.entrySet()) {
            List<EventBacktest> evs = e.getValue();
            double real = evs.stream().mapToDouble(EventBacktest::realPeakRps).max().orElse(0);
            if (!(real > 0)) {
                continue;
            }
            out.add(new WalkForwardDay.Slot(e.getKey(), evs.stream().map(EventBacktest::id).toList(), real,
                    evs.stream().mapToDouble(EventBacktest::medianPeakRps).max().orElse(0),
                    evs.stream().mapToDouble(EventBacktest::forecastPeakRps).max().orElse(0)));
        }
        return out;
    }
}
