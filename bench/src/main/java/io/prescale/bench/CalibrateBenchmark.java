package io.prescale.bench;

import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.CalibrationSettings;
import io.prescale.planner.calibrate.Calibrator;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.AudienceDistribution;
import io.prescale.planner.model.AudienceRules;
import io.prescale.planner.model.BackgroundProfile;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.KickoffFactor;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of re-fitting a whole tournament, as a walk-forward or the daemon does after each event. {@code
 * calibrate64Matches}: calibrate on the 64 matches of a World Cup (one layer, a background profile by hour, two
 * kickoff factors, the final-whistle surge, every team learned with its prior, every stage but the group stage),
 * from a trace the forecaster made with each match's audience drawn around the truth (target: at most 2 s on 2
 * cores). {@code plan64Matches}: planning the same tournament in the same run, the baseline the figure is read
 * against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class CalibrateBenchmark {
    private Scenario structure;
    private Trace trace;

    @Setup
    public void setUp() {
        Scenario cup = Tournaments.worldCup(64);
        Layer web = cup.layers().stream().filter(l -> l.name().equals("edge-api")).findFirst().orElseThrow();
        double[] weekday = new double[24];
        double[] weekend = new double[24];
        for (int h = 0; h < 24; h++) {
            weekday[h] = 20_000 + 2_000 * h;
            weekend[h] = weekday[h] / 2;
        }
        Layer truthLayer = web.withBackground(new BackgroundProfile(Tournaments.ZONE, weekday, weekend, 0));
        Map<String, Double> teams = new LinkedHashMap<>(cup.audience().teamFactors());
        List<KickoffFactor> kick = List.of(
                new KickoffFactor("weekend", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Optional.empty(),
                        Optional.empty(), 0.7),
                new KickoffFactor("evening", EnumSet.noneOf(DayOfWeek.class), Optional.of(LocalTime.of(18, 0)),
                        Optional.empty(), 1.4));
        AudienceRules truthRules = new AudienceRules(cup.audience().base(), teams, AudienceRules.TeamCombine.PRODUCT,
                cup.audience().stageFactors(), Map.of(), Map.of(), kick, Tournaments.ZONE);
        Scenario truth = cup.withLayers(List.of(truthLayer)).withAudience(truthRules);
        // each match's audience drawn around the truth (log-normal, sigma 0.2), as real matches differ
        Random rnd = new Random(42);
        List<Event> drawn = truth.events().stream().map(e -> e.withAudience(new AudienceDistribution.Fixed(
                truthRules.resolve(e).orElseThrow().distribution().p50() * Math.exp(0.2 * rnd.nextGaussian())))).toList();
        Forecast f = new RpsForecaster().forecast(truth.withEvents(drawn), Tournaments.START.minus(Duration.ofDays(2)),
                0.5, e -> true);
        double[] rps = f.layers().get(0).load();
        trace = new Trace("bench.csv", Duration.ofMinutes(1), Trace.ValueKind.RPS, f.gridStart(), rps.length,
                List.of(new TraceSeries("", rps, rps, SourceLocation.of("bench.csv"))), List.of());
        // the structure: flat starting values, every team and every stage to learn with a prior
        Map<String, Double> any = Map.of(AudienceRules.ANY_TEAM, 1.0);
        AudienceRules start = new AudienceRules(Optional.of(AudienceDistribution.fromP50P90(500_000, 1_000_000)), any,
                AudienceRules.TeamCombine.PRODUCT, Map.of(), Map.of(), Map.of(), kick.stream().map(k -> new KickoffFactor(
                k.label(), k.days(), k.from(), k.to(), 1.0)).toList(), Tournaments.ZONE,
                Map.of(AudienceRules.teamKey(AudienceRules.ANY_TEAM), 0.3));
        double[] flat = new double[24];
        java.util.Arrays.fill(flat, 30_000);
        structure = truth.withAudience(start).withLayers(List.of(web.withBackground(
                new BackgroundProfile(Tournaments.ZONE, flat, flat, 0))));
        Calibration c = calibrate64Matches();
        if (c.events().size() != 64) {
            throw new IllegalStateException("the benchmark fits " + c.events().size() + " matches, not 64");
        }
        // the work one fit does, for the README's benchmark row (the same on every machine)
        System.err.println("calibrate64Matches: " + c.iterations() + " optimiser iterations, " + c.evaluations()
                + " forecasts, " + c.parameters().size() + " parameters");
    }

    @Benchmark
    public Calibration calibrate64Matches() {
        return Calibrator.calibrate(structure, trace, CalibrationSettings.DEFAULT);
    }

    @Benchmark
    public Planner.Result plan64Matches() {
        return Planner.plan(structure, Tournaments.START, Tournaments.START,
                new ObservedState("baseline", Tournaments.START, Map.of()));
    }
}
