package io.prescale.cli;

import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.StateFile;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every planning command shares: the scenario folder, the planning instant, the quantile. */
final class ScenarioInput {
    @Parameters(index = "0", paramLabel = "<scenario-dir>",
            description = "Scenario folder holding prescale.yaml (or the path of a prescale.yaml).")
    Path scenarioDir;

    @Option(names = "--at", paramLabel = "<instant>", converter = Options.InstantConverter.class,
            description = "Plan as of this instant, e.g. 2026-06-12T18:00Z. Default: the scenario's plan.from, else now.")
    Instant at;

    @Option(names = "--quantile", paramLabel = "<pNN>", converter = Options.QuantileConverter.class,
            description = "Audience quantile to size for, e.g. p50, p90, p99. Default: the scenario's plan.quantile (p90).")
    Double quantile;

    /** A loaded scenario and the instant to plan it for. */
    record Loaded(Scenario scenario, Instant at) {
    }

    Loaded load(Clock clock) {
        checkFolder(scenarioDir);
        Instant now = clock.instant();
        Scenario s = ScenarioLoader.load(scenarioDir, Optional.ofNullable(at), now);
        if (quantile != null) {
            PlanSettings p = s.plan();
            s = s.withPlanSettings(new PlanSettings(p.from(), quantile, p.maxAge(), p.horizon()));
        }
        return new Loaded(s, ScenarioLoader.effectiveAt(s, Optional.ofNullable(at), now));
    }

    /** A scenario path that exists, can be read, and (a folder) holds prescale.yaml: else one plain line. */
    static void checkFolder(Path scenarioDir) {
        if (!Files.exists(scenarioDir)) {
            throw new UserException("scenario not found: " + scenarioDir);
        }
        if (Files.isDirectory(scenarioDir) && (!Files.isReadable(scenarioDir) || !Files.isExecutable(scenarioDir))) {
            // without these permissions its prescale.yaml looks absent: say what is really wrong
            throw new UserException("cannot read folder " + scenarioDir + ": permission denied");
        }
        Path file = scenarioDir.resolve(ScenarioLoader.SCENARIO_FILE);
        if (Files.isDirectory(scenarioDir) && !Files.exists(file) && Files.isSymbolicLink(file)) {
            throw new UserException("cannot read " + file + ": " + io.prescale.planner.config.InputFiles.refusal(file)
                    .orElse("is a symbolic link that leads nowhere"));
        }
        if (Files.isDirectory(scenarioDir) && !Files.exists(file)) {
            throw new UserException(scenarioDir + " has no " + ScenarioLoader.SCENARIO_FILE);
        }
    }

    /**
     * The scenario's warnings (entries of the calendar not planned, rules that match nothing), on stderr, for the
     * commands that do not print them with a plan: every command that reads the calendar says what it left out.
     */
    static void warn(Scenario s, java.io.PrintWriter err) {
        for (io.prescale.planner.diag.Diagnostic d : s.warnings()) {
            err.println("prescale: " + d.format());
        }
        err.flush();
    }

    /**
     * The observed state: a state file ({@code {"units": {"edge": 40}}} or {@code {"edge": 40}}) when given,
     * else the scenario's baseline.
     */
    static ObservedState observed(Scenario s, Path stateFile, Instant at) {
        return observed(s, stateFile, at, null);
    }

    /** As above, a state file's warnings (a state seen long before the plan's time) on {@code err}. */
    static ObservedState observed(Scenario s, Path stateFile, Instant at, java.io.PrintWriter err) {
        if (stateFile == null) {
            return new ObservedState("baseline", at, s.baseline());
        }
        String shown = stateFile.toString();
        io.prescale.planner.diag.Diagnostics diags = new io.prescale.planner.diag.Diagnostics();
        Optional<ObservedState> state = readInput(stateFile, "state file", StateFile.MAX_BYTES, diags)
                .flatMap(text -> StateFile.parse(shown, text, s.layers().stream().map(l -> l.name())
                        .collect(java.util.stream.Collectors.toSet()), at, Optional.of(s.plan().maxAge()), diags));
        diags.throwIfErrors("state file " + shown);
        if (err != null) {
            diags.all().forEach(d -> err.println("prescale: " + d.format()));
            err.flush();
        }
        return state.orElseThrow();
    }

    /**
     * The UTF-8 text of an input file named on the command line (a state file, a plan), checked as the scenario's
     * files are: a regular file, within {@code maxBytes}, text; problems as diagnostics (file and line) in
     * {@code diags}.
     */
    static Optional<String> readInput(Path file, String what, long maxBytes, io.prescale.planner.diag.Diagnostics diags) {
        Optional<String> refusal = io.prescale.planner.config.InputFiles.refusal(file);
        if (refusal.isPresent()) {
            throw new UserException("cannot read " + what + " " + file + ": " + refusal.get());
        }
        if (!Files.exists(file)) {
            throw new UserException(what + " not found: " + file);
        }
        Optional<String> tooLarge = io.prescale.planner.config.InputFiles.tooLarge(file, maxBytes);
        if (tooLarge.isPresent()) {
            diags.error(new io.prescale.planner.diag.SourceLocation(file.toString(),
                    io.prescale.planner.config.InputFiles.lineAtLimit(file, maxBytes), 0, ""),
                    "the " + what + " " + tooLarge.get() + "; reading stops at this line");
            return Optional.empty();
        }
        try {
            return io.prescale.planner.config.InputFiles.text(file.toString(), Files.readAllBytes(file), diags);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserException("cannot read " + what + " " + file + ": permission denied");
        } catch (IOException e) {
            throw new UserException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }
}
