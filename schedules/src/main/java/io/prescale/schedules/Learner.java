package io.prescale.schedules;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.calibrate.Calibrator;
import io.prescale.planner.calibrate.FragmentDiff;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.LearnSettings;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.metrics.MetricRead;
import io.prescale.providers.metrics.MetricSource;
import io.prescale.providers.metrics.MetricSources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's re-calibration after an event ({@code live: learn:}). It reads the layer's metric source back over
 * the history, calibrates the structure scenario on it (the structure's priors stay the priors: a re-fit never
 * starts from its own output), scores the new fit and the fragments in force on the same minutes (the structure's
 * event windows), writes the result as a new version with a readable diff, and makes it the active fragments only
 * when its fit is no worse, or when {@code acceptWorse} says so (and then says it did). The scenario re-read on the
 * next reconcile plans the coming events with what is active.
 */
final class Learner {
    private Learner() {
    }

    /** What came of one re-fit, for the daemon's log and the job's record. */
    record Result(ActionOutcome outcome, Optional<LearnedVersions.Version> version, boolean rejected) {
    }

    static Result learn(Scenario s, Path scenarioDir, ProviderConfig config, Instant now, Duration timeout) {
        Optional<LearnSettings> ls = s.live().learn();
        if (ls.isEmpty()) {
            return new Result(ActionOutcome.skipped("the scenario no longer learns (live: learn:)"), Optional.empty(),
                    false);
        }
        LearnSettings learn = ls.get();
        LiveConfig.Observe observe = s.live().observe().get(learn.layer());
        Optional<Layer> layer = s.layer(learn.layer());
        if (observe == null || layer.isEmpty()) {
            return new Result(ActionOutcome.skipped("layer " + learn.layer() + " is no longer observed"),
                    Optional.empty(), false);
        }
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        long to = nowMinute - Math.max(0, s.live().delay().toMinutes());
        long from = to - learn.history().toMinutes();
        double ceiling = Math.max(1, layer.get().max()) * layer.get().perUnit() * 1000;
        double[] values;
        try (MetricSource src = MetricSources.of(observe, scenarioDir, config)) {
            MetricRead r = MetricSources.readRange(src, learn.layer(), from, to, ceiling, timeout);
            if (r.failed()) {
                return new Result(ActionOutcome.failed("re-fit of " + learn.layer() + ": its source could not be "
                        + "read back (" + String.join("; ", r.diagnostics().stream().map(d -> d.format()).limit(2)
                        .toList()) + "); the fragments in force stay"), Optional.empty(), false);
            }
            values = r.values();
        } catch (RuntimeException e) {
            return new Result(ActionOutcome.failed("re-fit of " + learn.layer() + ": " + e.getMessage()
                    + "; the fragments in force stay"), Optional.empty(), false);
        }
        Trace trace = new Trace(observe.type() + " " + learn.layer(), Duration.ofMinutes(1), Trace.ValueKind.RPS, from,
                values.length, List.of(new TraceSeries(learn.layer(), values, values, SourceLocation.of(observe.type()
                + " " + learn.layer()))), List.of());
        CalibrationSettings settings = new CalibrationSettings(Optional.of(learn.layer()), List.of(), Optional.empty(),
                Optional.of(Instant.ofEpochSecond(to * 60)), CalibrationSettings.Weighting.ABSOLUTE, learn.halfLife());
        Scenario structure;
        Calibration c;
        double rms;
        double previous = Double.NaN;
        try {
            structure = ScenarioLoader.load(scenarioDir.resolve(learn.structure()), Optional.empty(), now);
            c = Calibrator.calibrate(structure, trace, settings);
            rms = Calibrator.score(structure, c.calibrated(), trace, settings);
        } catch (InvalidInputException e) {
            return new Result(ActionOutcome.failed("re-fit of " + learn.layer() + " not made: " + e.diagnostics().stream()
                    .filter(d -> d.isError()).map(d -> d.summary()).limit(2).reduce((x, y) -> x + "; " + y).orElse(
                            e.getMessage()) + "; the fragments in force stay"), Optional.empty(), false);
        }
        try {
            previous = Calibrator.score(structure, s, trace, settings);
        } catch (InvalidInputException e) {
            // nothing in force to compare with (the scenario cannot be scored on the structure's windows)
        }
        LearnedVersions store = new LearnedVersions(scenarioDir.resolve(learn.into()));
        Map<String, String> active = store.activeFragments();
        List<String> diff = new ArrayList<>();
        for (var f : c.fragments().entrySet()) {
            List<String> d = FragmentDiff.diff(active.get(f.getKey()), f.getValue());
            if (!d.isEmpty()) {
                diff.add("--- " + f.getKey());
                diff.addAll(d);
            }
        }
        boolean worse = !Double.isNaN(previous) && rms > previous * (1 + 1e-9);
        boolean activate = !worse || learn.acceptWorse();
        String fit = String.format(Locale.ROOT, "fit RMS %.0f rps%s on %d events up to %s", rms,
                Double.isNaN(previous) ? "" : String.format(Locale.ROOT, " (in force: %.0f rps on the same minutes)",
                        previous), c.events().size(), Instant.ofEpochSecond(to * 60));
        String status = !activate ? "rejected" : worse ? "accepted-worse" : "active";
        String reason = !activate ? "fit worse than the fragments in force: not applied (acceptWorse: false)"
                : worse ? "fit worse than the fragments in force, applied because acceptWorse: true" : "";
        int changed = (int) diff.stream().filter(x -> x.startsWith("+ ") || x.startsWith("- ")).count();
        LearnedVersions.Version v;
        try {
            v = store.write(c.fragments(), new LearnedVersions.Version(0, now, learn.layer(), c.events().size(),
                    Instant.ofEpochSecond(to * 60), rms, previous, status, reason, changed),
                    String.join("\n", diff) + (diff.isEmpty() ? "" : "\n"), activate);
        } catch (IOException e) {
            return new Result(ActionOutcome.failed("re-fit of " + learn.layer() + " could not be written to "
                    + store.dir() + ": " + e.getMessage() + "; the fragments in force stay"), Optional.empty(), false);
        }
        String what = "re-fit of " + learn.layer() + " as version " + v.number() + ": " + fit + "; " + changed
                + " line(s) changed" + (activate ? (worse ? "; APPLIED although worse (acceptWorse: true)" : "; applied")
                : "; NOT applied: its fit is worse than the fragments in force");
        return new Result(ActionOutcome.done(what), Optional.of(v), !activate);
    }
}
