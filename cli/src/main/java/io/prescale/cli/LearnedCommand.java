package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.model.LearnSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Times;
import io.prescale.schedules.LearnedVersions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale learned}: the versions the daemon's re-calibration wrote ({@code live: learn:}), which one is in
 * force, how each fitted against the one in force on the same minutes, and what each changed.
 */
@Command(name = "learned", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List the versions of the learned fragments the daemon wrote after each event (live: learn:): "
                + "when, on how many events, the fit's error against the fragments in force, whether it was applied, "
                + "and how many lines changed. --diff N prints what version N changed."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:listed", "1:invalid scenario, no live: learn:, no such version, or a version that cannot be "
                + "read (listed without it)", Main.EXIT_USAGE,
                Main.EXIT_BUG})
final class LearnedCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "<scenario-dir>", description = "Scenario folder holding prescale.yaml.")
    Path scenarioDir;

    @Option(names = "--diff", paramLabel = "<version>", description = "Print what this version changed.")
    Integer diff;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    enum Format { table, json }

    @Override
    public Integer call() throws Exception {
        ScenarioInput.checkFolder(scenarioDir);
        Scenario s = io.prescale.planner.scenario.ScenarioLoader.load(scenarioDir, java.util.Optional.empty(),
                main.clock.instant());
        LearnSettings learn = s.live().learn().orElseThrow(() -> new UserException("scenario " + s.name()
                + " does not learn: add live: learn: {structure: ..., into: ...} to prescale.yaml"));
        Path base = Files.isDirectory(scenarioDir) ? scenarioDir : scenarioDir.toAbsolutePath().getParent();
        LearnedVersions store = new LearnedVersions(base.resolve(learn.into()));
        PrintWriter out = main.spec.commandLine().getOut();
        if (diff != null) {
            String d = store.diff(diff).orElseThrow(() -> new UserException("no version " + diff + " in " + store.dir()));
            out.print(d.isEmpty() ? "(no YAML line changed)\n" : d);
            out.flush();
            return 0;
        }
        LearnedVersions.Listing listing = store.read();
        List<LearnedVersions.Version> versions = listing.versions();
        int active = store.active();
        if (output == Format.json) {
            ObjectNode root = PlanJson.mapper().createObjectNode();
            root.put("into", store.dir().toString());
            root.put("active", active);
            ArrayNode vs = root.putArray("versions");
            for (LearnedVersions.Version v : versions) {
                ObjectNode n = LearnedVersions.toJson(v);
                n.put("active", v.active(active));
                vs.add(n);
            }
            out.println(PlanJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else if (versions.isEmpty() && listing.problems().isEmpty()) {
            out.println("no version yet in " + store.dir() + ": the daemon writes one after each event on "
                    + learn.layer());
        } else {
            out.printf(Locale.ROOT, "%-8s %-22s %-7s %-22s %10s %12s %8s  %s%n", "VERSION", "MADE", "EVENTS",
                    "FITTED UNTIL", "FIT RMS", "IN FORCE RMS", "CHANGED", "STATUS");
            for (LearnedVersions.Version v : versions) {
                out.printf(Locale.ROOT, "%-8s %-22s %-7d %-22s %10s %12s %8d  %s%n",
                        (v.active(active) ? "* " : "  ") + v.number(), Times.format(v.createdAt(), s.zone()), v.events(),
                        Times.format(v.fittedUntil(), s.zone()), Double.isNaN(v.rmsRps()) ? "-" : String.format(Locale.ROOT, "%.0f rps", v.rmsRps()),
                        Double.isNaN(v.previousRmsRps()) ? "-" : String.format(Locale.ROOT, "%.0f rps", v.previousRmsRps()),
                        v.changedLines(), v.status() + (v.reason().isEmpty() ? "" : ": " + v.reason()));
            }
            out.println("* in force (" + store.dir().resolve(LearnedVersions.ACTIVE) + "); prescale learned "
                    + scenarioDir + " --diff N shows what a version changed");
        }
        out.flush();
        // a damaged version is saved state the user would lose without a word: listed as what it is, exit 1
        PrintWriter err = main.spec.commandLine().getErr();
        listing.problems().forEach(err::println);
        err.flush();
        return listing.problems().isEmpty() ? 0 : Main.EXIT_INVALID;
    }
}
