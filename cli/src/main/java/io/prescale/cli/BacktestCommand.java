package io.prescale.cli;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale backtest}: plans the scenario, replays a recorded trace against the plan's capacity and three
 * baselines from the same trace, and reports per layer and per event.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a recorded traffic trace against the plan's capacity schedule and report, per layer and "
                + "per event: minutes under-provisioned, requests above capacity, over-provisioned unit-minutes and "
                + "cost; and the same figures, from the same trace, for a reactive autoscaler (target tracking), "
                + "static provisioning at the trace's peak and the oracle (exactly the units needed each minute).",
                "Capacity serves units x rpsPerUnit x (1 - headroom). The trace format is in docs/trace-format.md."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:backtest made", "1:invalid scenario or trace, a --chart that cannot be written, or (--walk-forward) a step that could not be replayed", Main.EXIT_USAGE, Main.EXIT_BUG})
final class BacktestCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ScenarioInput input;

    @Option(names = "--trace", paramLabel = "<file>", required = true,
            description = "The recorded trace (CSV: timestamp,requests[,layer] or timestamp,<layer>,...; "
                    + "see docs/trace-format.md).")
    Path trace;

    @Option(names = "--layer", paramLabel = "<name>",
            description = "Only these layers (repeatable). With one --layer, a trace column that names no layer "
                    + "(requests) is that layer's. Default: every layer the trace has; an unnamed column is the "
                    + "scenario's only layer.")
    List<String> layers = new ArrayList<>();

    @Option(names = "--reaction-delay", paramLabel = "<duration>", defaultValue = "3m",
            converter = TraceOptions.DurationConverter.class,
            description = "Reactive baseline: how late it sees the load (metric period and alarm evaluation). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration reactionDelay;

    @Option(names = "--target-utilisation", paramLabel = "<fraction>", defaultValue = "70%",
            converter = TraceOptions.FractionConverter.class,
            description = "Reactive baseline: the load per unit it aims at, as a share of rpsPerUnit. "
                    + "Default: ${DEFAULT-VALUE}.")
    double targetUtilisation;

    @Option(names = "--scale-in-cooldown", paramLabel = "<duration>", defaultValue = "5m",
            converter = TraceOptions.DurationConverter.class,
            description = "Reactive baseline: no scale-in within this long of its last scaling. New units serve "
                    + "after the layer's warmup. Default: ${DEFAULT-VALUE}.")
    Duration scaleInCooldown;

    @Option(names = "--price", paramLabel = "<layer=price>",
            description = "Price of one unit of a layer for one hour, e.g. web=0.17 (repeatable). A layer without a "
                    + "price reports unit-hours and no cost.")
    Map<String, Double> prices = new LinkedHashMap<>();

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(names = "--chart", paramLabel = "<file>",
            description = "Also draw each layer (trace, forecast, planned capacity, reactive and static baselines) to "
                    + "a .png, .svg or .html file.")
    Path chart;

    @Option(names = "--chart-from", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Draw the chart from this instant (e.g. one match). Default: the replay's start.")
    Instant chartFrom;

    @Option(names = "--chart-until", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Draw the chart up to this instant. Default: the replay's end.")
    Instant chartUntil;

    @Option(names = "--series", description = "JSON output: add the per-minute series (trace, forecast, units needed, "
            + "each strategy's serving and running units), e.g. to chart them.")
    boolean series;

    @Option(names = "--walk-forward", description = "Replay the trace as the tournament would have been run: before "
            + "each step, calibrate the scenario (its structure: rules, shapes, priors, starting values) on the trace "
            + "recorded before it only, plan the step with that, and replay it against every strategy. Reports per "
            + "step and overall, with the fitted parameters per step in the JSON output.")
    boolean walkForward;

    @Option(names = "--every", paramLabel = "<duration>", defaultValue = "1d",
            converter = TraceOptions.DurationConverter.class,
            description = "Walk-forward: how often to re-calibrate and plan. Default: ${DEFAULT-VALUE}.")
    Duration every;

    @Option(names = "--walk-from", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Walk-forward: the first step's start. Default: the local midnight after the first three "
                    + "days with events.")
    Instant walkFrom;

    @Option(names = "--half-life", paramLabel = "<duration>", converter = TraceOptions.LongerThanZeroConverter.class,
            description = "Walk-forward: each calibration weighs evidence by its age, the weight halving every "
                    + "<duration> (e.g. 7d), so it follows an audience that grows through a tournament. Default: "
                    + "every match weighs the same.")
    Duration halfLife;

    enum Format { table, json }

    @Override
    public Integer call() {
        ScenarioInput.Loaded in = input.load(main.clock);
        ScenarioInput.warn(in.scenario(), main.spec.commandLine().getErr());
        Scenario s = in.scenario();
        // refused first: a link that leads nowhere does not "exist" either, but is not what "not found" says
        io.prescale.planner.config.InputFiles.refusal(trace).ifPresent(why -> {
            throw new UserException("cannot read trace " + trace + ": " + why);
        });
        if (!Files.exists(trace)) {
            throw new UserException("trace not found: " + trace);
        }
        for (var p : prices.entrySet()) {
            if (s.layer(p.getKey()).isEmpty()) {
                throw new UserException("--price names no layer of scenario " + s.name() + ": " + p.getKey());
            }
            if (!(p.getValue() >= 0)) {
                throw new UserException("--price " + p.getKey() + " must not be negative, got " + p.getValue());
            }
        }
        if (chartFrom != null && chartUntil != null && !chartUntil.isAfter(chartFrom)) {
            throw new UserException("--chart-until must be after --chart-from");
        }
        io.prescale.cli.chart.ChartWriter charts = chart == null ? null : ForecastCommand.chartWriter(chart);
        Trace t = TraceReader.load(trace);
        if (walkForward) {
            return walkForward(s, t, charts);
        }
        Planner.Result plan = Planner.plan(s, in.at(), main.clock.instant(), ScenarioInput.observed(s, null, in.at()));
        BacktestSettings settings = settings();
        BacktestResult r = Backtester.run(s, plan, t, settings);
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        for (Diagnostic d : r.diagnostics()) {
            err.println("prescale: " + d.format());
        }
        if (output == Format.json) {
            out.println(BacktestRenderer.json(r, series));
        } else {
            new BacktestRenderer(s.zone()).table(r, s, out);
        }
        if (charts != null) {
            try {
                charts.write(BacktestCharts.document(s, plan, r, chartFrom, chartUntil));
            } catch (io.prescale.cli.chart.ChartException e) {
                throw new UserException(e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** The replay's layers (one --layer also names the trace's unnamed column), reactive baseline and prices. */
    private BacktestSettings settings() {
        return new BacktestSettings(layers, layers.size() == 1 ? Optional.of(layers.get(0)) : Optional.empty(),
                new ReactiveSettings(targetUtilisation, reactionDelay, scaleInCooldown), prices);
    }

    private int walkForward(Scenario s, Trace t, io.prescale.cli.chart.ChartWriter charts) {
        if (series || chartFrom != null || chartUntil != null) {
            throw new UserException("--series, --chart-from and --chart-until are for one replay, not --walk-forward: "
                    + "its JSON output carries every step's figures, and --chart draws its fitted parameters");
        }
        if (every.toMinutes() < 60) {
            throw new UserException("--every must be an hour or longer, got " + Quantities.format(every));
        }
        BacktestSettings settings = settings();
        io.prescale.planner.calibrate.CalibrationSettings cal = new io.prescale.planner.calibrate.CalibrationSettings(
                layers.size() == 1 ? Optional.of(layers.get(0)) : Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), io.prescale.planner.calibrate.CalibrationSettings.Weighting.ABSOLUTE,
                Optional.ofNullable(halfLife));
        io.prescale.planner.walkforward.WalkForwardResult r = io.prescale.planner.walkforward.WalkForward.run(s, t,
                new io.prescale.planner.walkforward.WalkForwardSettings(every, Optional.ofNullable(walkFrom), cal,
                        settings));
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        for (Diagnostic d : t.warnings()) {
            err.println("prescale: " + d.format());
        }
        if (output == Format.json) {
            out.println(WalkForwardRenderer.json(r));
        } else {
            new WalkForwardRenderer(s.zone()).table(r, out);
        }
        if (charts != null) {
            try {
                charts.write(WalkForwardCharts.document(r, s.zone()));
            } catch (io.prescale.cli.chart.ChartException e) {
                throw new UserException(e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return r.days().stream().anyMatch(d -> !d.replayed()) ? 1 : 0;
    }
}
