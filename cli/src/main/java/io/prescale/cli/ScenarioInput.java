package io.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
        if (!Files.exists(scenarioDir)) {
            throw new UserException("scenario not found: " + scenarioDir);
        }
        if (Files.isDirectory(scenarioDir) && !Files.exists(scenarioDir.resolve(ScenarioLoader.SCENARIO_FILE))) {
            throw new UserException(scenarioDir + " has no " + ScenarioLoader.SCENARIO_FILE);
        }
        Instant now = clock.instant();
        Scenario s = ScenarioLoader.load(scenarioDir, Optional.ofNullable(at), now);
        if (quantile != null) {
            PlanSettings p = s.plan();
            s = s.withPlanSettings(new PlanSettings(p.from(), quantile, p.maxAge(), p.horizon()));
        }
        return new Loaded(s, ScenarioLoader.effectiveAt(s, Optional.ofNullable(at), now));
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
        if (stateFile == null) {
            return new ObservedState("baseline", at, s.baseline());
        }
        io.prescale.planner.config.InputFiles.refusal(stateFile).ifPresent(why -> {
            throw new UserException("cannot read state file " + stateFile + ": " + why);
        });
        try {
            JsonNode root = PlanJson.mapper().readTree(Files.readString(stateFile));
            JsonNode units = root.has("units") ? root.get("units") : root;
            Map<String, Integer> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = units.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                    throw new UserException(stateFile + ": units." + e.getKey() + " must be a whole number of units, got "
                            + e.getValue());
                }
                if (s.layer(e.getKey()).isEmpty()) {
                    throw new UserException(stateFile + ": units." + e.getKey() + " names no layer of scenario " + s.name());
                }
                out.put(e.getKey(), e.getValue().asInt());
            }
            Instant observedAt = root.has("observedAt") ? Instant.parse(root.get("observedAt").asText()) : at;
            return new ObservedState("state-file " + stateFile, observedAt, out);
        } catch (IOException e) {
            throw new UserException("cannot read state file " + stateFile + ": " + e.getMessage());
        }
    }
}
