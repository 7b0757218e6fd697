package io.prescale.planner.calibrate;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.AudienceShape;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.FinalWhistleSurge;
import io.prescale.planner.model.KeyframeShape;
import io.prescale.planner.model.KickoffFactor;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.MatchShape;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Fits the parameters of a scenario that best explain a recorded trace over some events' windows: the audience
 * base, the factors of the scenario's kickoff rules and team factors (those the fitted events can tell apart from
 * the base), each fitted shape's final-whistle surge (level, rise, half-life) and the layer's background.
 * <p>
 * The model is the forecaster itself: for a parameter vector the scenario is rebuilt and forecast at the median
 * audience, and Commons Math's Levenberg-Marquardt optimizer minimises the squared errors against the trace,
 * minute by minute (relative errors by default). Parameters are fitted in log space, so they stay positive (rise
 * at least 1 min, half-life at least 30 s). The P90 comes from the spread between slots: each slot's audience
 * scale that alone fits it best, log-normal; P50 is the median slot. Fitted values are rounded to 4 significant
 * digits (durations to seconds) before the fit's error is measured, so the error is that of the written fragment.
 * <p>
 * Stage effects seen in some of the fitted events are free in that fit (nuisance parameters), then learned with
 * shrinkage to their priors from the slots' scales ({@link EffectLearner}): a shrunk effect leaves part of its slots
 * unexplained, and a fit that held effects at their shrunk values would push that part into the base and the
 * kickoff factors, lifting every later match after one big knockout day. Team effects are learned the same way but
 * held at their learned factors in the fit: there is no reference team to pin the base.
 */
public final class Calibrator {
    /** Finite-difference step in log space; durations take a larger one: the model reads them in whole seconds. */
    private static final double H = 1e-4;
    private static final double H_DURATION = 0.03;
    /** A factor or level below this is written (and used) as 0. */
    private static final double ZERO = 1e-4;
    private static final int MAX_EVALUATIONS = 2000;
    /** Rounds of fitting the match model and learning the effects, at most. */
    private static final int MAX_ROUNDS = 12;
    /** The longest duration a shape may have (scenario-format.md), in minutes. */
    private static final double MAX_SHAPE_MINUTES = 24 * 60;
    /**
     * Minutes after the earliest final whistle a trace must reach for an event to be fitted: the whistle's surge
     * and most of the post-match tail, the evidence of how many watched; what extra time may follow is not needed.
     */
    private static final int SEEN_AFTER_WHISTLE = 30;

    private Calibrator() {
    }

    /** What a parameter of the vector sets. */
    private enum Kind {
        BASE, KICKOFF, EFFECT, WHISTLE_LEVEL, WHISTLE_RISE, WHISTLE_HALF_LIFE, BACKGROUND
    }

    /**
     * One entry of the parameter vector: {@code key} is the kickoff rule index, effect key or shape name; a duration
     * is at most {@code maxMinutes}.
     */
    private record Param(Kind kind, String key, String label, double initial, double maxMinutes) {
        Param(Kind kind, String key, String label, double initial) {
            this(kind, key, label, initial, MAX_SHAPE_MINUTES);
        }

        double value(double theta) {
            double t = Math.max(-30, Math.min(30, theta));
            // the optimiser may try further than a duration's bound: the model never sees it
            return switch (kind) {
                case WHISTLE_RISE -> Math.min(maxMinutes, 1 + Math.exp(t));
                case WHISTLE_HALF_LIFE -> Math.min(maxMinutes, 0.5 + Math.exp(t));
                default -> Math.exp(t);
            };
        }

        /** Whether a fitted duration stopped at its bound: the trace could not tell a longer one from it. */
        boolean atBound(double v) {
            return duration() && v >= maxMinutes - 0.5;
        }

        double theta(double value) {
            return switch (kind) {
                case WHISTLE_RISE -> Math.log(Math.max(1e-3, value - 1));
                case WHISTLE_HALF_LIFE -> Math.log(Math.max(1e-3, value - 0.5));
                default -> Math.log(Math.max(1e-6, value));
            };
        }

        FittedParameter.Kind shownAs() {
            return switch (kind) {
                case BASE -> FittedParameter.Kind.AUDIENCE;
                case KICKOFF, EFFECT, WHISTLE_LEVEL -> FittedParameter.Kind.FACTOR;
                case WHISTLE_RISE, WHISTLE_HALF_LIFE -> FittedParameter.Kind.MINUTES;
                case BACKGROUND -> FittedParameter.Kind.RPS;
            };
        }

        boolean duration() {
            return kind == Kind.WHISTLE_RISE || kind == Kind.WHISTLE_HALF_LIFE;
        }

        double step() {
            return duration() ? H_DURATION : H;
        }

        double round(double v) {
            if (duration()) {
                return Yaml.minutes(v).toSeconds() / 60.0;
            }
            return kind != Kind.BASE && kind != Kind.BACKGROUND && v < ZERO ? 0 : Yaml.round(v);
        }
    }

    /**
     * @throws io.prescale.planner.diag.InvalidInputException when the inputs cannot be fitted (no such layer or
     *         events, no base audience, events outside the trace, a fit that does not converge)
     */
    public static Calibration calibrate(Scenario s, Trace trace, CalibrationSettings settings) {
        return new Fit(s, trace, settings).run();
    }

    /**
     * The RMS error (rps) of {@code candidate}'s median forecast against the trace, over the minutes a calibration
     * of {@code structure} with these settings would fit: the same yardstick for every candidate (a new fit, the one
     * in force), whatever windows their own fitted shapes would give.
     *
     * @throws io.prescale.planner.diag.InvalidInputException when the structure cannot be fitted on the trace
     */
    public static double score(Scenario structure, Scenario candidate, Trace trace, CalibrationSettings settings) {
        Fit f = new Fit(structure, trace, settings);
        f.resolveLayer();
        f.diags.throwIfErrors("score of " + candidate.name());
        f.select();
        f.diags.throwIfErrors("score of " + candidate.name());
        return f.rmsOf(candidate);
    }

    /** The state of one calibration. */
    private static final class Fit {
        private final Scenario s;
        private final Trace trace;
        private final CalibrationSettings settings;
        private final Diagnostics diags = new Diagnostics();
        private final SourceLocation traceFile;
        private Layer layer;
        private TraceSeries series;
        private Instant at0;
        private PlanSettings wide;
        private List<EventTimeline> selected;
        private List<Event> modelEvents;
        private long[] minutes;
        private double[] observed;
        private double[] weights;
        private final List<Param> params = new ArrayList<>();
        private final List<FittedParameter> kept = new ArrayList<>();
        /** The kickoff rules the fit starts from: the scenario's, with unseen unstated ones following the rhythm. */
        private final List<KickoffFactor> kickoffStart;
        private int evaluations;
        private int iterations;
        /** The values of the last fit, in the order of {@code params}, and its cost (root of the sum of squares). */
        private double[] lastFitted;
        private double lastCost;
        /** By shape name: the longest its fitted windows follow a match after the whistle, in minutes. */
        private final Map<String, Double> watched = new LinkedHashMap<>();
        private BackgroundFit.Result profileFit;
        private LearnedRules learned;
        private EffectLearner.Result effectFit;
        /** The team and stage effects of the calibration (EffectLearner's). */
        private List<EffectLearner.Effect> effectList = List.of();
        private String reference;

        Fit(Scenario s, Trace trace, CalibrationSettings settings) {
            this.s = s;
            this.trace = trace;
            this.settings = settings;
            this.traceFile = SourceLocation.of(trace.file());
            this.kickoffStart = new ArrayList<>(s.audience().kickoffFactors());
            diags.addAll(trace.warnings());
        }

        Calibration run() {
            resolveLayer();
            if (s.audience().base().isEmpty()) {
                diags.error(SourceLocation.of(s.name()), "calibrate fits audience.base, and scenario " + s.name()
                        + " has none", "add audience: {base: {p50: ..., p90: ...}} as a starting point");
            }
            diags.throwIfErrors("calibration of " + s.name());
            select();
            diags.throwIfErrors("calibration of " + s.name());
            chooseParameters();
            Diagnostics.Mark warnings = diags.mark();
            Calibration c = fitRounds(warnings);
            // A surge's rise and decay are only seen as far as the fitted windows follow a match after its whistle:
            // a half-life of a day and one of three hours look alike in 40 minutes of tail, and the longer one would
            // hold every later event's window (and its capacity) open for days. A duration fitted past that span is
            // fitted again, bounded by it; the bounded fit is kept (and said to be at its bound) unless the longer
            // one fits clearly better: by more than a parameter's worth of the residual noise (the AIC's 2 sigma^2).
            double unboundedCost = lastCost * lastCost;
            boolean past = false;
            for (int k = 0; k < params.size(); k++) {
                Param p = params.get(k);
                double span = watched.getOrDefault(p.key(), MAX_SHAPE_MINUTES);
                if (p.duration() && lastFitted[k] > span) {
                    params.set(k, new Param(p.kind(), p.key(), p.label(), Math.min(span, p.initial()), span));
                    past = true;
                }
            }
            if (past) {
                Calibration unbounded = c;
                learned = null;
                effectFit = null;
                diags.rollback(warnings);
                c = fitRounds(warnings);
                double noise = unboundedCost / Math.max(1, minutes.length - params.size());
                if (lastCost * lastCost - unboundedCost > 2 * noise) {
                    return unbounded;
                }
            }
            return c;
        }

        /**
         * Backfitting: the match model is fitted with the effects at their current factors, the effects are learned
         * from the slots it leaves unexplained, and again, until the effects stop moving.
         */
        private Calibration fitRounds(Diagnostics.Mark warnings) {
            double[] theta = params.stream().mapToDouble(p -> p.theta(p.initial())).toArray();
            Calibration c = null;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                LeastSquaresOptimizer.Optimum opt = optimise(theta);
                diags.throwIfErrors("calibration of " + s.name());
                iterations += opt.getIterations();
                lastCost = opt.getCost();
                theta = opt.getPoint().toArray();
                double[] fitted = new double[params.size()];
                for (int k = 0; k < params.size(); k++) {
                    fitted[k] = params.get(k).round(params.get(k).value(theta[k]));
                }
                LearnedRules before = learned;
                diags.rollback(warnings);
                lastFitted = fitted;
                c = finish(fitted, iterations);
                // nothing seen leaves every effect at its prior, where the match model was fitted: nothing to redo
                if (learned == null || Double.isNaN(effectFit.sigma())
                        || (before != null && before.closeTo(learned, 0.005))) {
                    break;
                }
            }
            return c;
        }

        private void resolveLayer() {
            String names = String.join(", ", s.layers().stream().map(Layer::name).toList());
            Optional<String> name = settings.layer()
                    .or(() -> s.layers().size() == 1 ? Optional.of(s.layers().get(0).name()) : Optional.empty());
            if (name.isEmpty()) {
                diags.error(traceFile, "scenario " + s.name() + " has " + s.layers().size()
                        + " layers: say which one the trace is fitted on (--layer)", "layers: " + names);
                return;
            }
            Optional<Layer> l = s.layer(name.get());
            if (l.isEmpty()) {
                diags.error(traceFile, "no layer '" + name.get() + "' in scenario " + s.name(), "layers: " + names);
                return;
            }
            layer = l.get();
            if (layer.metric() != io.prescale.planner.model.Metric.RPS) {
                // a request trace fitted to a Gbps layer gave its background in rps, silently (backtest refuses it)
                diags.error(layer.source(), "layer " + layer.name() + " is sized in Gbps; calibrate fits request traces");
                return;
            }
            Optional<TraceSeries> ts = trace.seriesFor(layer.name(), layer.name());
            if (ts.isEmpty()) {
                diags.error(traceFile, "the trace has no series for layer " + layer.name(), "its series: "
                        + String.join(", ", trace.series().stream().map(x -> x.unnamed() ? "(unnamed)" : x.name()).toList()));
                return;
            }
            series = ts.get();
        }

        /** The fitted events (windows inside the trace), the events that overlap them, and the fitted minutes. */
        private void select() {
            List<Event> onLayer = s.events().stream().filter(e -> layer.servesRegion(e.region())).toList();
            if (onLayer.isEmpty()) {
                diags.error(SourceLocation.of(s.name()), "no event of scenario " + s.name() + " loads layer " + layer.name());
                return;
            }
            Instant first = onLayer.stream().map(Event::start).min(Instant::compareTo).orElseThrow();
            Instant last = onLayer.stream().map(Event::start).max(Instant::compareTo).orElseThrow();
            at0 = first.minus(Duration.ofDays(1));
            wide = new PlanSettings(Optional.of(at0), 0.5, s.plan().maxAge(),
                    Duration.between(at0, last).plus(Duration.ofDays(2)));
            Forecast all = new RpsForecaster().forecast(scenario(onLayer, s.audience(), s.shapes(), layer), at0, 0.5,
                    e -> true);
            Predicate<Event> chosen;
            if (!settings.events().isEmpty()) {
                Set<String> ids = new HashSet<>(settings.events());
                for (String id : settings.events()) {
                    if (onLayer.stream().noneMatch(e -> e.id().equals(id))) {
                        diags.error(traceFile, "no event '" + id + "' on layer " + layer.name() + " in scenario " + s.name());
                    }
                }
                chosen = e -> ids.contains(e.id());
            } else {
                chosen = e -> settings.from().map(f -> !e.start().isBefore(f)).orElse(true)
                        && settings.until().map(u -> e.start().isBefore(u)).orElse(true);
            }
            selected = new ArrayList<>();
            List<String> outside = new ArrayList<>();
            for (EventTimeline t : all.events()) {
                if (!chosen.test(t.event())) {
                    continue;
                }
                // A knockout's window runs to the end of penalties; one the trace follows until well after regulation
                // time is fitted on what it holds (so an evening round of 16 teaches the next morning's fit)
                long seenTo = Math.min(t.windowEnd(), t.earliestWhistle() + SEEN_AFTER_WHISTLE);
                if (trace.covers(t.windowStart()) && trace.covers(seenTo - 1)) {
                    selected.add(t);
                } else {
                    outside.add(t.event().id());
                }
            }
            if (!outside.isEmpty()) {
                String msg = outside.size() + " event(s) outside the trace (" + trace.start() + " to " + trace.end()
                        + ") not fitted: " + abbreviate(outside);
                if (settings.events().isEmpty()) {
                    diags.warning(traceFile, msg);
                } else {
                    diags.error(traceFile, msg);
                }
            }
            if (selected.isEmpty()) {
                diags.error(traceFile, "no event to fit on" + (settings.from().isPresent() || settings.until().isPresent()
                        ? " kicks off in the given range" : ""), "the events' windows must lie within the trace");
                return;
            }
            TreeSet<Long> mins = new TreeSet<>();
            for (EventTimeline t : selected) {
                for (long m = t.windowStart(); m < t.windowEnd(); m++) {
                    // a minute the source had no sample for (NaN) says nothing either way
                    if (trace.covers(m) && !Double.isNaN(Trace.rpsAt(series, trace.startMinute(), m))) {
                        mins.add(m);
                    }
                }
            }
            if (mins.isEmpty()) {
                diags.error(traceFile, "the trace has no sample in the windows of the events to fit");
                return;
            }
            if (mins.stream().allMatch(m -> Trace.rpsAt(series, trace.startMinute(), m) == 0)) {
                // all zeros fitted an audience of 0 and a surge of 10^15 %, shown as "Infinity%"
                diags.error(traceFile, "the trace has no requests in the windows of the events to fit (every sample "
                        + "is 0): nothing to fit", "is it the right trace, layer and time zone?");
                return;
            }
            modelEvents = new ArrayList<>();
            for (EventTimeline t : all.events()) {
                Long in = mins.ceiling(t.windowStart());
                if (in != null && in < t.windowEnd()) {
                    modelEvents.add(t.event());
                }
            }
            minutes = mins.stream().mapToLong(Long::longValue).toArray();
            if (layer.profile().isPresent()) {
                fitProfile(all);
            }
            observed = new double[minutes.length];
            double mean = 0;
            for (int i = 0; i < minutes.length; i++) {
                observed[i] = Trace.rpsAt(series, trace.startMinute(), minutes[i]);
                mean += observed[i] / minutes.length;
            }
            double floor = Math.max(1e-6, 0.05 * mean);
            weights = new double[minutes.length];
            long newest = minutes[minutes.length - 1];
            for (int i = 0; i < minutes.length; i++) {
                // residuals are squared: the square root of the age weight weighs each minute's squared error by it
                weights[i] = (settings.weighting() == CalibrationSettings.Weighting.RELATIVE
                        ? 1 / Math.max(observed[i], floor) : 1) * Math.sqrt(settings.weightOfAge(newest - minutes[i]));
            }
        }

        /**
         * The layer's background profile, from the trace minutes outside every event's window up to the end of what
         * calibrate may see (the --until instant, else the end of the last fitted window).
         */
        private void fitProfile(Forecast all) {
            long until = settings.until().map(u -> Math.floorDiv(u.getEpochSecond(), 60))
                    .orElse(selected.stream().mapToLong(EventTimeline::windowEnd).max().orElseThrow());
            long[][] windows = all.events().stream().map(t -> new long[] {t.windowStart(), t.windowEnd()})
                    .toArray(long[][]::new);
            try {
                BackgroundFit.Result r = BackgroundFit.fit(trace, series, windows, until, layer.profile().get().zone());
                layer = layer.withBackground(r.profile());
                profileFit = r;
                if (!r.borrowed().isEmpty()) {
                    diags.warning(traceFile, "background profile: " + r.borrowed().size() + " hour(s) had too few "
                            + "minutes outside events and were borrowed: " + abbreviate(r.borrowed()));
                }
            } catch (BackgroundFit.TooShort e) {
                diags.error(traceFile, e.getMessage(), "calibrate on a longer trace, or give the layer a constant "
                        + "background (background: 300rps) to fit one number instead");
            }
        }

        /** The parameters the fitted events can tell apart; the rest are kept and say why. */
        private void chooseParameters() {
            AudienceRules a = s.audience();
            List<Event> ruled = selected.stream().map(EventTimeline::event)
                    .filter(e -> e.audience().isEmpty() && !a.hasOverride(e)).toList();
            params.add(new Param(Kind.BASE, "", "audience base", a.base().orElseThrow().p50()));
            for (int k = 0; k < a.kickoffFactors().size(); k++) {
                KickoffFactor f = a.kickoffFactors().get(k);
                long n = ruled.stream().filter(e -> f.matches(e.start().atZone(a.zone()))).count();
                String label = "kickoff " + f.label();
                OptionalDouble rhythm = n == 0 && !f.stated() && layer.profile().isPresent()
                        ? Rhythm.ratio(f, ruled, layer.profile().get(), a.zone()) : OptionalDouble.empty();
                if (rhythm.isPresent()) {
                    double v = Yaml.round(rhythm.getAsDouble());
                    kickoffStart.set(k, f.withFactor(v));
                    kept.add(new FittedParameter(label, FittedParameter.Kind.FACTOR, f.factor(), v, false,
                            "never seen, no factor stated: follows the site's own rhythm (its background there is "
                                    + Math.round(v * 100) + "% of where the fitted events kicked off)"));
                    continue;
                }
                consider(new Param(Kind.KICKOFF, String.valueOf(k), label, f.factor()), n, ruled.size(),
                        "no fitted event kicks off at that time");
            }
            // Team and stage effects are learned from the slots' scales with their priors (EffectLearner). In the
            // match model's fit each seen stage effect is free, so what it explains of its slots cannot leak into
            // the base or the kickoff factors (a first knockout round drawing three times more would otherwise lift
            // every later match): the shrinkage towards the prior is the effect learner's alone.
            // Only stage effects are free there: the reference stage's matches stay to say what the base is. Teams
            // have no reference team: with every team of the calendar free ("*"), each match's scale could go to its
            // own teams and nothing would pin the base (it wandered to 3x its value and the fit stopped converging);
            // a team's matches are a small share of the slots, so its learned factor held in the fit leaks little.
            effectList = effects(selected);
            for (EffectLearner.Effect e : effectList) {
                long n = ruled.stream().filter(ev -> EffectLearner.applies(e.key(), ev)).count();
                if (n > 0 && n < ruled.size() && e.key().startsWith("stage:")) {
                    params.add(new Param(Kind.EFFECT, e.key(), e.label(), e.prior()));
                }
            }
            Set<String> shapes = new TreeSet<>();
            for (EventTimeline t : selected) {
                shapes.add(t.shape().name());
            }
            for (String name : shapes) {
                FinalWhistleSurge fw = surge(s.shapes().get(name));
                params.add(new Param(Kind.WHISTLE_LEVEL, name, "shape " + name + " finalWhistle.level",
                        fw.level() > 0 ? fw.level() : 0.5));
                watched.put(name, watchedAfterWhistle(name));
                params.add(new Param(Kind.WHISTLE_RISE, name, "shape " + name + " finalWhistle.rise",
                        Math.max(1.5, fw.rise().toMillis() / 60_000.0)));
                params.add(new Param(Kind.WHISTLE_HALF_LIFE, name, "shape " + name + " finalWhistle.halfLife",
                        Math.max(1, fw.halfLife().toMillis() / 60_000.0)));
            }
            double mean = Arrays.stream(observed).average().orElse(1);
            if (layer.profile().isPresent()) {
                return;
            }
            params.add(new Param(Kind.BACKGROUND, layer.name(), "layer " + layer.name() + " background",
                    layer.background() > 0 ? layer.background() : 0.1 * mean));
        }

        /**
         * The longest a fitted window of shape {@code name} follows its match after the earliest whistle, in minutes
         * of trace (at least 2, at most a shape's longest duration).
         */
        private double watchedAfterWhistle(String name) {
            long longest = 0;
            for (EventTimeline t : selected) {
                if (!t.shape().name().equals(name)) {
                    continue;
                }
                int i = Arrays.binarySearch(minutes, t.windowEnd());
                int last = (i >= 0 ? i : -i - 1) - 1;
                if (last >= 0 && minutes[last] >= t.windowStart()) {
                    longest = Math.max(longest, minutes[last] + 1 - t.earliestWhistle());
                }
            }
            return Math.max(2, Math.min(MAX_SHAPE_MINUTES, longest));
        }

        private void consider(Param p, long matching, int of, String none) {
            if (matching == 0) {
                kept.add(new FittedParameter(p.label(), p.shownAs(), p.initial(), p.initial(), false, none));
            } else if (matching == of) {
                kept.add(new FittedParameter(p.label(), p.shownAs(), p.initial(), p.initial(), false,
                        "every fitted event matches it: it cannot be told apart from the base"));
            } else {
                params.add(p);
            }
        }

        private LeastSquaresOptimizer.Optimum optimise(double[] theta0) {
            MultivariateJacobianFunction model = point -> {
                double[] th = point.toArray();
                double[] r0 = residuals(th);
                double[][] jac = new double[r0.length][th.length];
                for (int k = 0; k < th.length; k++) {
                    double[] t2 = th.clone();
                    double h = params.get(k).step();
                    t2[k] += h;
                    double[] rk = residuals(t2);
                    for (int i = 0; i < r0.length; i++) {
                        jac[i][k] = (rk[i] - r0[i]) / h;
                    }
                }
                return new Pair<>(new ArrayRealVector(r0, false), new Array2DRowRealMatrix(jac, false));
            };
            LeastSquaresProblem problem = new LeastSquaresBuilder()
                    .start(theta0)
                    .model(model)
                    .target(new double[minutes.length])
                    .maxEvaluations(MAX_EVALUATIONS)
                    .maxIterations(MAX_EVALUATIONS)
                    .build();
            LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
                    .withCostRelativeTolerance(1e-9)
                    .withParameterRelativeTolerance(1e-7);
            try {
                return lm.optimize(problem);
            } catch (TooManyEvaluationsException | TooManyIterationsException e) {
                diags.error(traceFile, "the fit did not converge within " + MAX_EVALUATIONS + " evaluations",
                        "fit on more events, or start from closer values in the scenario");
                return null;
            }
        }

        private double[] residuals(double[] theta) {
            double[] values = new double[theta.length];
            for (int k = 0; k < theta.length; k++) {
                values[k] = params.get(k).value(theta[k]);
            }
            double[] pred = predict(values, modelEvents, true);
            double[] r = new double[pred.length];
            for (int i = 0; i < pred.length; i++) {
                r[i] = (pred[i] - observed[i]) * weights[i];
            }
            return r;
        }

        /** The median forecast of the fitted layer over the fitted minutes, for parameter values. */
        private double[] predict(double[] values, List<Event> events, boolean rawEffects) {
            evaluations++;
            Scenario m = build(values, Optional.empty(), events, rawEffects);
            Forecast f = new RpsForecaster().forecast(m, at0, 0.5, e -> true);
            LayerForecast lf = f.layers().get(0);
            double[] out = new double[minutes.length];
            for (int i = 0; i < minutes.length; i++) {
                long idx = minutes[i] - f.gridStart();
                out[i] = idx >= 0 && idx < lf.length() ? lf.load()[(int) idx]
                        : layer.backgroundAt(minutes[i], 0.5) * layer.amplification();
            }
            return out;
        }

        /** The RMS error of another scenario's median forecast over the fitted minutes (its own layer and events). */
        private double rmsOf(Scenario candidate) {
            Layer cl = candidate.layer(layer.name()).orElseThrow(() -> new io.prescale.planner.diag.InvalidInputException(
                    "score of " + candidate.name(), List.of(io.prescale.planner.diag.Diagnostic.error(
                            SourceLocation.of(candidate.name()), "scenario " + candidate.name() + " has no layer "
                                    + layer.name(), ""))));
            Set<String> ids = new HashSet<>(modelEvents.stream().map(Event::id).toList());
            Scenario only = new Scenario(candidate.name(), candidate.description(), candidate.zone(), wide,
                    candidate.events().stream().filter(e -> ids.contains(e.id())).toList(), candidate.audience(),
                    candidate.shapes(), candidate.shapeByStage(), candidate.defaultShape(), List.of(cl), Map.of(),
                    candidate.inputs(), List.of());
            Forecast fc = new RpsForecaster().forecast(only, at0, 0.5, e -> true);
            LayerForecast lf = fc.layers().get(0);
            double ss = 0;
            for (int i = 0; i < minutes.length; i++) {
                long idx = minutes[i] - fc.gridStart();
                double pred = idx >= 0 && idx < lf.length() ? lf.load()[(int) idx]
                        : cl.backgroundAt(minutes[i], 0.5) * cl.amplification();
                ss += (pred - observed[i]) * (pred - observed[i]);
            }
            return Math.sqrt(ss / minutes.length);
        }

        /** The load the given events alone put on the fitted layer over the fitted minutes, background excluded. */
        private double[] eventLoad(double[] values, List<Event> events) {
            evaluations++;
            Scenario m = build(values, Optional.empty(), events, true);
            // planned from just before the events' pre-match ramps: the grid spans them, not the tournament
            Instant from = events.stream().map(Event::start).min(Instant::compareTo).orElse(at0).minus(Duration.ofHours(6));
            Forecast f = new RpsForecaster().forecast(m, from.isBefore(at0) ? at0 : from, 0.5, e -> true);
            LayerForecast lf = f.layers().get(0);
            double[] out = new double[minutes.length];
            int lo = java.util.Arrays.binarySearch(minutes, f.gridStart());
            for (int i = lo < 0 ? -lo - 1 : lo; i < minutes.length && minutes[i] < f.gridStart() + lf.length(); i++) {
                long idx = minutes[i] - f.gridStart();
                if (idx >= 0) {
                    Layer built = m.layers().get(0);
                    out[i] = lf.load()[(int) idx] - built.backgroundAt(minutes[i], 0.5) * built.amplification();
                }
            }
            return out;
        }

        /**
         * The scenario with the given parameter values; {@code base} replaces the fixed base when present. With
         * {@code rawEffects} the seen effects take their values in the match model's fit; without, the learned
         * (shrunk) factors, as the calibrated scenario has them.
         */
        private Scenario build(double[] values, Optional<AudienceDistribution> base, List<Event> events,
                               boolean rawEffects) {
            AudienceRules a = s.audience();
            double baseValue = a.base().orElseThrow().p50();
            List<KickoffFactor> kick = new ArrayList<>(kickoffStart);
            Map<String, Double> teams = new LinkedHashMap<>(learned != null ? learned.teams() : a.teamFactors());
            Map<String, Double> stages = new LinkedHashMap<>(learned != null ? learned.stages() : a.stageFactors());
            Map<String, Double> spreads = learned != null ? learned.spreads() : a.uncertainties();
            Map<String, double[]> whistles = new LinkedHashMap<>();
            double background = layer.background();
            for (int k = 0; k < values.length; k++) {
                Param p = params.get(k);
                double v = values[k];
                switch (p.kind()) {
                    case BASE -> baseValue = v;
                    case KICKOFF -> {
                        KickoffFactor f = kick.get(Integer.parseInt(p.key()));
                        kick.set(Integer.parseInt(p.key()), new KickoffFactor(f.label(), f.days(), f.from(), f.to(), v));
                    }
                    case EFFECT -> {
                        if (rawEffects) {
                            (p.key().startsWith("team:") ? teams : stages).put(p.key().substring(p.key().indexOf(':') + 1), v);
                        }
                    }
                    case WHISTLE_LEVEL -> whistles.computeIfAbsent(p.key(), x -> new double[3])[0] = v;
                    case WHISTLE_RISE -> whistles.computeIfAbsent(p.key(), x -> new double[3])[1] = v;
                    case WHISTLE_HALF_LIFE -> whistles.computeIfAbsent(p.key(), x -> new double[3])[2] = v;
                    case BACKGROUND -> background = v;
                }
            }
            AudienceRules rules = new AudienceRules(Optional.of(base.orElse(new AudienceDistribution.Fixed(baseValue))),
                    teams, a.combine(), stages, a.marketFactors(), a.overrides(), kick, a.zone(), spreads);
            Map<String, AudienceShape> shapes = new LinkedHashMap<>(s.shapes());
            whistles.forEach((name, w) -> shapes.put(name, withSurge(shapes.get(name),
                    new FinalWhistleSurge(w[0], nanosOfMinutes(w[1]), nanosOfMinutes(w[2])))));
            return scenario(events, rules, shapes, withBackground(layer, background));
        }

        private Scenario scenario(List<Event> events, AudienceRules rules, Map<String, AudienceShape> shapes, Layer l) {
            return new Scenario(s.name(), s.description(), s.zone(), wide, events, rules, shapes, s.shapeByStage(),
                    s.defaultShape(), List.of(l), Map.of(), s.inputs(), List.of());
        }

        private Calibration finish(double[] fitted, int iterations) {
            // the slots: fitted events whose windows overlap
            List<List<EventTimeline>> slots = new ArrayList<>();
            List<EventTimeline> sorted = new ArrayList<>(selected);
            sorted.sort((x, y) -> Long.compare(x.windowStart(), y.windowStart()));
            long end = Long.MIN_VALUE;
            for (EventTimeline t : sorted) {
                if (t.windowStart() < end) {
                    slots.get(slots.size() - 1).add(t);
                } else {
                    slots.add(new ArrayList<>(List.of(t)));
                }
                end = Math.max(end, t.windowEnd());
            }
            // each slot's best audience scale, with the rest of the fit unchanged
            double[] full = predict(fitted, modelEvents, true);
            List<Double> logScales = new ArrayList<>();
            List<double[]> weightedLogScales = new ArrayList<>();
            double[] slotWeight = new double[slots.size()];
            long newest = minutes[minutes.length - 1];
            double[] scales = new double[slots.size()];
            int negligible = 0;
            for (int c = 0; c < slots.size(); c++) {
                Set<String> ids = new HashSet<>(slots.get(c).stream().map(t -> t.event().id()).toList());
                // loads add up, so the forecast without the slot is the full one less the slot's own events' load,
                // which a forecast of those events alone gives on a grid of a few hours, not the whole tournament
                double[] own = eventLoad(fitted, modelEvents.stream().filter(e -> ids.contains(e.id())).toList());
                double[] without = new double[full.length];
                for (int i = 0; i < full.length; i++) {
                    without[i] = full[i] - own[i];
                }
                long ws = slots.get(c).stream().mapToLong(EventTimeline::windowStart).min().orElseThrow();
                long we = slots.get(c).stream().mapToLong(EventTimeline::windowEnd).max().orElseThrow();
                double num = 0;
                double den = 0;
                double eventPeak = 0;
                double realPeak = 0;
                for (int i = 0; i < minutes.length; i++) {
                    if (minutes[i] >= ws && minutes[i] < we) {
                        double e = full[i] - without[i];
                        eventPeak = Math.max(eventPeak, e);
                        realPeak = Math.max(realPeak, observed[i]);
                        double w2 = weights[i] * weights[i];
                        num += w2 * e * (observed[i] - without[i]);
                        den += w2 * e * e;
                    }
                }
                slotWeight[c] = settings.weightOfAge(newest - ws);
                if (den > 0 && eventPeak >= 0.05 * realPeak) {
                    scales[c] = num / den;
                    logScales.add(Math.log(Math.max(0.05, scales[c])));
                    weightedLogScales.add(new double[] {Math.log(Math.max(0.05, scales[c])), slotWeight[c]});
                } else {
                    scales[c] = Double.NaN;
                    negligible++;
                }
            }
            if (negligible > 0) {
                diags.warning(traceFile, negligible + " slot(s) left out of the P90 spread: the fitted model gives "
                        + "their events almost no load (a factor fitted near 0), so no scale can be measured");
            }
            int baseIndex = 0;
            double baseFit = fitted[baseIndex];
            double[] ls = logScales.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double centre = ls.length == 0 ? 0
                    : settings.halfLife().isPresent() ? BackgroundFit.weightedQuantile(weightedLogScales, 0.5)
                    : ls.length % 2 == 1 ? ls[ls.length / 2] : (ls[ls.length / 2 - 1] + ls[ls.length / 2]) / 2;
            double p50 = Yaml.round(baseFit * Math.exp(centre));
            double sigma;
            List<EffectLearner.Effect> effects = effectList;
            AudienceDistribution prior = s.audience().base().orElseThrow();
            double priorSigma = prior.p90() > prior.p50() ? Math.log(prior.p90() / prior.p50()) / AudienceDistribution.Z90
                    : 0;
            boolean anySeen = effects.stream().anyMatch(e -> slots.stream().anyMatch(slot -> slot.stream()
                    .anyMatch(t -> EffectLearner.applies(e.key(), t.event()))));
            if (!effects.isEmpty() && !anySeen) {
                // no effect seen: the base is the median slot, as without effects (robust to one outlying slot), and
                // every effect keeps its prior at its full width
                effectFit = EffectLearner.priorsOnly(effects, logScales.size());
                learned = LearnedRules.of(s.audience(), effectFit);
            }
            if (!effects.isEmpty() && anySeen && !logScales.isEmpty()) {
                List<List<Event>> measured = new ArrayList<>();
                double[] y = new double[logScales.size()];
                double[] yw = new double[logScales.size()];
                int k = 0;
                for (int c = 0; c < slots.size(); c++) {
                    if (!Double.isNaN(scales[c])) {
                        measured.add(slots.get(c).stream().map(EventTimeline::event).toList());
                        yw[k] = slotWeight[c];
                        y[k++] = Math.log(Math.max(0.05, scales[c]));
                    }
                }
                // the scales were measured against the match model's own values of the effects free in it
                Map<String, Double> current = new LinkedHashMap<>(learned == null ? Map.of() : learned.factors());
                for (int q = 0; q < params.size(); q++) {
                    if (params.get(q).kind() == Kind.EFFECT) {
                        current.put(params.get(q).key(), fitted[q]);
                    }
                }
                effectFit = EffectLearner.learn(y, yw, measured, effects, ls.length >= Calibration.SPREAD_SLOTS ? sd(ls) : priorSigma, current,
                        s.audience().combine());
                p50 = Yaml.round(baseFit * Math.exp(effectFit.baseShift()));
                sigma = Math.sqrt(effectFit.sigma() * effectFit.sigma() + effectFit.baseVariance());
                learned = LearnedRules.of(s.audience(), effectFit);
                if (ls.length < Calibration.SPREAD_SLOTS) {
                    diags.warning(traceFile, "only " + ls.length + " slot(s) fitted: the spread is the scenario's",
                            "fit on three or more slots to measure it");
                }
            } else if (ls.length >= Calibration.SPREAD_SLOTS) {
                sigma = sd(ls);
            } else {
                AudienceDistribution b = s.audience().base().orElseThrow();
                sigma = Math.log(b.p90() / b.p50()) / AudienceDistribution.Z90;
                diags.warning(traceFile, "only " + ls.length + " slot(s) fitted: the P90 keeps the scenario's spread",
                        "fit on three or more slots to measure it");
            }
            double p90 = Yaml.round(p50 * Math.exp(AudienceDistribution.Z90 * sigma));
            AudienceDistribution base = AudienceDistribution.fromP50P90(p50, p90);
            double[] centred = fitted.clone();
            centred[baseIndex] = p50;
            double[] p50Forecast = predict(centred, modelEvents, false);
            double ss = 0;
            double mean = 0;
            for (int i = 0; i < minutes.length; i++) {
                ss += (p50Forecast[i] - observed[i]) * (p50Forecast[i] - observed[i]);
                mean += observed[i];
            }
            double rms = Math.sqrt(ss / minutes.length);
            mean /= minutes.length;
            List<SlotFit> slotFits = new ArrayList<>();
            for (int c = 0; c < slots.size(); c++) {
                long ws = slots.get(c).stream().mapToLong(EventTimeline::windowStart).min().orElseThrow();
                long we = slots.get(c).stream().mapToLong(EventTimeline::windowEnd).max().orElseThrow();
                double real = 0;
                double fc = 0;
                for (int i = 0; i < minutes.length; i++) {
                    if (minutes[i] >= ws && minutes[i] < we) {
                        real = Math.max(real, observed[i]);
                        fc = Math.max(fc, p50Forecast[i]);
                    }
                }
                slotFits.add(new SlotFit(Instant.ofEpochSecond(ws * 60), Instant.ofEpochSecond(we * 60),
                        slots.get(c).stream().map(t -> t.event().id()).toList(), real, fc, scales[c]));
            }
            // the calibrated scenario: the input with the fitted values, all its events and layers
            Scenario fittedOne = build(fitted, Optional.of(base), s.events(), false);
            Layer fittedLayer = fittedOne.layers().get(0);
            List<Layer> layers = s.layers().stream().map(l -> l.name().equals(layer.name()) ? fittedLayer : l).toList();
            Scenario calibrated = new Scenario(s.name(), s.description(), s.zone(), s.plan(), s.events(),
                    fittedOne.audience(), fittedOne.shapes(), s.shapeByStage(), s.defaultShape(), layers, s.baseline(),
                    s.inputs(), s.warnings());
            List<FittedParameter> parameters = new ArrayList<>();
            for (int k = 0; k < params.size(); k++) {
                Param p = params.get(k);
                if (p.kind() == Kind.EFFECT) {
                    continue; // shown as learned, with its shrinkage, below
                }
                parameters.add(new FittedParameter(p.label(), p.shownAs(), p.initial(),
                        k == baseIndex ? p50 : fitted[k], true, k == baseIndex ? "P50; P90 " + Quantities.human(p90)
                        : p.atBound(fitted[k]) ? "at the longest the fitted windows follow a match after its whistle ("
                        + Math.round(p.maxMinutes()) + " min): a longer one cannot be told from it in this trace" : ""));
            }
            parameters.addAll(kept);
            if (effectFit != null) {
                for (EffectLearner.Learned l : effectFit.effects()) {
                    parameters.add(new FittedParameter(l.effect().label(), FittedParameter.Kind.FACTOR,
                            l.effect().prior(), Yaml.round(l.factor()), l.slots() > 0,
                            (l.slots() > 0 ? String.format(Locale.ROOT, "seen in %.3g slot(s)", l.slots())
                                    : l.effect().parent() != null ? "never seen: a step on "
                                    + l.effect().parent().substring(6) + " (the round before it), at the wider of their widths"
                                    : "never seen: the prior at its full width") + "; uncertainty "
                                    + EffectLearner.band(l.effect().tau()) + " -> " + EffectLearner.band(l.tau())));
                }
            }
            List<String> ids = selected.stream().map(t -> t.event().id()).toList();
            // the header describes the calibration it heads: made once without it, then with it
            Calibration partial = new Calibration(s.name(), trace.file(), layer.name(), ids, minutes.length, parameters,
                    p50, p90, sigma, slotFits, rms, mean, iterations, evaluations, settings.weighting(), calibrated,
                    List.of(), diags.all());
            return new Calibration(s.name(), trace.file(), layer.name(), ids, minutes.length, parameters, p50, p90,
                    sigma, slotFits, rms, mean, iterations, evaluations, settings.weighting(), calibrated,
                    header(partial), diags.all());
        }

        /** The effects to learn: teams with a factor, and every stage but the one most fitted on (the reference). */
        private List<EffectLearner.Effect> effects(List<EventTimeline> fitted) {
            Map<String, Integer> count = new LinkedHashMap<>();
            for (EventTimeline t : fitted) {
                count.merge(t.event().stage().key().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            reference = count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            List<Event> calendar = s.events().stream().filter(e -> layer.servesRegion(e.region())).toList();
            return EffectLearner.effects(s.audience(), calendar, reference);
        }

        private static double sd(double[] v) {
            double mean = Arrays.stream(v).average().orElse(0);
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return Math.sqrt(ss / (v.length - 1));
        }

        private List<String> header(Calibration c) {
            List<String> h = new ArrayList<>();
            h.add("Calibrated by `prescale calibrate` from scenario " + c.scenario() + " and trace " + c.traceFile()
                    + " (" + trace.describe() + "), layer " + c.layer() + ".");
            Instant firstKickoff = selected.stream().map(t -> t.event().start()).min(Instant::compareTo).orElseThrow();
            Instant lastKickoff = selected.stream().map(t -> t.event().start()).max(Instant::compareTo).orElseThrow();
            h.add("Fitted on " + c.events().size() + " events in " + c.slots().size() + " slots, kickoffs " + firstKickoff
                    + " to " + lastKickoff + ":");
            h.add("  " + abbreviate(c.events()));
            h.add("using " + c.minutes() + " trace minutes (the events' windows); least squares on "
                    + c.weighting().name().toLowerCase(Locale.ROOT) + " errors per minute (Levenberg-Marquardt, "
                    + c.iterations() + " iterations).");
            h.add(String.format(Locale.ROOT, "Fit error of the P50 forecast, in-sample: RMS %.0f rps = %.0f%% of the "
                    + "mean %.0f rps; slot peaks: median |error| %.0f%%, max %.0f%%.", c.rmsRps(), 100 * c.relativeRms(),
                    c.meanRps(), 100 * c.peakErrorMedian(), 100 * c.peakErrorMax()));
            long measured = c.measuredSlots();
            h.add(String.format(Locale.ROOT, "Audience base: P50 %s, P90 %s (log-normal, sigma %.2f %s).",
                    Quantities.human(c.p50()), Quantities.human(c.p90()), c.sigma(),
                    measured >= Calibration.SPREAD_SLOTS ? "from the spread of " + measured + " slots' best scales"
                            : "the scenario's own: " + measured + " slot(s) measured, too few for a spread"));
            for (FittedParameter p : c.parameters()) {
                if (p.kind() == FittedParameter.Kind.AUDIENCE) {
                    continue;
                }
                h.add((p.fitted() ? "fitted: " : "kept:   ") + p.name() + " " + p.format(p.before())
                        + (p.fitted() ? " -> " + p.format(p.after()) : " (" + p.note() + ")"));
            }
            if (effectFit != null) {
                h.add(Double.isNaN(effectFit.sigma())
                        ? "Team and stage effects: none seen in the fitted slots, so each keeps its prior at its full "
                        + "width; stage factors are relative to " + reference + ", the stage fitted on."
                        : String.format(Locale.ROOT, "Team and stage effects learned with shrinkage to their priors "
                        + "from %d slots (residual spread %.2f); stage factors are relative to %s, the stage most "
                        + "fitted on.",
                        effectFit.slots(), effectFit.sigma(), reference));
            }
            if (profileFit != null) {
                var p = profileFit.profile();
                h.add(String.format(Locale.ROOT, "fitted: layer %s background profile (medians per local hour, %s): "
                        + "weekdays %s-%s, weekends %s-%s, spread %s; from %d minutes outside the events' windows "
                        + "(%d weekdays, %d weekend days; weight halves every %.1f days)", layer.name(), p.zone(),
                        Quantities.human(Arrays.stream(p.weekday()).min().orElse(0)),
                        Quantities.human(Arrays.stream(p.weekday()).max().orElse(0)),
                        Quantities.human(Arrays.stream(p.weekend()).min().orElse(0)),
                        Quantities.human(Arrays.stream(p.weekend()).max().orElse(0)), Yaml.pct(p.spread()),
                        profileFit.minutes(), profileFit.daysSeenWeekday(), profileFit.daysSeenWeekend(),
                        BackgroundFit.HALF_LIFE_DAYS));
            }
            h.add("Only the values above changed; everything else is the scenario's as it was.");
            if (!s.audience().kickoffFactors().isEmpty()) {
                h.add("Kickoff rules are read in the zone of the scenario that uses this file; they were fitted in "
                        + s.zone() + ".");
            }
            return h;
        }
    }

    private static String abbreviate(List<String> ids) {
        if (ids.size() <= 6) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, 3)) + ", ... (" + (ids.size() - 5) + " more), "
                + String.join(", ", ids.subList(ids.size() - 2, ids.size()));
    }

    private static Duration nanosOfMinutes(double m) {
        return Duration.ofSeconds(Math.round(m * 60));
    }

    static FinalWhistleSurge surge(AudienceShape shape) {
        return switch (shape) {
            case MatchShape m -> m.finalWhistleSurge();
            case KeyframeShape k -> k.finalWhistleSurge();
        };
    }

    static AudienceShape withSurge(AudienceShape shape, FinalWhistleSurge fw) {
        return switch (shape) {
            case MatchShape m -> new MatchShape(m.name(), m.preMatch(), m.preMatchLevel(), m.kickoffLevel(),
                    m.halfLength(), m.addedTime(), m.firstHalfLevel(), m.halfTime(), m.halfTimeLevel(),
                    m.secondHalfLevel(), m.extraTime(), m.extraTimeBreak(), m.extraTimeLevel(), m.penalties(),
                    m.penaltiesLevel(), m.postMatch(), fw, m.goalSurge(), m.adBreaks(), m.churnPerMinute());
            case KeyframeShape k -> new KeyframeShape(k.name(), k.points(), k.playFrom(), k.playTo(), fw, k.goalSurge(),
                    k.adBreaks(), k.churnPerMinute());
        };
    }

    static Layer withBackground(Layer l, double background) {
        return l.profile().isPresent() ? l : l.withBackground(background);
    }
}
