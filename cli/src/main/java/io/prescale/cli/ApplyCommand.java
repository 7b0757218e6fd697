package io.prescale.cli;

import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Times;
import io.prescale.providers.apply.ApplyEngine;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.apply.Drift;
import io.prescale.providers.apply.ResourceResult;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prescale apply}: carry out a saved plan's due changes, safely, and report per resource. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Carry out a saved plan: re-observe every target, refuse if the world drifted or the plan is "
                + "too old, then apply the changes whose time has come (checks and load balancer pre-warm first, then "
                + "instances, then pods). Re-running the same plan changes nothing."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:every due change applied or already in place", "1:refused, a change failed, an unreadable plan file, or an --audit-log that cannot be written",
                Main.EXIT_USAGE, Main.EXIT_BUG})
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "<plan.json>", description = "A plan saved by 'prescale plan'.")
    Path planFile;

    @Option(names = "--dry-run", description = "Observe and show what would be done; send no mutating request.")
    boolean dryRun;

    @Option(names = "--auto-approve", description = "Do not ask for confirmation.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "<n>", defaultValue = "" + ApplyOptions.DEFAULT_PARALLELISM,
            description = "Resources changed at once within a phase. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--audit-log", paramLabel = "<file>", defaultValue = ".prescale/audit.jsonl",
            description = "Append-only log of every action (JSON lines). Default: ${DEFAULT-VALUE}.")
    Path auditLog;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "10m",
            converter = TraceOptions.DurationConverter.class,
            description = "Deadline of the whole apply: a change still running then is reported FAILED, its outcome "
                    + "unknown (re-run to see), and nothing more is started. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    ProviderOptions provider;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. json is one object: the plan, the changes due, "
                    + "each resource's result; it needs --auto-approve or --dry-run (no one answers a prompt in JSON). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(names = {"-q", "--quiet"}, description = "Print only the resources that failed and the summary line (the "
            + "changes due are still listed when asking for confirmation). Default: everything.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    enum Format { table, json }

    @Override
    public Integer call() throws IOException {
        boolean json = output == Format.json;
        if (json && !dryRun && !autoApprove) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--output json needs --auto-approve "
                    + "or --dry-run: no one can answer the confirmation in JSON");
        }
        if (!dryRun) {
            OutputFiles.checkFile("--audit-log", auditLog);
        }
        Plan plan = read(planFile);
        PrintWriter out = main.spec.commandLine().getOut();
        Instant now = main.clock.instant();
        List<Change> dueNow = plan.changes().stream().filter(c -> c.action() != Action.NO_OP && !c.at().isAfter(now)).toList();
        boolean asking = !dryRun && !autoApprove && !dueNow.isEmpty();
        if (!json && (!quiet || asking)) {
            out.printf("prescale apply: %s (%s), made %s%s%n", plan.scenario(), plan.digest().substring(0, 19),
                    Times.format(plan.createdAt(), ZoneOffset.UTC), dryRun ? ", DRY RUN" : "");
            out.printf("%d change(s) due now (the latest per layer is applied), %d later%n", dueNow.size(),
                    plan.changes().stream().filter(c -> c.action() != Action.NO_OP && c.at().isAfter(now)).count());
            for (Change c : dueNow) {
                out.printf("  %s %-18s %d -> %d %s  (%s)%n", PlanRenderer.symbol(c.action(), main.terminal), c.layer(),
                        c.from(), c.to(), c.unit(),
                        c.target().isEmpty() ? c.targetType() : c.targetType() + " " + c.target());
            }
        }
        out.flush();
        if (asking && !confirm(out)) {
            out.println("Apply cancelled: nothing was changed.");
            return Main.EXIT_INVALID;
        }
        ApplyEngine engine = new ApplyEngine(main.providers.get(), provider.config(main.clock),
                dryRun ? AuditLog.none() : new AuditLog(auditLog), main.clock);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new UserException("--timeout must be positive, got " + timeout);
        }
        ApplyReport report = engine.apply(plan, new ApplyOptions(dryRun, parallelism, provider.timeout(), timeout));
        if (json) {
            setupProblems(report, main.spec.commandLine().getErr());
            out.println(json(plan, dueNow, report));
            out.flush();
        } else {
            render(report, out, main.spec.commandLine().getErr(), main.terminal, quiet);
        }
        return report.failed() ? Main.EXIT_INVALID : 0;
    }

    private boolean confirm(PrintWriter out) throws IOException {
        out.print("Apply these changes? Only 'yes' is accepted: ");
        out.flush();
        String answer = main.in.readLine();
        if (answer == null) {
            throw new UserException("no answer to the confirmation (not a terminal?): use --auto-approve");
        }
        return answer.strip().equals("yes");
    }

    /** Codes of provider diagnostics that concern the whole setup rather than one resource. */
    static final java.util.Set<String> SETUP_CODES = java.util.Set.of("NoCredentials", "NoRegion");

    static Plan read(Path file) {
        io.prescale.planner.config.InputFiles.refusal(file).ifPresent(why -> {
            throw new UserException("cannot read plan file " + file + ": " + why);
        });
        io.prescale.planner.diag.Diagnostics diags = new io.prescale.planner.diag.Diagnostics();
        Optional<String> text = ScenarioInput.readInput(file, "plan file", PlanJson.MAX_BYTES, diags);
        diags.throwIfErrors("plan file " + file);
        try {
            return PlanJson.read(text.orElseThrow());
        } catch (PlanJson.InvalidPlan e) {
            throw new UserException(file + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
    }

    /** The report as one JSON object: times ISO-8601, a unit count that is not known is null. */
    static String json(Plan plan, List<Change> due, ApplyReport r) {
        var mapper = PlanJson.mapper();
        var root = mapper.createObjectNode();
        root.put("scenario", plan.scenario());
        root.put("planDigest", plan.digest());
        root.put("planCreatedAt", plan.createdAt().toString());
        root.put("at", r.at() == null ? null : r.at().toString());
        root.put("dryRun", r.dryRun());
        root.put("refused", r.refused());
        root.put("refusal", r.refused() ? r.refusal() : null);
        var ds = root.putArray("due");
        for (Change c : due) {
            var n = ds.addObject();
            n.put("layer", c.layer());
            n.put("action", c.action().name());
            n.put("at", c.at().toString());
            n.put("from", c.from());
            n.put("to", c.to());
            n.put("unit", c.unit());
            n.put("targetType", c.targetType());
            n.put("target", c.target());
        }
        var drift = root.putArray("drift");
        for (Drift d : r.drift()) {
            var n = drift.addObject();
            n.put("layer", d.layer());
            n.put("resource", d.resource());
            n.put("planned", d.planned());
            n.put("observed", d.observed());
            n.put("detail", d.describe());
        }
        var results = root.putArray("results");
        for (ResourceResult x : r.results()) {
            var n = results.addObject();
            n.put("layer", x.layer());
            n.put("resource", x.resource());
            n.put("action", x.action() == null ? null : x.action().name());
            n.put("status", x.status().name());
            if (x.before() < 0) {
                n.putNull("before");
            } else {
                n.put("before", x.before());
            }
            if (x.after() < 0) {
                n.putNull("after");
            } else {
                n.put("after", x.after());
            }
            n.put("message", x.message());
            var diags = n.putArray("diagnostics");
            x.diagnostics().forEach(d -> diags.add(d.format()));
        }
        var unreadable = root.putArray("unreadable");
        for (ApplyReport.Unreadable u : r.unreadable()) {
            var n = unreadable.addObject();
            n.put("layer", u.layer());
            n.put("resource", u.resource());
            var diags = n.putArray("diagnostics");
            u.diagnostics().forEach(d -> diags.add(d.format()));
        }
        root.put("targets", r.targets());
        root.put("failed", r.results().stream().filter(x -> x.status().isFailure()).count());
        root.put("notYetDue", r.notYetDue());
        root.put("nextDue", r.nextDue() == null ? null : r.nextDue().toString());
        root.put("ok", !r.failed());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an apply report is always serialisable", e);
        }
    }

    /** A problem with the whole setup (no credentials, no region): one line on stderr, however many resources it hit. */
    private static void setupProblems(ApplyReport r, PrintWriter err) {
        java.util.Set<String> setup = new java.util.LinkedHashSet<>();
        r.results().forEach(x -> x.diagnostics().stream().filter(d -> SETUP_CODES.contains(d.code()))
                .forEach(d -> setup.add(d.summary().replaceFirst("^[^:]*: ", ""))));
        r.unreadable().forEach(u -> u.diagnostics().stream().filter(d -> SETUP_CODES.contains(d.code()))
                .forEach(d -> setup.add(d.summary().replaceFirst("^[^:]*: ", ""))));
        setup.forEach(x -> err.println("prescale: " + x));
        err.flush();
    }

    static void render(ApplyReport r, PrintWriter out, PrintWriter err, Terminal terminal, boolean quiet) {
        if (r.refused()) {
            out.println(terminal.paint("Refused:", Terminal.Colour.RED) + " " + r.refusal());
            for (Drift d : r.drift()) {
                out.println("  drifted: " + d.describe());
            }
            out.flush();
            return;
        }
        if (!quiet) {
            out.println();
        }
        for (Drift d : r.drift()) {
            out.println("  drifted: " + d.describe());
        }
        Table t = new Table("RESULT", "LAYER", "RESOURCE", "BEFORE", "AFTER", "DETAIL");
        for (ResourceResult x : r.results()) {
            if (quiet && !x.status().isFailure()) {
                continue;
            }
            t.row(terminal.status(x.status().name()), x.layer(), x.resource(), x.before() < 0 ? "?" : String.valueOf(x.before()),
                    x.after() < 0 ? "?" : String.valueOf(x.after()), x.message());
        }
        if (!quiet || r.results().stream().anyMatch(x -> x.status().isFailure())) {
            t.print(out, "  ");
        }
        // a problem with the whole setup (no credentials, no region) is one line, however many resources it hit
        java.util.Set<String> shown = new java.util.HashSet<>();
        List<ProviderDiagnostic> all = new java.util.ArrayList<>();
        r.results().forEach(x -> all.addAll(x.diagnostics()));
        r.unreadable().forEach(u -> all.addAll(u.diagnostics()));
        for (ProviderDiagnostic d : all) {
            if (!SETUP_CODES.contains(d.code()) && shown.add(d.format())) {
                out.println("  " + d.format());
            }
        }
        setupProblems(r, err);
        long failed = r.results().stream().filter(x -> x.status().isFailure()).count();
        out.printf("%sApply %s: %d resource(s), %d failed.%s%n", quiet ? "" : "\n",
                r.dryRun() ? "dry run complete" : "complete", r.results().size(), failed,
                r.notYetDue() > 0 ? " " + r.notYetDue() + " change(s) not yet due; next at "
                + Times.format(r.nextDue(), ZoneOffset.UTC) + "." : "");
        if (!r.unreadable().isEmpty()) {
            out.printf("%d of %d targets unreadable: %s%n", r.unreadable().size(), r.targets(), String.join(", ",
                    r.unreadable().stream().map(u -> u.layer() + " (" + u.resource() + ")").toList()));
        }
        out.flush();
    }
}
