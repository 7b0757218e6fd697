package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.live.Decision;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.plan.Times;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.apply.LiveApplier;
import io.prescale.providers.apply.LiveRunner;
import io.prescale.providers.apply.ResourceResult;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:every tick read its sources and every raise was applied (or nothing was needed)",
                "1:invalid scenario, a source that could not be read, a raise that failed, or an --audit-log that "
                        + "cannot be written", Main.EXIT_USAGE,
                Main.EXIT_BUG})
final class WatchCommand implements Callable<Integer> {
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

    @Option(names = "--replay-from", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Replay: run as if the clock read this instant, advancing --speed times faster than real "
                    + "time (with a trace source, it sees only what was recorded up to its clock). Default: now.")
    Instant replayFrom;

    @Option(names = "--speed", paramLabel = "<n>", defaultValue = "60",
            description = "With --replay-from: how many times faster than real time the clock runs (60: a minute a "
                    + "second). Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--audit-log", paramLabel = "<file>", defaultValue = ".prescale/audit.jsonl",
            description = "Every decision and raise, as JSON lines. Default: ${DEFAULT-VALUE}.")
    Path auditLog;

    @Mixin
    ProviderOptions provider;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table, or json: one JSON object per tick. Default: ${DEFAULT-VALUE}.")
    PlanCommand.Format output;

    /** The clock the loop runs on: the real one, or a replay's. */
    private java.time.Clock clock;

    /** A clock that starts at a past instant and runs {@code speed} times faster than {@code real}. */
    static final class ReplayClock extends java.time.Clock {
        private final Instant from;
        private final double speed;
        private final java.time.Clock real;
        private final Instant start;

        ReplayClock(Instant from, double speed, java.time.Clock real) {
            this.from = from;
            this.speed = speed;
            this.real = real;
            this.start = real.instant();
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            long elapsed = Duration.between(start, real.instant()).toNanos();
            return from.plusNanos((long) (elapsed * speed));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0 && speed <= 1e6)) {
            throw new UserException("--speed must be above 0 and at most 1000000, got " + speed);
        }
        OutputFiles.checkFile("--audit-log", auditLog);
        clock = replayFrom == null ? main.clock : new ReplayClock(replayFrom, speed, main.clock);
        ScenarioInput.Loaded in = input.load(clock);
        ScenarioInput.warn(in.scenario(), main.spec.commandLine().getErr());
        Scenario s = in.scenario();
        if (s.live().observe().isEmpty()) {
            throw new UserException(input.scenarioDir + ": no live: observe: section; name a metric source per layer "
                    + "(see docs/live.md)");
        }
        if (history.isNegative() || history.compareTo(Duration.ofDays(30)) > 0) {
            throw new UserException("--history must be between 0 and 30d");
        }
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        Planner.Result plan = Planner.plan(s, in.at(), clock.instant(), ScenarioInput.observed(s, stateFile, in.at(),
                main.spec.commandLine().getErr()));
        Path dir = Files.isDirectory(input.scenarioDir) ? input.scenarioDir : input.scenarioDir.toAbsolutePath().getParent();
        ProviderConfig config = provider.config(clock);
        boolean failed = false;
        Set<String> reported = new HashSet<>();
        LiveApplier applier = new LiveApplier(main.providers.get(), config, new AuditLog(auditLog), clock,
                plan.plan(), dryRun, provider.timeout());
        try (LiveRunner runner = new LiveRunner(s, dir, plan, config, applier, provider.timeout(), history)) {
            long lastLive = runner.lastLiveMinute();
            // the redraw is an escape sequence: on a terminal that takes them, as colour
            boolean refresh = !once && ticks != 1 && main.terminal.colour();
            int limit = once ? 1 : ticks;
            for (int n = 0; limit == 0 || n < limit; n++) {
                if (n > 0) {
                    sleepUntilNextTick(s.live().tick());
                }
                Instant now = clock.instant();
                long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
                if (limit == 0 && nowMinute >= lastLive) {
                    out.println("watch: no planned event can be live any more (the last window ended "
                            + Times.format(Instant.ofEpochSecond(lastLive * 60), s.zone()) + ")");
                    break;
                }
                List<LiveRunner.LayerTick> decisions = runner.tick(now);
                if (refresh && output == PlanCommand.Format.table) {
                    // on a terminal, redraw in place: the screen shows this minute's decisions, not a scroll
                    out.print("\033[H\033[2J");
                    out.println("prescale watch " + s.name() + (dryRun ? " (DRY RUN)" : "") + ", every "
                            + io.prescale.planner.model.Quantities.format(s.live().tick()) + "; Ctrl-C to stop");
                }
                if (n == 0) {
                    failed |= report(runner.historyDiagnostics(), err, reported);
                }
                ObjectNode tick = JsonNodeFactory.instance.objectNode();
                tick.put("at", now.toString());
                ArrayNode layers = tick.putArray("layers");
                for (LiveRunner.LayerTick t : decisions) {
                    failed |= t.failed();
                    report(t.diagnostics(), err, reported);
                    render(t, nowMinute, s, layers.addObject(), out);
                }
                if (output == PlanCommand.Format.json) {
                    out.println(tick);
                }
                out.flush();
            }
        }
        return failed ? Main.EXIT_INVALID : 0;
    }

    private static boolean report(List<ProviderDiagnostic> ds, PrintWriter err, Set<String> reported) {
        boolean failed = false;
        for (ProviderDiagnostic d : ds) {
            failed |= d.severity() == io.prescale.planner.diag.Severity.ERROR;
            if (reported.add(d.resource() + "|" + d.summary())) {
                err.println("prescale: " + d.format());
            }
        }
        err.flush();
        return failed;
    }

    private void render(LiveRunner.LayerTick t, long nowMinute, Scenario s, ObjectNode ln, PrintWriter out) {
        ln.put("layer", t.layer());
        String time = Times.format(Instant.ofEpochSecond(nowMinute * 60), s.zone());
        if (t.decision().isEmpty()) {
            ln.put("state", "IDLE");
            ln.put("reason", "outside the plan's horizon");
            if (output == PlanCommand.Format.table) {
                out.printf("%s  %-12s idle: outside the plan's horizon%n", time, t.layer());
            }
            return;
        }
        Decision d = t.decision().get();
        ln.put("state", d.state().name());
        t.carries().ifPresent(c -> ln.put("carries", c));
        if (t.carries().isEmpty()) {
            number(ln, "observed", d.observed());
            number(ln, "forecast", d.expected());
            number(ln, "audienceScale", d.scale());
            number(ln, "audienceScaleSd", d.scaleSd());
            number(ln, "background", d.background());
            number(ln, "reforecastPeak", d.reforecastPeak());
        }
        ln.put("unitsNeeded", d.target());
        ln.put("planUnits", t.planUnits());
        ln.put("unitsAsked", d.units());
        ln.put("reason", d.reason());
        ArrayNode diags = ln.putArray("diagnostics");
        t.diagnostics().forEach(x -> diags.add(x.format()));
        String action = "";
        if (t.action().isPresent()) {
            ResourceResult r = t.action().get();
            ObjectNode a = ln.putObject("action");
            a.put("status", r.status().name());
            a.put("before", r.before());
            a.put("after", r.after());
            a.put("message", r.message());
            action = main.terminal.status(r.status().name()) + (r.before() >= 0 && r.after() != r.before() ? " " + r.before() + " -> "
                    + r.after() : r.before() >= 0 ? " (" + r.before() + " in place)" : "") + ": " + r.message();
        }
        if (output == PlanCommand.Format.table && t.carries().isPresent()) {
            String state = d.state().name();
            out.printf(Locale.ROOT, "%s  %-12s %s carries %s: asks %d (plan %d)%s%n", time, t.layer(),
                    main.terminal.status(state) + " ".repeat(Math.max(0, 5 - state.length())), t.carries().get(),
                    d.units(), t.planUnits(), action.isEmpty() ? "" : "  " + action);
            if (d.state() != Decision.State.HOLD) {
                out.println("      " + d.reason());
            }
        } else if (output == PlanCommand.Format.table) {
            String state = d.state().name();
            out.printf(Locale.ROOT, "%s  %-12s %s seen %s (forecast %s), audience x%.2f ±%.2f, re-forecast peak %s: "
                            + "asks %d (plan %d)%s%n", time, t.layer(),
                    main.terminal.status(state) + " ".repeat(Math.max(0, 5 - state.length())),
                    BacktestRenderer.fmt(nz(d.observed())),
                    BacktestRenderer.fmt(nz(d.expected())), d.scale(), d.scaleSd(),
                    BacktestRenderer.fmt(d.reforecastPeak()), d.units(), t.planUnits(),
                    action.isEmpty() ? "" : "  " + action);
            if (d.state() != Decision.State.HOLD) {
                out.println("      " + d.reason());
            }
        }
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
        long now = clock.millis();
        // on a replay clock, a tick's wait in real time is shorter by the speed
        double scale = replayFrom == null ? 1 : speed;
        Thread.sleep(Math.max(1, (long) ((ms - Math.floorMod(now, ms) + 500) / scale)));
    }
}
