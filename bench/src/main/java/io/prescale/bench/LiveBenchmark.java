package io.prescale.bench;

import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceSeries;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.live.Decision;
import io.prescale.planner.live.LiveController;
import io.prescale.planner.live.LiveLayer;
import io.prescale.planner.live.LiveSettings;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The live controller's cost. {@code tick64Events12Layers}: one decision on each of 12 layers with 64 events live at
 * once (target: well under 10 ms), against one event on the same layers. {@code liveReplayTournament}: the
 * controller replayed minute by minute over a whole 64-match tournament on its 11 request layers, against the whole
 * backtest of the same tournament and trace (plan, plan+reactive, live, reactive, static, oracle) in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveBenchmark {
    private List<LiveController> simultaneous;
    private List<double[]> simultaneousLoad;
    private int simultaneousMinute;
    private List<LiveController> single;
    private List<double[]> singleLoad;
    private int singleMinute;

    private Scenario tournament;
    private Planner.Result tournamentPlan;
    private Forecast tournamentMedian;
    private Trace tournamentTrace;
    private List<double[]> tournamentLoad;

    @Setup
    public void setup() {
        Scenario all = Tournaments.worldCup(64);
        // every match at the same kickoff: 64 events live at once
        List<Event> same = new ArrayList<>();
        Event first = all.events().get(0);
        for (Event e : all.events()) {
            same.add(new Event(e.id(), e.title(), e.competition(), e.stage(), e.teams(), first.kickoff(), e.region(),
                    e.shape(), e.audience(), e.delay(), e.source()));
        }
        Scenario sim = all.withEvents(same);
        simultaneous = new ArrayList<>();
        simultaneousLoad = new ArrayList<>();
        simultaneousMinute = controllers(sim, simultaneous, simultaneousLoad);
        single = new ArrayList<>();
        singleLoad = new ArrayList<>();
        singleMinute = controllers(Tournaments.worldCup(1), single, singleLoad);

        tournament = all;
        tournamentPlan = Planner.plan(all, Tournaments.START, Instant.EPOCH,
                new ObservedState("bench", Tournaments.START, all.baseline()));
        tournamentMedian = new RpsForecaster().forecast(all, Tournaments.START, 0.5, e -> true);
        Forecast f = tournamentPlan.forecast();
        List<TraceSeries> series = new ArrayList<>();
        tournamentLoad = new ArrayList<>();
        Random random = new Random(1);
        for (LayerForecast lf : tournamentMedian.layers()) {
            if (lf.layer().metric() != Metric.RPS) {
                continue;
            }
            double[] rps = new double[f.length()];
            for (int i = 0; i < rps.length; i++) {
                rps[i] = lf.load()[i] * 1.3 * (0.9 + 0.2 * random.nextDouble());
            }
            series.add(new TraceSeries(lf.layer().name(), rps, rps.clone(), SourceLocation.of("bench")));
            tournamentLoad.add(rps);
        }
        tournamentTrace = new Trace("bench", Duration.ofMinutes(1), Trace.ValueKind.RPS, f.gridStart(), f.length(),
                series, List.of());
    }

    /** One controller per layer, with the load at 1.3x the median; returns the minute of the busiest load. */
    private static int controllers(Scenario s, List<LiveController> out, List<double[]> loads) {
        // planned two hours before the first kickoff, so every event is ahead
        Instant at = s.events().get(0).start().minus(Duration.ofHours(2));
        Planner.Result plan = Planner.plan(s, at, Instant.EPOCH, new ObservedState("bench", at, s.baseline()));
        Forecast median = new RpsForecaster().forecast(s, at, 0.5, e -> true);
        if (median.events().size() != s.events().size()) {
            throw new IllegalStateException("the benchmark's events are not all planned");
        }
        int minute = 0;
        for (int k = 0; k < s.layers().size(); k++) {
            Layer l = s.layers().get(k);
            LiveLayer ll = LiveLayer.of(l, median, plan.forecast(), plan.schedules().get(k).requested());
            double[] load = new double[ll.length()];
            for (int i = 0; i < load.length; i++) {
                load[i] = 1.3 * (ll.background() + ll.shape()[i]);
            }
            if (k == 0) {
                // 70 minutes after kickoff: in play, every event's load in the lookback and the horizon
                minute = Math.toIntExact(median.events().get(0).kickoff() + 70 - median.gridStart());
            }
            LiveController c = new LiveController(ll, LiveSettings.DEFAULT);
            // settle the ladder up to the measured minute, as a running controller would be
            for (int i = Math.max(0, minute - 200); i < minute; i++) {
                c.tick(i, load);
            }
            out.add(c);
            loads.add(load);
        }
        return minute;
    }

    @Benchmark
    public int tick64Events12Layers() {
        int sum = 0;
        for (int k = 0; k < simultaneous.size(); k++) {
            Decision d = simultaneous.get(k).tick(simultaneousMinute, simultaneousLoad.get(k));
            sum += d.units();
        }
        return sum;
    }

    /** Fails the run if the measured tick is not a real decision (an idle tick costs nothing). */
    @org.openjdk.jmh.annotations.TearDown
    public void checkTheTicksDecided() {
        Decision d = simultaneous.get(2).tick(simultaneousMinute, simultaneousLoad.get(2));
        if (d.state() == Decision.State.IDLE || d.state() == Decision.State.STALE) {
            throw new IllegalStateException("the benchmark measured an idle tick: " + d);
        }
    }

    @Benchmark
    public int baselineTick1Event12Layers() {
        int sum = 0;
        for (int k = 0; k < single.size(); k++) {
            sum += single.get(k).tick(singleMinute, singleLoad.get(k)).units();
        }
        return sum;
    }

    @Benchmark
    public long liveReplayTournament() {
        long sum = 0;
        int j = 0;
        Forecast f = tournamentPlan.forecast();
        for (int k = 0; k < tournament.layers().size(); k++) {
            Layer l = tournament.layers().get(k);
            if (l.metric() != Metric.RPS) {
                continue;
            }
            LiveController c = new LiveController(LiveLayer.of(l, tournamentMedian, f,
                    tournamentPlan.schedules().get(k).requested()), LiveSettings.DEFAULT);
            double[] load = tournamentLoad.get(j++);
            for (int i = 0; i < load.length; i++) {
                sum += c.tick(i, load).units();
            }
        }
        return sum;
    }

    @Benchmark
    public BacktestResult wholeBacktestTournament() {
        return Backtester.run(tournament, tournamentPlan, tournamentTrace, new BacktestSettings(List.of(),
                Optional.empty(), ReactiveSettings.DEFAULT, Map.of()));
    }
}
