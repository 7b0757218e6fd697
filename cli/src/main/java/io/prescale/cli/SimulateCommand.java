package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.WhatIf;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.plan.Times;
import io.prescale.planner.simulate.Simulation;
import io.prescale.planner.simulate.SimulationResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code prescale simulate}: Monte Carlo over the scenario's uncertainty against the plan made from it. Prints per
 * layer the P50/P90/P99 of peak load and units, the plan's peak, the probability that the plan's capacity is
 * exceeded, and the cost of the plan against the cost of what the runs needed.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate the scenario many times over: audiences drawn from their distributions, knockouts "
                + "going to extra time and penalties, goals and ad-break timing drawn per run, and what-ifs applied "
                + "to the simulated world. Compares every run with the plan made from the unmodified scenario: "
                + "per layer the P50/P90/P99 of peak load and units, the probability that the planned capacity is "
                + "exceeded, and the cost of the plan against the cost of what was needed.",
                "",
                "What-ifs (--set, repeatable): " + "%n  " + "audience=x1.2, audience.EVENT=x3, audience.team.NAME=x2,"
                        + "%n  final.teams=England,France, surge.EVENT=+10%%@60m/5m, capacity.LAYER=-33%%,"
                        + "%n  heartbeat.LAYER.every=5m, knockout.extraTime=30%%, knockout.penalties=50%%,"
                        + "%n  goals.mean=2.7, adBreaks.jitter=2m"},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:simulated", "1:invalid scenario or what-if, or a --chart that cannot be written", Main.EXIT_USAGE, Main.EXIT_BUG})
final class SimulateCommand implements Callable<Integer> {
    /** The most runs one simulation keeps in memory. */
    static final int MAX_RUNS = 1_000_000;
    /** The most worker threads: past a machine's cores they only cost memory. */
    static final int MAX_THREADS = 256;

    /** A progress bar is drawn on a terminal from this many runs on. */
    static final int PROGRESS_MIN_RUNS = 20_000;

    @ParentCommand
    Main main;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScenarioInput input;

    @Option(names = "--runs", paramLabel = "<n>", defaultValue = "10000",
            description = "Simulated runs (at most 1000000); each draws every event of the horizon. "
                    + "Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1",
            description = "Seed: the same seed and runs give the same figures, whatever the threads. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--set", paramLabel = "<key=value>",
            description = "A what-if override of the simulated world (repeatable), e.g. audience.FINAL=x3 or "
                    + "capacity.cdn=-33%%. Applied after --what-if. Default: none.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--what-if", paramLabel = "<name>",
            description = "A named what-if from the scenario's whatIf: section (repeatable). Default: none.")
    List<String> named = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "<n>",
            description = "Worker threads (at most 256); the figures do not depend on it. Default: all cores.",
            defaultValue = "0", showDefaultValue = CommandLine.Help.Visibility.NEVER)
    int threads;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar. Default: a progress bar on a terminal for "
            + PROGRESS_MIN_RUNS + " runs or more.")
    boolean quiet;

    @Option(names = "--chart", paramLabel = "<file>",
            description = "Also draw each layer's simulated P50-P90 band per minute (over the first "
                    + SimulationCharts.BAND_RUNS + " runs), the plan's forecast and planned capacity, kickoffs and "
                    + "whistles, to a .png, .svg or .html file.")
    java.nio.file.Path chart;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    enum Format { table, json }

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        }
        if (runs > MAX_RUNS) {
            // every run keeps its peaks per layer: 2000000000 runs ended in OutOfMemoryError
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs is at most " + MAX_RUNS
                    + " (each run's peaks are kept in memory; the figures settle long before), got " + runs);
        }
        if (threads < 0 || threads > MAX_THREADS) {
            // 100000 threads hung starting them
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be from 1 to " + MAX_THREADS
                    + ", got " + threads);
        }
        int nThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        io.prescale.cli.chart.ChartWriter charts = chart == null ? null : ForecastCommand.chartWriter(chart);
        ScenarioInput.Loaded in = input.load(main.clock);
        ScenarioInput.warn(in.scenario(), main.spec.commandLine().getErr());
        Scenario s = in.scenario();
        List<WhatIf> whatIfs = whatIfs(s);
        Planner.Result plan = Planner.plan(s, in.at(), main.clock.instant(), ScenarioInput.observed(s, null, in.at()));
        Simulation sim;
        try {
            sim = Simulation.prepare(s, plan, whatIfs);
        } catch (IllegalArgumentException e) {
            throw new UserException("what-if " + e.getMessage());
        }
        SimulationResult r;
        try (Progress progress = Progress.start(!quiet && runs >= PROGRESS_MIN_RUNS && main.terminal.interactive(),
                main.terminal.colour(), runs, main.spec.commandLine().getErr())) {
            r = sim.run(runs, seed, nThreads, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            json(r, out);
        } else {
            table(s, r, out);
        }
        if (charts != null) {
            try {
                charts.write(SimulationCharts.document(s, plan, r));
            } catch (io.prescale.cli.chart.ChartException e) {
                throw new UserException(e.getMessage());
            }
        }
        out.flush();
        return 0;
    }

    private List<WhatIf> whatIfs(Scenario s) {
        List<WhatIf> out = new ArrayList<>();
        for (String n : named) {
            List<WhatIf> w = s.simulation().whatIfs().get(n);
            if (w == null) {
                throw new UserException("no what-if '" + n + "' in scenario " + s.name() + (s.simulation().whatIfs()
                        .isEmpty() ? " (it has no whatIf: section)" : " (what-ifs: "
                        + String.join(", ", s.simulation().whatIfs().keySet()) + ")"));
            }
            out.addAll(w);
        }
        for (String kv : sets) {
            try {
                out.add(WhatIf.parse(kv));
            } catch (IllegalArgumentException e) {
                throw new UserException("--set " + kv + ": " + e.getMessage());
            }
        }
        return out;
    }

    // ---- rendering

    private static void table(Scenario s, SimulationResult r, PrintWriter out) {
        out.printf("Simulated %s runs of %s (seed %d) against the plan for %s audiences made as of %s.%n",
                count(r.runs()), r.scenario(), r.seed(), "P" + Quantities.human(r.quantile() * 100),
                Times.format(r.planAt(), s.zone()));
        if (!r.whatIfs().isEmpty()) {
            out.printf("What-ifs: %s%n  (they change the simulated world only; the plan compared against is the one "
                    + "made from the unmodified scenario)%n", String.join(", ", r.whatIfs()));
        }
        SimulationResult.Odds o = r.odds();
        SimulationResult.Observed d = r.observed();
        out.printf("Drawn: %s goals per event (%s per 90 minutes of play); ad breaks moved up to %s either way",
                fmt(d.goalsPerEvent()), fmt(o.goalsPer90()), Quantities.format(o.adBreakJitter()));
        if (d.knockouts() > 0) {
            out.printf("; %d knockout(s) per run: extra time %s (set %s), then penalties %s (set %s)",
                    d.knockouts(), pct(d.extraTimeShare()), pct(o.extraTime()), pct(d.penaltiesShare()),
                    pct(o.penalties()));
        }
        out.println(".");
        out.println();
        Table t = new Table("LAYER", "PEAK P50", "P90", "P99", "PLAN", "UNITS P50", "P90", "P99", "PLANNED",
                "P(EXCEEDED)", "95% CI");
        for (SimulationResult.LayerResult l : r.layers()) {
            t.row(l.name() + (l.capacityFactor() != 1 ? " *" : ""), load(l, l.peakLoad().p50()),
                    load(l, l.peakLoad().p90()), load(l, l.peakLoad().p99()), load(l, l.plannedPeakLoad()),
                    units(l.units().p50()), units(l.units().p90()), units(l.units().p99()),
                    units(l.plannedPeakUnits()) + " " + l.unit(), pct(l.exceeded().probability()),
                    pct(l.exceeded().low()) + "-" + pct(l.exceeded().high()));
        }
        t.print(out, "  ");
        out.println();
        out.println("  PEAK: the run's highest load in any minute; UNITS: what that peak needs (usable load per unit,");
        out.println("  step; before min and max); PLAN/PLANNED: the plan's forecast peak and most units; P(EXCEEDED):");
        out.println("  share of runs whose load was above the planned capacity (units x usable load per unit, headroom");
        out.println("  kept) in some minute, with its Wilson 95% interval.");
        if (r.layers().stream().anyMatch(l -> l.capacityFactor() != 1)) {
            out.println("  * capacity per unit changed by a what-if: the planned units carry less.");
        }
        SimulationResult.Cost c = r.cost();
        if (c.pricedLayers().isEmpty()) {
            out.println();
            out.println("Cost: no prices in the scenario (prices: {instances: 0.17/h, lcu: 0.008/h, ...}).");
            return;
        }
        out.println();
        out.println("Cost (prices per unit-hour from the scenario):");
        Table ct = new Table("LAYER", "PRICE", "PLAN UNIT-H", "PLAN", "NEED MEAN", "+/- SE", "NEED P90",
                "OVER-PROVISIONED");
        for (SimulationResult.LayerResult l : r.layers()) {
            if (l.priced()) {
                ct.row(l.name(), price(l.pricePerUnitHour()) + "/h", count(l.planUnitHours()), money(l.planCost()),
                        money(l.needCost().mean()), money(l.needCostError()), money(l.needCost().p90()),
                        over(l.planCost(), l.needCost().mean()));
            }
        }
        ct.row("total", "", "", money(c.plan()), money(c.need().mean()), money(c.needError()), money(c.need().p90()),
                over(c.plan(), c.need().mean()));
        ct.print(out, "  ");
        out.println();
        out.println("  PLAN: the planned capacity's unit-hours over the plan's horizon x price (the same in every run);");
        out.println("  NEED: per minute the larger of the layer's min units (the plan keeps them too) and the run's load at");
        out.println("  the usable rate per unit, as unit-hours (no step or lead time): the least a schedule with that min");
        out.println("  pays; mean and P90 of " + (r.needRuns() == r.runs() ? "the " + count(r.runs()) + " runs"
                : "the first " + count(r.needRuns()) + " of the " + count(r.runs()) + " runs")
                + ", +/- SE the mean's standard error.");
        out.println("  OVER-PROVISIONED: the plan's cost above the mean need.");
        if (!c.unpricedLayers().isEmpty()) {
            out.println("  Not priced: " + String.join(", ", c.unpricedLayers()) + ".");
        }
    }

    private static void json(SimulationResult r, PrintWriter out) {
        var mapper = PlanJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("runs", r.runs());
        root.put("seed", r.seed());
        root.put("planAt", r.planAt().toString());
        root.put("quantile", r.quantile());
        root.put("plan", "made from the unmodified scenario");
        ArrayNode w = root.putArray("whatIfs");
        r.whatIfs().forEach(w::add);
        ObjectNode odds = root.putObject("odds");
        odds.put("goalsPer90", r.odds().goalsPer90());
        odds.put("extraTime", r.odds().extraTime());
        odds.put("penalties", r.odds().penalties());
        odds.put("adBreakJitter", Quantities.format(r.odds().adBreakJitter()));
        ObjectNode obs = root.putObject("observed");
        obs.put("knockouts", r.observed().knockouts());
        obs.put("extraTimeShare", r.observed().extraTimeShare());
        obs.put("penaltiesShare", r.observed().penaltiesShare());
        obs.put("goalsPerEvent", r.observed().goalsPerEvent());
        ArrayNode layers = root.putArray("layers");
        for (SimulationResult.LayerResult l : r.layers()) {
            ObjectNode n = layers.addObject();
            n.put("name", l.name());
            n.put("unit", l.unit());
            n.put("metric", l.metric());
            quantiles(n.putObject("peakLoad"), l.peakLoad());
            quantiles(n.putObject("units"), l.units());
            n.put("plannedPeakLoad", l.plannedPeakLoad());
            n.put("plannedPeakUnits", l.plannedPeakUnits());
            n.put("capacityFactor", l.capacityFactor());
            ObjectNode e = n.putObject("exceeded");
            e.put("runs", l.exceeded().runs());
            e.put("probability", l.exceeded().probability());
            e.putArray("ci95").add(l.exceeded().low()).add(l.exceeded().high());
            ObjectNode c = n.putObject("cost");
            c.put("planUnitHours", l.planUnitHours());
            quantiles(c.putObject("needUnitHours"), l.needUnitHours()).put("standardError", l.needUnitHoursError());
            if (l.priced()) {
                c.put("pricePerUnitHour", l.pricePerUnitHour());
                c.put("plan", l.planCost());
                quantiles(c.putObject("need"), l.needCost()).put("standardError", l.needCostError());
            }
        }
        ObjectNode cost = root.putObject("cost");
        cost.put("needRuns", r.needRuns());
        ArrayNode priced = cost.putArray("pricedLayers");
        r.cost().pricedLayers().forEach(priced::add);
        ArrayNode unpriced = cost.putArray("unpricedLayers");
        r.cost().unpricedLayers().forEach(unpriced::add);
        if (!r.cost().pricedLayers().isEmpty()) {
            cost.put("plan", r.cost().plan());
            quantiles(cost.putObject("need"), r.cost().need()).put("standardError", r.cost().needError());
        }
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode quantiles(ObjectNode n, SimulationResult.Quantiles q) {
        n.put("p50", q.p50());
        n.put("p90", q.p90());
        n.put("p99", q.p99());
        n.put("mean", q.mean());
        return n;
    }

    /** Loads in whole rps or Gbps, thousands separated in every row (not 9999 beside 12.35k). */
    private static String load(SimulationResult.LayerResult l, double v) {
        return String.format(Locale.ROOT, "%,.0f", v) + " " + l.metric();
    }

    private static String units(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /**
     * A share to a tenth of a percent in every row (not 0.5% beside 12%); one that would show as 0.0% but is not
     * zero shows as {@code <0.1%}.
     */
    private static String pct(double p) {
        if (p > 0 && p < 0.0005) {
            return "<0.1%";
        }
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Money, one style in every row: cents, thousands separated. */
    private static String money(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /** A price as the scenario gives it (0.008 stays 0.008, not 0.01). */
    private static String price(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String over(double plan, double need) {
        return plan > 0 ? pct(Math.max(0, 1 - need / plan)) : "";
    }

    /** A progress bar on the terminal (stderr), or nothing. */
    private static final class Progress implements IntConsumer, AutoCloseable {
        private final ProgressBar bar;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        /** On the command's stderr; in colour only where colour is allowed (the library's default is colourful). */
        static Progress start(boolean show, boolean colour, int runs, PrintWriter err) {
            if (!show) {
                return new Progress(null);
            }
            return new Progress(new ProgressBarBuilder().setTaskName("simulate").setInitialMax(runs).setUpdateIntervalMillis(250)
                    .setStyle(colour ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(new java.io.PrintStream(new WriterStream(err), true,
                            java.nio.charset.StandardCharsets.UTF_8))).clearDisplayOnFinish().build());
        }

        @Override
        public synchronized void accept(int done) {
            if (bar != null && done > bar.getCurrent()) {
                bar.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Bytes to a writer (the bar wants a stream; the command's stderr is a writer), decoded as UTF-8 on flush. */
    private static final class WriterStream extends java.io.OutputStream {
        private final PrintWriter to;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter to) {
            this.to = to;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            to.write(pending.toString(java.nio.charset.StandardCharsets.UTF_8));
            to.flush();
            pending.reset();
        }
    }
}
