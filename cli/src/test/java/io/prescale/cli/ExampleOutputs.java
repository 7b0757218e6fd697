package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * What an example's README commands print, read from their {@code --output json} form, beside the scenario they
 * read (for the figures that are inputs).
 */
final class ExampleOutputs {
    final String example;
    final Scenario scenario;
    final JsonNode plan;
    private final Map<String, JsonNode> forecasts = new HashMap<>();

    private ExampleOutputs(String example) {
        this.example = example;
        this.scenario = ScenarioLoader.load(ExampleReadme.ROOT.resolve("examples").resolve(example), Optional.empty(),
                Instant.EPOCH);
        this.plan = json("./prescale plan examples/" + example + " --no-save");
    }

    static ExampleOutputs of(String example) {
        return new ExampleOutputs(example);
    }

    /** A README command's output in JSON: the same command with {@code --output json}. */
    static JsonNode json(String command) {
        CliRun r = ExampleReadme.run(command + " --output json");
        assertEquals(0, r.code(), command + ": " + r.err());
        try {
            return PlanJson.mapper().readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario's event {@code id}, for its inputs. */
    Event scenarioEvent(String id) {
        return scenario.events().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    /** The scenario's layer {@code name}, for its inputs. */
    Layer scenarioLayer(String name) {
        return scenario.layer(name).orElseThrow();
    }

    /** The layer's first term of a kind. */
    static <T extends LoadTerm> T term(Layer l, Class<T> type) {
        return l.terms().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /** The audience the plan sizes event {@code id} for. */
    double audience(String id) {
        return event(id).get("audience").asDouble();
    }

    JsonNode layer(String name) {
        return find(plan.get("layers"), l -> l.get("name").asText().equals(name), "layer " + name);
    }

    JsonNode event(String id) {
        return find(plan.get("events"), e -> e.get("id").asText().equals(id), "event " + id);
    }

    /** The change of {@code action} on {@code layer} for {@code event}. */
    JsonNode change(String layer, String action, String event) {
        return find(plan.get("changes"), c -> c.get("layer").asText().equals(layer)
                && c.get("action").asText().equals(action)
                && StreamSupport.stream(c.get("events").spliterator(), false).anyMatch(e -> e.asText().equals(event)),
                action + " of " + layer + " for " + event);
    }

    List<JsonNode> changes() {
        return StreamSupport.stream(plan.get("changes").spliterator(), false).toList();
    }

    long count(String action) {
        return changes().stream().filter(c -> c.get("action").asText().equals(action)).count();
    }

    /** A change's units as the plan prints them: {@code 1000 -> 4950}. */
    static String step(JsonNode change) {
        return change.get("from").asInt() + " -> " + change.get("to").asInt();
    }

    List<JsonNode> diagnostics() {
        return StreamSupport.stream(plan.get("diagnostics").spliterator(), false).toList();
    }

    /** The minutes of {@code layer} in the forecast that {@code command} prints. */
    List<JsonNode> minutes(String command, String layer) {
        JsonNode f = forecasts.computeIfAbsent(command, ExampleOutputs::json);
        JsonNode l = find(f.get("layers"), n -> n.get("name").asText().equals(layer), "forecast layer " + layer);
        return StreamSupport.stream(l.get("minutes").spliterator(), false).toList();
    }

    /** The minute {@code t} of {@code layer} in the forecast that {@code command} prints. */
    JsonNode minute(String command, String layer, Instant t) {
        return minutes(command, layer).stream().filter(m -> instant(m, "t").equals(t)).findFirst()
                .orElseThrow(() -> new AssertionError(command + " prints no minute " + t + " of " + layer));
    }

    /** The minute with the highest load of {@code layer} in the forecast that {@code command} prints. */
    JsonNode peak(String command, String layer) {
        return minutes(command, layer).stream().max((a, b) -> Double.compare(a.get("load").asDouble(),
                b.get("load").asDouble())).orElseThrow();
    }

    static Instant instant(JsonNode n, String field) {
        return Instant.parse(n.get(field).asText());
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> p, String what) {
        return StreamSupport.stream(array.spliterator(), false).filter(p).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what));
    }
}
