package io.prescale.planner.simulate;

import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.LoadTerm;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.ShapeProfile;
import io.prescale.planner.model.SimulationSettings;
import io.prescale.planner.model.StageKind;
import io.prescale.planner.model.WhatIf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The world a simulation samples: the scenario with every what-if applied. Team and final what-ifs change the
 * audience rules and the final's teams, so the audience is estimated as the scenario's rules say; audience
 * factors multiply an event's estimate; a surge raises an event's audience curve from an offset; capacity and
 * heartbeat what-ifs change layers; outcome what-ifs change the simulation settings.
 */
final class World {
    final Scenario scenario;
    final SimulationSettings settings;
    final List<String> whatIfs;
    private final double allFactor;
    private final Map<String, Double> eventFactors;
    private final Map<String, List<WhatIf.Surge>> surges;
    private final Map<String, Double> capacityFactors;

    private World(Scenario scenario, SimulationSettings settings, List<String> whatIfs, double allFactor,
                  Map<String, Double> eventFactors, Map<String, List<WhatIf.Surge>> surges,
                  Map<String, Double> capacityFactors) {
        this.scenario = scenario;
        this.settings = settings;
        this.whatIfs = List.copyOf(whatIfs);
        this.allFactor = allFactor;
        this.eventFactors = eventFactors;
        this.surges = surges;
        this.capacityFactors = capacityFactors;
    }

    /**
     * Applies the what-ifs in order.
     *
     * @throws IllegalArgumentException when one does not fit the scenario (unknown event, layer or team; no final)
     */
    static World of(Scenario base, List<WhatIf> whatIfs) {
        Set<String> teams = new TreeSet<>();
        base.events().forEach(e -> e.teams().forEach(t -> teams.add(t.toLowerCase(Locale.ROOT))));
        teams.addAll(base.audience().teamFactors().keySet());
        for (WhatIf w : whatIfs) {
            if (w instanceof WhatIf.FinalTeams f) {
                f.teams().forEach(t -> teams.add(t.toLowerCase(Locale.ROOT)));
            }
        }
        SimulationSettings s = base.simulation();
        double goals = s.goalsPer90();
        double extraTime = s.extraTime();
        double penalties = s.penalties();
        Duration jitter = s.adBreakJitter();
        double all = 1;
        Map<String, Double> eventFactors = new HashMap<>();
        Map<String, Double> teamFactors = new LinkedHashMap<>(base.audience().teamFactors());
        List<String> finalTeams = null;
        Map<String, List<WhatIf.Surge>> surges = new HashMap<>();
        Map<String, Double> capacity = new HashMap<>();
        Map<String, Duration> heartbeat = new HashMap<>();
        for (WhatIf w : whatIfs) {
            WhatIf.problem(w, base.events(), base.layers(), teams).ifPresent(p -> {
                throw new IllegalArgumentException(w.text() + ": " + p);
            });
            switch (w) {
                case WhatIf.AllAudience a -> all *= a.factor();
                case WhatIf.EventAudience a -> eventFactors.merge(a.eventId(), a.factor(), (x, y) -> x * y);
                case WhatIf.TeamAudience t -> teamFactors.merge(t.team().toLowerCase(Locale.ROOT), t.factor(),
                        (x, y) -> x * y);
                case WhatIf.FinalTeams f -> finalTeams = f.teams();
                case WhatIf.Surge su -> surges.computeIfAbsent(su.eventId(), k -> new ArrayList<>()).add(su);
                case WhatIf.Capacity c -> capacity.merge(c.layer(), c.factor(), (x, y) -> x * y);
                case WhatIf.HeartbeatEvery h -> heartbeat.put(h.layer(), h.every());
                case WhatIf.ExtraTime x -> extraTime = x.probability();
                case WhatIf.Penalties p -> penalties = p.probability();
                case WhatIf.GoalsMean g -> goals = g.mean();
                case WhatIf.AdBreakJitter j -> jitter = j.jitter();
            }
        }
        Scenario world = base;
        if (finalTeams != null) {
            List<String> ft = finalTeams;
            world = world.withEvents(world.events().stream().map(e -> e.stage().kind() != StageKind.FINAL ? e
                    : new Event(e.id(), "", e.competition(), e.stage(), ft, e.kickoff(), e.region(), e.shape(),
                    e.audience(), e.delay(), e.source(), e.location())).toList());
        }
        if (!teamFactors.equals(base.audience().teamFactors())) {
            AudienceRules r = base.audience();
            world = world.withAudience(new AudienceRules(r.base(), teamFactors, r.combine(), r.stageFactors(),
                    r.marketFactors(), r.overrides(), r.kickoffFactors(), r.zone()));
        }
        if (!heartbeat.isEmpty() || !capacity.isEmpty()) {
            world = world.withLayers(world.layers().stream().map(l -> layer(l, heartbeat.get(l.name()),
                    capacity.getOrDefault(l.name(), 1.0))).toList());
        }
        return new World(world, s.withOutcomes(goals, extraTime, penalties, jitter),
                whatIfs.stream().map(WhatIf::text).toList(), all, eventFactors, surges, capacity);
    }

    /** The world's version of an event (same id), e.g. the final with other teams. */
    Event event(String id) {
        return scenario.events().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event " + id));
    }

    /** The event's audience distribution in this world, before {@link #audienceFactor}. */
    AudienceDistribution audience(Event e) {
        return scenario.audience().resolve(e).orElseThrow(() -> new IllegalArgumentException(
                "no audience estimate for event " + e.id())).distribution();
    }

    /** What the event's sampled audience is multiplied by. */
    double audienceFactor(String eventId) {
        return allFactor * eventFactors.getOrDefault(eventId, 1.0);
    }

    /** The share of its capacity per unit a layer keeps (1 unless a capacity what-if names it). */
    double capacityFactor(String layer) {
        return capacityFactors.getOrDefault(layer, 1.0);
    }

    /** A profile with the event's surges applied: the level rises by the surge's share from its offset. */
    ShapeProfile profile(String eventId, ShapeProfile p) {
        List<WhatIf.Surge> ss = surges.get(eventId);
        if (ss == null) {
            return p;
        }
        double[] level = p.level().clone();
        for (WhatIf.Surge s : ss) {
            double at = s.at().toSeconds() / 60.0;
            double within = Math.max(1, s.within().toSeconds() / 60.0);
            for (int i = 0; i < level.length; i++) {
                int t = p.startOffset() + i;
                double ramp = Math.min(1, Math.max(0, (t + 1 - at) / within));
                level[i] *= 1 + s.share() * ramp;
            }
        }
        return new ShapeProfile(p.startOffset(), level, p.inPlay(), p.adBreakSeconds(), p.finalWhistle());
    }

    private static Layer layer(Layer l, Duration heartbeat, double capacity) {
        List<LoadTerm> terms = l.terms().stream().map(t -> heartbeat != null && t instanceof LoadTerm.Heartbeat h
                ? new LoadTerm.Heartbeat(h.name(), h.share(), heartbeat, h.jitter()) : t).toList();
        return new Layer(l.name(), l.description(), l.unit(), l.metric(), l.perUnit() * capacity, l.headroom(), l.min(),
                l.max(), l.step(), l.warmup(), l.leadTime(), l.cooldown(), l.coalesce(), l.background(),
                l.amplification(), terms, l.regions(), l.derived(), l.target(), l.source(), l.profile(), l.carries(),
                l.dimensions().stream().map(d -> new io.prescale.planner.model.Dimension(d.name(), d.shown(),
                        d.terms(), d.background(), d.scale(), d.perUnit() * capacity)).toList());
    }
}
