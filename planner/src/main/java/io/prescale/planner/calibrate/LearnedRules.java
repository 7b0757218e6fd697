package io.prescale.planner.calibrate;

import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The team and stage factors and their uncertainties after learning, rounded as the fragment writes them (so
 * the fit's error is that of the file).
 */
record LearnedRules(Map<String, Double> teams, Map<String, Double> stages, Map<String, Double> spreads) {

    static LearnedRules of(AudienceRules a, EffectLearner.Result r) {
        Map<String, Double> teams = new LinkedHashMap<>(a.teamFactors());
        Map<String, Double> stages = new LinkedHashMap<>(a.stageFactors());
        Map<String, Double> spreads = new LinkedHashMap<>(a.uncertainties());
        for (EffectLearner.Learned l : r.effects()) {
            String key = l.effect().key();
            double factor = Yaml.round(l.factor());
            if (key.startsWith("team:")) {
                if (l.slots() == 0 && !a.teamFactors().containsKey(key.substring(5))) {
                    continue; // a team only "*" covers, not seen yet: "*" still says it
                }
                teams.put(key.substring(5), factor);
            } else {
                stages.put(key.substring(6), factor);
            }
            spreads.put(key, spreadOf(Yaml.round(uncertainty(l.tau()))));
        }
        // the reference stage's audience is the base: its spread is the base's, not an effect's
        stages.keySet().stream().filter(k -> r.effects().stream().noneMatch(l -> l.effect().key()
                .equals(AudienceRules.stageKey(k)))).forEach(k -> spreads.remove(AudienceRules.stageKey(k)));
        return new LearnedRules(teams, stages, spreads);
    }

    /** Every learned factor by effect key ({@code team:x}, {@code stage:y}). */
    Map<String, Double> factors() {
        Map<String, Double> out = new LinkedHashMap<>();
        teams.forEach((k, v) -> out.put(AudienceRules.teamKey(k), v));
        stages.forEach((k, v) -> out.put(AudienceRules.stageKey(k), v));
        return out;
    }

    /** Whether every factor is within {@code tolerance} (relative) of the other's. */
    boolean closeTo(LearnedRules o, double tolerance) {
        Map<String, Double> a = factors();
        Map<String, Double> b = o.factors();
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : a.entrySet()) {
            double x = e.getValue();
            double y = b.get(e.getKey());
            if (Math.abs(x - y) > tolerance * Math.max(Math.abs(x), Math.abs(y))) {
                return false;
            }
        }
        return true;
    }

    /** The uncertainty as users write it: how far above the factor its P90 lies (0.5 = 50%). */
    static double uncertainty(double tau) {
        return Math.expm1(AudienceDistribution.Z90 * tau);
    }

    static double spreadOf(double uncertainty) {
        return Math.log1p(uncertainty) / AudienceDistribution.Z90;
    }
}
