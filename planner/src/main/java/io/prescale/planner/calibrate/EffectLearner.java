package io.prescale.planner.calibrate;

import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.StageKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Learns stage and team effects from the slots' audience scales, with shrinkage towards each effect's prior.
 * <p>
 * The model, in log space: each slot's best audience scale (relative to the fit with every effect at its prior
 * factor) is {@code y = b + sum_j x_j d_j + e}, where {@code b} shifts the base (flat prior), {@code d_j} moves
 * effect j away from its prior factor ({@code N(0, tau_j^2)}, tau_j the prior's log-spread), {@code x_j} the share
 * of the slot's events the effect applies to (for a team, its share of its match as {@code audience.combine} makes
 * the match's factor: see {@link #shares}), and {@code e ~ N(0, sigma^2)} what no effect explains. The posterior
 * is the conjugate normal one, and sigma is re-estimated from the residuals with the posterior's effective degrees
 * of freedom. So a team seen once moves only part of the way to what its match showed (its weight is
 * {@code tau^2 / (tau^2 + sigma^2)}), and an effect never seen keeps its prior and its full width.
 * <p>
 * Stage effects are relative to a reference stage, the one most fitted on: its audience is the base, so its factor
 * stays as stated (1 unless said) and certain, and every other stage is a factor on it.
 * <p>
 * A knockout round the scenario states no factor for is a step on the round before it, not on the base: its log
 * factor is the previous round's plus its own {@code d ~ N(0, tau^2)} (round of 32, round of 16, quarter-final,
 * semi-final, final; the third-place play-off steps from the quarter-finals, as it decides less than a semi-final).
 * The stakes rise round by round, so a quarter-final not yet seen starts where the round of 16 was learned to be
 * rather than back at a group match's size; once seen, each round is learned from its own matches, shrunk towards
 * the round before. A round not yet seen keeps its own prior's width, or the round before it's if that is wider:
 * "no effect, wide" already says how far from the base a round may be, so steps of rounds nobody has seen do not
 * pile up into a final four times wider than its prior.
 */
final class EffectLearner {
    /** The residual spread is never taken below this (a noiseless synthetic trace would give 0). */
    static final double MIN_SIGMA = 0.05;

    private EffectLearner() {
    }

    /**
     * One effect: its key ({@code team:x}, {@code stage:y}), the name shown, the prior factor and log-spread, and
     * the effect it steps from (a knockout round's previous round), or null.
     */
    record Effect(String key, String label, double prior, double tau, String parent) {
        Effect(String key, String label, double prior, double tau) {
            this(key, label, prior, tau, null);
        }
    }

    /** The rounds a knockout round steps from, nearest first. */
    private static final Map<StageKind, List<StageKind>> PREVIOUS = Map.of(
            StageKind.ROUND_OF_16, List.of(StageKind.ROUND_OF_32),
            StageKind.QUARTER_FINAL, List.of(StageKind.ROUND_OF_16, StageKind.ROUND_OF_32),
            StageKind.SEMI_FINAL, List.of(StageKind.QUARTER_FINAL, StageKind.ROUND_OF_16, StageKind.ROUND_OF_32),
            StageKind.THIRD_PLACE, List.of(StageKind.QUARTER_FINAL, StageKind.ROUND_OF_16, StageKind.ROUND_OF_32),
            StageKind.FINAL, List.of(StageKind.SEMI_FINAL, StageKind.QUARTER_FINAL, StageKind.ROUND_OF_16,
                    StageKind.ROUND_OF_32));

    /** The posterior of one effect: factor and log-spread, and on how many slots' worth of evidence. */
    record Learned(Effect effect, double factor, double tau, double slots) {
    }

    /** What was learned: the base's log shift and its variance, the residual spread, each effect. */
    record Result(double baseShift, double baseVariance, double sigma, List<Learned> effects, int slots) {
    }

    /** The effects of one calibration: every team with a factor and every stage of the calendar but the reference. */
    static List<Effect> effects(AudienceRules a, List<Event> calendar, String reference) {
        List<Effect> out = new ArrayList<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (Event e : calendar) {
            for (String t : e.teams()) {
                spelling.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
            }
        }
        for (var t : a.teamFactors().entrySet()) {
            if (t.getKey().equals(AudienceRules.ANY_TEAM)) {
                continue;
            }
            String key = AudienceRules.teamKey(t.getKey());
            out.add(new Effect(key, "team " + spelling.getOrDefault(t.getKey(), t.getKey()), t.getValue(),
                    a.uncertainties().getOrDefault(key, AudienceRules.DEFAULT_SPREAD)));
        }
        // "*": every team of the calendar the rules do not name has its own effect, with that prior
        Double any = a.teamFactors().get(AudienceRules.ANY_TEAM);
        if (any != null) {
            double tau = a.uncertainties().getOrDefault(AudienceRules.teamKey(AudienceRules.ANY_TEAM), 0.0);
            for (var t : spelling.entrySet()) {
                if (!a.teamFactors().containsKey(t.getKey())) {
                    out.add(new Effect(AudienceRules.teamKey(t.getKey()), "team " + t.getValue(), any, tau));
                }
            }
        }
        Map<String, Boolean> stages = new LinkedHashMap<>();
        for (Event e : calendar) {
            stages.put(e.stage().key().toLowerCase(Locale.ROOT), true);
        }
        a.stageFactors().keySet().forEach(k -> stages.put(k, true));
        for (String st : stages.keySet()) {
            if (st.equals(reference)) {
                continue;
            }
            String key = AudienceRules.stageKey(st);
            String parent = null;
            Optional<StageKind> kind = StageKind.parse(st).filter(k -> k.id().equals(st));
            if (kind.isPresent() && !a.stageFactors().containsKey(st)) {
                for (StageKind before : PREVIOUS.getOrDefault(kind.get(), List.of())) {
                    if (stages.containsKey(before.id())) {
                        // the reference round is the base itself: a step from it is a step from the base
                        parent = before.id().equals(reference) ? null : AudienceRules.stageKey(before.id());
                        break;
                    }
                }
            }
            out.add(new Effect(key, "stage " + st, a.stageFactors().getOrDefault(st, 1.0),
                    a.uncertainties().getOrDefault(key, AudienceRules.DEFAULT_SPREAD), parent));
        }
        return out;
    }

    /** Each effect's chain: its own index, then the index of the effect it steps from, and so on. */
    static List<List<Integer>> chains(List<Effect> effects) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < effects.size(); j++) {
            index.put(effects.get(j).key(), j);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int j = 0; j < effects.size(); j++) {
            List<Integer> chain = new ArrayList<>();
            for (Integer k = j; k != null && !chain.contains(k); k = index.get(effects.get(k).parent())) {
                chain.add(k);
                if (effects.get(k).parent() == null) {
                    break;
                }
            }
            out.add(List.copyOf(chain));
        }
        return out;
    }

    /**
     * How much of event {@code ev}'s log scale each effect carries: 1 for its stage; for its teams as
     * {@code combine} makes the match's factor of theirs.
     */
    static double[] shares(Event ev, List<Effect> effects, Map<String, Double> current,
                           AudienceRules.TeamCombine combine) {
        double[] out = new double[effects.size()];
        List<Integer> teams = new ArrayList<>();
        for (int j = 0; j < effects.size(); j++) {
            if (applies(effects.get(j).key(), ev)) {
                if (effects.get(j).key().startsWith("team:")) {
                    teams.add(j);
                } else {
                    out[j] = 1;
                }
            }
        }
        if (teams.isEmpty()) {
            return out;
        }
        switch (combine) {
            case PRODUCT -> teams.forEach(j -> out[j] = 1);
            case MEAN, SUM -> teams.forEach(j -> out[j] = 1.0 / teams.size());
            case MAX -> {
                // teams tied at the top (two never seen, at the same prior) share it until their factors part
                double top = teams.stream().mapToDouble(j -> factorNow(effects.get(j), current)).max().orElseThrow();
                List<Integer> best = teams.stream().filter(j -> factorNow(effects.get(j), current) >= top * (1 - 1e-9))
                        .toList();
                best.forEach(j -> out[j] = 1.0 / best.size());
            }
        }
        return out;
    }

    private static double factorNow(Effect e, Map<String, Double> current) {
        return current.getOrDefault(e.key(), e.prior());
    }

    /** Whether effect {@code key} applies to event {@code e}. */
    static boolean applies(String key, Event e) {
        if (key.startsWith("stage:")) {
            return e.stage().key().toLowerCase(Locale.ROOT).equals(key.substring(6));
        }
        String team = key.substring(5);
        return e.teams().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(team));
    }

    /**
     * @param y      each slot's log audience scale (slots whose scale could not be measured left out)
     * @param slots  each slot's events, in the order of {@code y}
     * @param slotWeight how much each slot's evidence weighs (1, or less the older it is)
     * @param sigma0 the residual spread to start from (the scenario's base spread)
     * @param current the factors the scales were measured against, by effect key (the prior where missing): each
     *               slot's scale is turned back into one against the priors before learning
     * @param combine how the forecast combines a match's teams' factors ({@code audience.combine}): a match's log
     *               scale is the sum of its teams' log effects only under {@code product}. Under {@code max} it is
     *               the most popular team's alone (the one with the larger factor so far: the backfitting that calls
     *               this again settles which), under {@code mean} and {@code sum} each team's share of it (the log
     *               of a mean is near the mean of the logs). Learning as if every team multiplied split a big
     *               match's pull between two teams that the forecast then only took the larger of.
     */
    static Result learn(double[] y0, double[] slotWeight, List<List<Event>> slots, List<Effect> effects,
                        double sigma0, Map<String, Double> current, AudienceRules.TeamCombine combine) {
        double[] y = y0.clone();
        int n = y.length;
        int p = effects.size() + 1;
        List<List<Integer>> chains = chains(effects);
        // direct[c][j]: the share of slot c's events effect j applies to; x[c][j]: the share its step reaches (its
        // own round's and every later round's stepping from it)
        double[][] direct = new double[n][effects.size()];
        double[][] x = new double[n][p];
        for (int c = 0; c < n; c++) {
            x[c][0] = 1;
            List<Event> evs = slots.get(c);
            for (Event ev : evs) {
                double[] share = shares(ev, effects, current, combine);
                for (int j = 0; j < effects.size(); j++) {
                    direct[c][j] += share[j] / evs.size();
                }
            }
            for (int j = 0; j < effects.size(); j++) {
                Effect e = effects.get(j);
                double now = current.getOrDefault(e.key(), e.prior());
                if (now > 0 && e.prior() > 0) {
                    y[c] += direct[c][j] * Math.log(now / e.prior());
                }
            }
            for (int j = 0; j < effects.size(); j++) {
                for (int k : chains.get(j)) {
                    x[c][k + 1] += direct[c][j];
                }
            }
        }
        double sigma = Math.max(MIN_SIGMA, sigma0);
        double[] mean = new double[p];
        double[][] cov = new double[p][p];
        for (int iter = 0; iter < 8; iter++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            a[0][0] = 1e-6;
            for (int j = 0; j < effects.size(); j++) {
                double tau = Math.max(1e-6, effects.get(j).tau());
                a[j + 1][j + 1] = 1 / (tau * tau);
            }
            double w0 = 1 / (sigma * sigma);
            for (int c = 0; c < n; c++) {
                double w = w0 * slotWeight[c];
                for (int r = 0; r < p; r++) {
                    if (x[c][r] == 0) {
                        continue;
                    }
                    b[r] += w * x[c][r] * y[c];
                    for (int q = 0; q < p; q++) {
                        a[r][q] += w * x[c][r] * x[c][q];
                    }
                }
            }
            cov = io.prescale.planner.stats.Matrices.invert(a);
            mean = new double[p];
            for (int r = 0; r < p; r++) {
                for (int q = 0; q < p; q++) {
                    mean[r] += cov[r][q] * b[q];
                }
            }
            // residuals, and the effective number of parameters (trace of the hat matrix X cov X' / sigma^2)
            double rss = 0;
            double dof = 0;
            for (int c = 0; c < n; c++) {
                double fit = 0;
                for (int r = 0; r < p; r++) {
                    fit += x[c][r] * mean[r];
                }
                rss += slotWeight[c] * (y[c] - fit) * (y[c] - fit);
                for (int r = 0; r < p; r++) {
                    for (int q = 0; q < p; q++) {
                        dof += x[c][r] * cov[r][q] * x[c][q] * w0 * slotWeight[c];
                    }
                }
            }
            double weight = 0;
            for (double sw : slotWeight) {
                weight += sw;
            }
            double next = weight - dof >= 1 ? Math.sqrt(rss / (weight - dof)) : sigma0;
            next = Math.max(MIN_SIGMA, next);
            if (Math.abs(next - sigma) < 1e-6) {
                sigma = next;
                break;
            }
            sigma = next;
        }
        List<Learned> learned = new ArrayList<>();
        for (int j = 0; j < effects.size(); j++) {
            double seen = 0;
            for (int c = 0; c < n; c++) {
                seen += direct[c][j];
            }
            double prior = 1;
            double shift = 0;
            double variance = 0;
            for (int k : chains.get(j)) {
                prior *= effects.get(k).prior();
                shift += mean[k + 1];
                for (int m : chains.get(j)) {
                    variance += cov[k + 1][m + 1];
                }
            }
            learned.add(new Learned(effects.get(j), prior * Math.exp(shift), Math.sqrt(Math.max(0, variance)), seen));
        }
        return new Result(mean[0], Math.max(0, cov[0][0]), sigma, unseenWidths(learned, chains), n);
    }

    /** A round not seen: its own prior's width, or the round before it's (as learned) if wider; never their sum. */
    private static List<Learned> unseenWidths(List<Learned> learned, List<List<Integer>> chains) {
        List<Learned> out = new ArrayList<>(learned);
        for (int j = 0; j < out.size(); j++) {
            Learned l = out.get(j);
            if (l.slots() > 0 || chains.get(j).size() < 2) {
                continue;
            }
            double tau = l.effect().tau();
            for (int k : chains.get(j).subList(1, chains.get(j).size())) {
                tau = Math.max(tau, learned.get(k).slots() > 0 ? learned.get(k).tau() : learned.get(k).effect().tau());
                if (learned.get(k).slots() > 0) {
                    break;
                }
            }
            out.set(j, new Learned(l.effect(), l.factor(), tau, 0));
        }
        return List.copyOf(out);
    }

    /** Every effect at its prior (none was seen); the base and the spread are measured as without effects. */
    static Result priorsOnly(List<Effect> effects, int slots) {
        List<List<Integer>> chains = chains(effects);
        List<Learned> out = new ArrayList<>();
        for (int j = 0; j < effects.size(); j++) {
            double prior = 1;
            for (int k : chains.get(j)) {
                prior *= effects.get(k).prior();
            }
            out.add(new Learned(effects.get(j), prior, effects.get(j).tau(), 0));
        }
        return new Result(0, 0, Double.NaN, unseenWidths(out, chains), slots);
    }

    /** {@code ±35%}: how far above the factor its P90 lies. */
    static String band(double tau) {
        return "±" + Math.round(100 * Math.expm1(AudienceDistribution.Z90 * tau)) + "%";
    }
}
