package io.prescale.planner.scenario;

import io.prescale.planner.config.YNode;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.CapacityUnit;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.model.WhatIf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code simulate} needs beside the plan:
 * <pre>
 * simulation: {goals: 2.7, extraTime: 30%, penalties: 50%, adBreakJitter: 2m}
 * prices: {edge: 0.17/h, lcu: 0.008/h}     # per unit-hour, by layer name or unit kind
 * whatIf:                                  # named overrides, selected with --what-if NAME
 *   storm: [surge.CRO-ENG=+10%@60m/5m]
 *   england-final: {final.teams: "England,France", audience.team.England: x1.5}
 * </pre>
 */
final class SimulationReader {
    private static final Pattern PRICE = Pattern.compile("\\$?\\s*([0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\\s*/\\s*(h|hr|hour|d|day)");

    private SimulationReader() {
    }

    static SimulationSettings read(YNode root, List<Event> events, List<Layer> layers, Set<String> brokenLayers,
                                   AudienceRules audience) {
        SimulationSettings d = SimulationSettings.DEFAULT;
        double goals = d.goalsPer90();
        double extraTime = d.extraTime();
        double penalties = d.penalties();
        Duration jitter = d.adBreakJitter();
        Optional<YNode> sim = root.get("simulation");
        if (sim.isPresent()) {
            YNode n = sim.get();
            goals = n.nonNegativeCount("goals", goals);
            extraTime = n.fraction("extraTime", extraTime);
            penalties = n.fraction("penalties", penalties);
            jitter = n.positiveDuration("adBreakJitter", jitter);
            n.rejectUnknownKeys();
        }
        Map<String, Double> prices = new LinkedHashMap<>();
        root.get("prices").ifPresent(p -> p.entries().forEach((k, v) -> {
            boolean layer = layers.stream().anyMatch(l -> l.name().equals(k));
            Optional<CapacityUnit> unit = CapacityUnit.parse(k);
            if (!layer && unit.isEmpty() && brokenLayers.contains(k)) {
                return; // the layer's own error says what is wrong with it
            }
            if (!layer && unit.isEmpty()) {
                v.error("prices names neither a layer nor a unit kind: '" + k + "'", "layers: "
                        + String.join(", ", layers.stream().map(Layer::name).toList())
                        + "; unit kinds: instances, pods, tasks, lcu, brokers, partitions, shards, gbps");
                return;
            }
            v.as(SimulationReader::pricePerHour).ifPresent(x -> prices.put(layer ? k : unit.get().id(), x));
        }));
        Set<String> teams = new TreeSet<>();
        events.forEach(e -> e.teams().forEach(t -> teams.add(t.toLowerCase(Locale.ROOT))));
        teams.addAll(audience.teamFactors().keySet());
        Map<String, List<WhatIf>> whatIfs = new LinkedHashMap<>();
        root.get("whatIf").ifPresent(w -> w.entries().forEach((name, v) ->
                whatIfs.put(name, whatIfs(v, events, layers, teams))));
        return new SimulationSettings(goals, extraTime, penalties, jitter, prices, whatIfs);
    }

    /** A list of {@code key=value} strings, or a map of key: value. */
    private static List<WhatIf> whatIfs(YNode n, List<Event> events, List<Layer> layers, Set<String> teams) {
        List<WhatIf> out = new ArrayList<>();
        int given = n.isMap() ? n.entries().size() : n.items().size();
        if (given == 0) {
            n.error("a named what-if needs at least one override", "e.g. [audience.FINAL=x3, goals.mean=3.2]");
        }
        if (n.isMap()) {
            n.entries().forEach((k, v) -> v.text().ifPresent(t -> one(v, () -> WhatIf.parse(k, t), events, layers,
                    teams).ifPresent(out::add)));
        } else {
            for (YNode item : n.items()) {
                item.text().ifPresent(t -> one(item, () -> WhatIf.parse(t), events, layers, teams).ifPresent(out::add));
            }
        }
        return out;
    }

    private static Optional<WhatIf> one(YNode at, java.util.function.Supplier<WhatIf> parse, List<Event> events,
                                        List<Layer> layers, Set<String> teams) {
        try {
            WhatIf w = parse.get();
            Optional<String> problem = WhatIf.problem(w, events, layers, teams);
            if (problem.isPresent()) {
                at.error(w.text() + ": " + problem.get());
                return Optional.empty();
            }
            return Optional.of(w);
        } catch (IllegalArgumentException e) {
            at.error(e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code 0.17/h}, {@code $0.17/h}, {@code 4.08/day}: the price of one unit for one hour. */
    static double pricePerHour(String s) {
        Matcher m = PRICE.matcher(s.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a price per unit-hour, e.g. 0.17/h (got \"" + s + "\")");
        }
        double v = Double.parseDouble(m.group(1));
        return m.group(2).startsWith("d") ? v / 24.0 : v;
    }
}
