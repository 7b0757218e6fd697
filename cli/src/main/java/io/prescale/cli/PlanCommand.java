package io.prescale.cli;

import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Planner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prescale plan}: forecast, size and schedule every layer, print the diff and save the plan. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plan the capacity every layer needs for the scenario's events, print it as a diff per layer "
                + "and save it for review and apply."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:plan made", "1:invalid scenario or state file, an --out that cannot be written, or (with --observe) a target that could not "
                + "be read (the plan is still made, with its baseline)", Main.EXIT_USAGE, Main.EXIT_BUG})
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ScenarioInput input;

    @Option(names = "--out", paramLabel = "<file>", defaultValue = "plan.json",
            description = "Where to save the plan. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--no-save", description = "Print the plan without saving it.")
    boolean noSave;

    @Option(names = "--state-file", paramLabel = "<file>",
            description = "Observed capacity per layer (JSON: {\"units\": {\"layer\": n}}). Default: the scenario's baseline.")
    Path stateFile;

    @Option(names = "--observe", description = "Read the observed capacity from the providers (AWS, Kubernetes, CDN) "
            + "instead of the scenario's baseline; a target that cannot be read keeps its baseline and is reported.")
    boolean observe;

    @picocli.CommandLine.Mixin
    ProviderOptions provider;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(names = {"-q", "--quiet"}, description = "Print only where the plan was saved (and its warnings, on "
            + "stderr). Default: the whole plan.")
    boolean quiet;

    enum Format { table, json }

    @Override
    public Integer call() throws IOException {
        if (!noSave) {
            folderRefused(out);
            OutputFiles.checkReplaceable("--out", out);
        }
        ScenarioInput.Loaded in = input.load(main.clock);
        if (observe && stateFile != null) {
            throw new UserException("give either --observe or --state-file, not both");
        }
        ObservedState observed = observe ? observeProviders(in) : ScenarioInput.observed(in.scenario(), stateFile, in.at(),
                main.spec.commandLine().getErr());
        boolean unreadable = observed.source().contains("unreadable");
        Planner.Result r = Planner.plan(in.scenario(), in.at(), main.clock.instant(), observed);
        Plan plan = r.plan();
        PrintWriter pw = main.spec.commandLine().getOut();
        String saved = null;
        if (!noSave) {
            save(plan, out);
            saved = out.toString();
        }
        if (output == Format.json) {
            pw.print(PlanJson.write(plan));
        } else if (quiet) {
            PrintWriter err = main.spec.commandLine().getErr();
            plan.diagnostics().forEach(d -> err.println("prescale: " + d.format()));
            err.flush();
            if (saved != null) {
                pw.println(saved);
            }
        } else {
            new PlanRenderer(in.scenario().zone(), main.terminal).render(plan, saved, pw);
        }
        pw.flush();
        // the plan is made and shown, but a run that could not read every target is not a success
        return unreadable ? Main.EXIT_INVALID : 0;
    }

    private ObservedState observeProviders(ScenarioInput.Loaded in) {
        var observer = new io.prescale.providers.apply.StateObserver(main.providers.get(), provider.config(main.clock));
        var r = observer.observe(in.scenario().layers(), in.scenario().baseline(),
                io.prescale.providers.apply.ApplyOptions.DEFAULT_PARALLELISM, provider.timeout());
        java.util.Set<String> setup = new java.util.LinkedHashSet<>();
        for (var d : r.diagnostics()) {
            if (ApplyCommand.SETUP_CODES.contains(d.code())) {
                setup.add(d.summary().replaceFirst("^[^:]*: ", ""));
            } else {
                main.spec.commandLine().getErr().println("prescale: " + d.format());
            }
        }
        setup.forEach(x -> main.spec.commandLine().getErr().println("prescale: " + x));
        return new ObservedState(r.source(), main.clock.instant(), r.units());
    }

    private static void folderRefused(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserException("--out " + file + " is a folder: give the plan a file name, e.g. --out "
                    + file.resolve("plan.json"));
        }
    }

    /** Writes atomically ({@link OutputFiles#replace}), so an interrupted save never leaves half a plan. */
    static void save(Plan plan, Path file) throws IOException {
        folderRefused(file);
        OutputFiles.replace("--out", Map.of(file, PlanJson.write(plan)));
    }
}
