package io.prescale.planner.model;

import io.prescale.planner.diag.Diagnostic;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded and validated scenario: the fixture calendar, how audiences are estimated and shaped, the platform's
 * layers and the capacity observed before planning ({@code baseline}, units per layer).
 *
 * @param shapes       named audience shapes; {@code shapeByStage} picks one per stage key when an event names none
 * @param defaultShape the shape used when neither the event nor {@code shapeByStage} names one
 * @param warnings     non-fatal diagnostics found while loading
 * @param simulation   how {@code simulate} samples the scenario: outcome odds, prices, named what-ifs
 * @param live         the closed loop: metric sources per layer and the live controller's settings
 */
public record Scenario(
        String name,
        String description,
        ZoneId zone,
        PlanSettings plan,
        List<Event> events,
        AudienceRules audience,
        Map<String, AudienceShape> shapes,
        Map<String, String> shapeByStage,
        String defaultShape,
        List<Layer> layers,
        Map<String, Integer> baseline,
        List<InputFile> inputs,
        List<Diagnostic> warnings,
        SimulationSettings simulation,
        LiveConfig live) {

    public Scenario {
        live = live == null ? LiveConfig.NONE : live;
        events = List.copyOf(events);
        shapes = Map.copyOf(shapes);
        shapeByStage = Map.copyOf(shapeByStage);
        layers = List.copyOf(layers);
        baseline = SortedMaps.copyOf(baseline);
        inputs = List.copyOf(inputs);
        warnings = List.copyOf(warnings);
        simulation = simulation == null ? SimulationSettings.DEFAULT : simulation;
    }

    /** A scenario with the default simulation settings. */
    public Scenario(String name, String description, ZoneId zone, PlanSettings plan, List<Event> events,
                    AudienceRules audience, Map<String, AudienceShape> shapes, Map<String, String> shapeByStage,
                    String defaultShape, List<Layer> layers, Map<String, Integer> baseline, List<InputFile> inputs,
                    List<Diagnostic> warnings) {
        this(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape, layers, baseline,
                inputs, warnings, SimulationSettings.DEFAULT, LiveConfig.NONE);
    }

    /** A scenario without a closed loop. */
    public Scenario(String name, String description, ZoneId zone, PlanSettings plan, List<Event> events,
                    AudienceRules audience, Map<String, AudienceShape> shapes, Map<String, String> shapeByStage,
                    String defaultShape, List<Layer> layers, Map<String, Integer> baseline, List<InputFile> inputs,
                    List<Diagnostic> warnings, SimulationSettings simulation) {
        this(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape, layers, baseline,
                inputs, warnings, simulation, LiveConfig.NONE);
    }

    public AudienceShape shapeFor(Event e) {
        String n = e.shape().orElseGet(() -> shapeByStage.getOrDefault(e.stage().key(),
                shapeByStage.getOrDefault(e.stage().kind().id(), defaultShape)));
        AudienceShape s = shapes.get(n);
        return s != null ? s : shapes.get(defaultShape);
    }

    public Optional<Layer> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Scenario withEvents(List<Event> newEvents) {
        return new Scenario(name, description, zone, plan, newEvents, audience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, simulation, live);
    }

    public Scenario withPlanSettings(PlanSettings newPlan) {
        return new Scenario(name, description, zone, newPlan, events, audience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, simulation, live);
    }

    public Scenario withBaseline(Map<String, Integer> newBaseline) {
        return new Scenario(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape,
                layers, newBaseline, inputs, warnings, simulation, live);
    }

    public Scenario withAudience(AudienceRules newAudience) {
        return new Scenario(name, description, zone, plan, events, newAudience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, simulation, live);
    }

    public Scenario withLayers(List<Layer> newLayers) {
        return new Scenario(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape,
                newLayers, baseline, inputs, warnings, simulation, live);
    }

    public Scenario withSimulation(SimulationSettings newSimulation) {
        return new Scenario(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, newSimulation, live);
    }

    public Scenario withLive(LiveConfig newLive) {
        return new Scenario(name, description, zone, plan, events, audience, shapes, shapeByStage, defaultShape,
                layers, baseline, inputs, warnings, simulation, newLive);
    }
}
