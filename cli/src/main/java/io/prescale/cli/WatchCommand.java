package io.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.live.Decision;
import io.prescale.planner.live.LiveController;
import io.prescale.planner.live.LiveLayer;
import io.prescale.planner.live.LiveSettings;
import io.prescale.planner.live.Whistles;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.plan.Times;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.apply.LiveApplier;
import io.prescale.providers.apply.ResourceResult;
import io.prescale.providers.metrics.MetricQuery;
import io.prescale.providers.metrics.MetricRead;
import io.prescale.providers.metrics.MetricSource;
import io.prescale.providers.metrics.MetricSources;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prescale watch}: the live controller in the foreground, one decision per layer per tick. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the closed loop in the foreground: every tick, read each observed layer's load from its "
                + "metric source (live.observe in prescale.yaml), re-forecast the events that may be live, and raise "
                + "capacity ahead of the load, never below the plan and never lowering it (the plan's scale-in does "
                + "that after the event). Shows observed against forecast against capacity, and each decision with "
                + "its reason."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every tick read its sources and every raise was applied (or nothing was needed)",
                "1:invalid scenario, a source that could not be read, or a raise that failed", "2:bad usage",
                "3:internal error"})
final class WatchCommand implements Callable<Integer> {
    /** Minutes of load read each tick: the controller's lookback and the whistle surge it may be learning. */
    static final int READ_MINUTES = 180;

    @ParentCommand
    Main main;

    @Mixin
    ScenarioInput input;

    @Option(names = "--state-file", paramLabel = "<file>",
            description = "Observed capacity per layer for the plan under the loop (JSON). Default: the baseline.")
    Path stateFile;

    @Option(names = "--dry-run", description = "Decide and show; change nothing (the providers are still read).")
    boolean dryRun;

    @Option(names = "--once", description = "One tick, then exit.")
    boolean once;

    @Option(names = "--ticks", paramLabel = "<n>", defaultValue = "0",
            description = "Stop after this many ticks. Default: run until the last planned event can no longer be live.")
    int ticks;

    @Option(names = "--history", paramLabel = "<duration>", defaultValue = "7d",
            converter = TraceOptions.DurationConverter.class,
            description = "How far back to read each source at start to learn the final-whistle surges of the events "
                    + "already played. Default: ${DEFAULT-VALUE}.")
    Duration history;

    @Option(names = "--audit-log", paramLabel = "<file>", defaultValue = ".prescale/audit.jsonl",
            description = "Every decision and raise, as JSON lines. Default: ${DEFAULT-VALUE}.")
    Path auditLog;

    @Mixin
    ProviderOptions provider;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table, or json: one JSON object per tick. Default: ${DEFAULT-VALUE}.")
    PlanCommand.Format output;

    /** One observed layer's loop. */
    private record Loop(Layer layer, LiveController controller, MetricSource source, double[] observed, double ceiling) {
    }

    @Override
    public Integer call() throws Exception {
        ScenarioInput.Loaded in = input.load(main.clock);
        Scenario s = in.scenario();
        LiveConfig live = s.live();
        if (live.observe().isEmpty()) {
            throw new UserException(input.scenarioDir + ": no live: observe: section; name a metric source per layer "
                    + "(see docs/live.md)");
        }
        if (history.isNegative() || history.compareTo(Duration.ofDays(30)) > 0) {
            throw new UserException("--history must be between 0 and 30d");
        }
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        ObservedState observedState = ScenarioInput.observed(s, stateFile, in.at());
        Planner.Result plan = Planner.plan(s, in.at(), main.clock.instant(), observedState);
        Forecast median = new RpsForecaster().forecast(s, in.at(), 0.5, e -> true);
        Path dir = Files.isDirectory(input.scenarioDir) ? input.scenarioDir : input.scenarioDir.toAbsolutePath().getParent();
        ProviderConfig config = provider.config(main.clock);
        double quantile = live.quantile().orElse(Math.max(0.5, s.plan().quantile()));
        LiveSettings settings = LiveSettings.DEFAULT.withQuantile(quantile).withSourceDelay(live.delay())
                .withStaleAfter(live.staleAfter());
        Forecast f = plan.forecast();
        List<Loop> loops = new ArrayList<>();
        boolean failed = false;
        Set<String> reported = new HashSet<>();
        AuditLog audit = new AuditLog(auditLog);
        try (LiveApplier applier = new LiveApplier(main.providers.get(), config, audit, main.clock, plan.plan(), dryRun,
                provider.timeout())) {
            for (LiveConfig.Observe o : live.observe().values()) {
                Layer l = s.layer(o.layer()).orElseThrow();
                LayerSchedule sched = plan.schedules().stream().filter(x -> x.forecast().layer().name()
                        .equals(l.name())).findFirst().orElseThrow();
                LiveLayer ll = LiveLayer.of(l, median, f, sched.requested());
                LiveController c = new LiveController(ll, settings);
                double[] obs = new double[ll.length()];
                Arrays.fill(obs, Double.NaN);
                // a load beyond a thousand times the layer's max capacity is a unit mistake, not a crowd
                double ceiling = Math.max(1, l.max()) * l.perUnit() * 1000;
                loops.add(new Loop(l, c, MetricSources.of(o, dir, config), obs, ceiling));
            }
            long gridStart = f.gridStart();
            long nowMinute = Math.floorDiv(main.clock.instant().getEpochSecond(), 60);
            for (Loop lp : loops) {
                failed |= learnHistory(s, lp, gridStart, err, reported);
                // catch up: the decisions already due since the loop's lookback, so the ladder starts where it is
                int idx = (int) (nowMinute - gridStart);
                int from = Math.max(0, idx - READ_MINUTES);
                if (idx > 0 && from < lp.observed().length) {
                    failed |= read(lp, gridStart + from, Math.min(nowMinute, gridStart + lp.observed().length), err,
                            reported, null);
                    for (int i = from; i < Math.min(idx, lp.observed().length); i++) {
                        lp.controller().tick(i, lp.observed());
                    }
                }
            }
            long lastLive = f.events().stream().mapToLong(t -> t.windowEnd()).max().orElse(gridStart);
            int limit = once ? 1 : ticks;
            for (int n = 0; limit == 0 || n < limit; n++) {
                if (n > 0) {
                    sleepUntilNextTick(live.tick());
                }
                nowMinute = Math.floorDiv(main.clock.instant().getEpochSecond(), 60);
                if (limit == 0 && nowMinute >= lastLive) {
                    out.println("watch: no planned event can be live any more (the last window ended "
                            + Times.format(Instant.ofEpochSecond(lastLive * 60), s.zone()) + ")");
                    break;
                }
                ObjectNode tick = new ObjectMapper().createObjectNode();
                tick.put("at", main.clock.instant().toString());
                ArrayNode layers = tick.putArray("layers");
                for (Loop lp : loops) {
                    ObjectNode ln = layers.addObject();
                    failed |= tick(lp, gridStart, nowMinute, applier, ln, s, out, err, reported);
                }
                if (output == PlanCommand.Format.json) {
                    out.println(tick);
                }
                out.flush();
            }
        } finally {
            loops.forEach(lp -> lp.source().close());
        }
        return failed ? Main.EXIT_INVALID : 0;
    }

    private boolean learnHistory(Scenario s, Loop lp, long gridStart, PrintWriter err, Set<String> reported) {
        long minutes = history.toMinutes();
        if (minutes <= 0) {
            return false;
        }
        long from = gridStart - minutes;
        double[] past = new double[(int) minutes];
        Arrays.fill(past, Double.NaN);
        boolean failed = false;
        for (long a = from; a < gridStart; a += 10_000) {
            long b = Math.min(gridStart, a + 10_000);
            MetricRead r = lp.source().read(new MetricQuery(lp.layer().name(), a, b, lp.ceiling(), provider.timeout()));
            System.arraycopy(r.values(), 0, past, (int) (a - from), (int) (b - a));
            failed |= report(r.diagnostics(), err, reported, null);
        }
        lp.controller().learnHistory(past, from, Whistles.past(s, lp.layer(), Instant.ofEpochSecond(from * 60),
                Instant.ofEpochSecond(gridStart * 60)));
        return failed;
    }

    /** Reads [a, b) into the loop's grid; reports new problems once. Returns whether the read failed. */
    private boolean read(Loop lp, long a, long b, PrintWriter err, Set<String> reported, ArrayNode json) {
        if (b <= a) {
            return false;
        }
        MetricRead r = lp.source().read(new MetricQuery(lp.layer().name(), a, b, lp.ceiling(), provider.timeout()));
        long gridStart = lp.controller().layer().gridStart();
        for (int i = 0; i < r.values().length; i++) {
            long g = a + i - gridStart;
            if (g >= 0 && g < lp.observed().length) {
                lp.observed()[(int) g] = r.values()[i];
            }
        }
        return report(r.diagnostics(), err, reported, json);
    }

    private static boolean report(List<ProviderDiagnostic> ds, PrintWriter err, Set<String> reported, ArrayNode json) {
        boolean failed = false;
        for (ProviderDiagnostic d : ds) {
            failed |= d.severity() == io.prescale.planner.diag.Severity.ERROR;
            if (json != null) {
                json.add(d.format());
            }
            if (reported.add(d.resource() + "|" + d.summary())) {
                err.println("prescale: " + d.format());
            }
        }
        err.flush();
        return failed;
    }

    private boolean tick(Loop lp, long gridStart, long nowMinute, LiveApplier applier, ObjectNode ln, Scenario s,
                         PrintWriter out, PrintWriter err, Set<String> reported) {
        Layer l = lp.layer();
        ln.put("layer", l.name());
        int idx = (int) (nowMinute - gridStart);
        if (idx < 0 || idx >= lp.observed().length) {
            ln.put("state", "IDLE");
            ln.put("reason", "outside the plan's horizon");
            if (output == PlanCommand.Format.table) {
                out.printf("%s  %-12s idle: outside the plan's horizon%n", Times.format(Instant.ofEpochSecond(
                        nowMinute * 60), s.zone()), l.name());
            }
            return false;
        }
        ArrayNode diags = ln.putArray("diagnostics");
        boolean failed = read(lp, Math.max(gridStart, nowMinute - READ_MINUTES), nowMinute, err, reported, diags);
        Decision d = lp.controller().tick(idx, lp.observed());
        ln.put("state", d.state().name());
        number(ln, "observed", d.observed());
        number(ln, "forecast", d.expected());
        number(ln, "audienceScale", d.scale());
        number(ln, "audienceScaleSd", d.scaleSd());
        number(ln, "background", d.background());
        number(ln, "reforecastPeak", d.reforecastPeak());
        ln.put("unitsNeeded", d.target());
        ln.put("planUnits", lp.controller().layer().floor()[idx]);
        ln.put("unitsAsked", d.units());
        ln.put("reason", d.reason());
        String action = "";
        if (d.state() != Decision.State.IDLE) {
            Map<String, String> decision = new LinkedHashMap<>();
            decision.put("state", d.state().name());
            decision.put("unitsAsked", Integer.toString(d.units()));
            decision.put("reason", d.reason());
            ResourceResult r = applier.raise(l.name(), d.units(), decision);
            ObjectNode a = ln.putObject("action");
            a.put("status", r.status().name());
            a.put("before", r.before());
            a.put("after", r.after());
            a.put("message", r.message());
            failed |= report(r.diagnostics(), err, reported, diags);
            failed |= r.status().isFailure();
            action = r.status().name() + (r.before() >= 0 && r.after() != r.before() ? " " + r.before() + " -> "
                    + r.after() : r.before() >= 0 ? " (" + r.before() + " in place)" : "") + ": " + r.message();
        }
        if (output == PlanCommand.Format.table) {
            out.printf(Locale.ROOT, "%s  %-12s %-5s seen %s (forecast %s), audience x%.2f ±%.2f, re-forecast peak %s: "
                            + "asks %d (plan %d)%s%n",
                    Times.format(Instant.ofEpochSecond(nowMinute * 60), s.zone()), l.name(), d.state(),
                    BacktestRenderer.fmt(nz(d.observed())), BacktestRenderer.fmt(nz(d.expected())), d.scale(),
                    d.scaleSd(), BacktestRenderer.fmt(d.reforecastPeak()), d.units(),
                    lp.controller().layer().floor()[idx], action.isEmpty() ? "" : "  " + action);
        }
        return failed;
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, Math.round(v * 1000) / 1000.0);
        } else {
            n.putNull(key);
        }
    }

    private void sleepUntilNextTick(Duration tick) throws InterruptedException {
        long ms = tick.toMillis();
        long now = main.clock.millis();
        Thread.sleep(Math.max(1, ms - Math.floorMod(now, ms) + 500));
    }
}
