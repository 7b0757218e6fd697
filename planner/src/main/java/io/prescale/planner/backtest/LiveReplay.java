package io.prescale.planner.backtest;

import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.live.LiveController;
import io.prescale.planner.live.LiveLayer;
import io.prescale.planner.live.LiveSettings;
import io.prescale.planner.model.Layer;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.model.LiveConfig;
import io.prescale.planner.model.Scenario;
import java.util.Arrays;

/** The live controller fed from a trace, minute by minute: the same controller {@code prescale watch} runs. */
final class LiveReplay {
    private LiveReplay() {
    }

    /** What the controller asked for each minute, and its re-forecast peak (NaN where it did not decide from data). */
    record Replay(int[] units, double[] reforecast) {
    }

    /**
     * The units the controller asks for at each of {@code n} grid minutes from {@code g0} (a grid index, may be
     * negative: before the plan's grid the layer's min is asked for). Each tick sees the trace only up to its
     * minute minus the source delay.
     */
    static Replay requests(Scenario s, Layer l, Forecast planned, Forecast median, LayerSchedule sched, Trace trace,
                          TraceSeries ts, int g0, int n, LiveSettings settings) {
        LiveLayer ll = LiveLayer.of(l, median, planned, sched.requested());
        double[] observed = new double[ll.length()];
        Arrays.fill(observed, Double.NaN);
        long traceEnd = trace.startMinute() + trace.length();
        for (int g = 0; g < observed.length; g++) {
            long minute = planned.gridStart() + g;
            if (minute >= trace.startMinute() && minute < traceEnd) {
                observed[g] = Trace.rpsAt(ts, trace.startMinute(), minute);
            }
        }
        LiveConfig cfg = s.live();
        LiveSettings ls = settings.withQuantile(cfg.quantile().orElse(Math.max(0.5, planned.quantile())));
        if (cfg.observes(l.name())) {
            ls = ls.withSourceDelay(cfg.delay()).withStaleAfter(cfg.staleAfter());
        }
        LiveController c = new LiveController(ll, ls);
        // learn the whistles the trace holds before the plan: the tournament so far
        int before = (int) Math.max(0, Math.min(trace.length(), planned.gridStart() - trace.startMinute()));
        if (before > 0) {
            c.learnHistory(Arrays.copyOf(ts.rps(), before), trace.startMinute(), io.prescale.planner.live.Whistles.past(s, l, trace.start(),
                    planned.at()));
        }
        int[] out = new int[n];
        double[] peak = new double[n];
        Arrays.fill(peak, Double.NaN);
        for (int i = 0; i < n; i++) {
            int g = g0 + i;
            if (g < 0 || g >= ll.length()) {
                out[i] = l.min();
                continue;
            }
            io.prescale.planner.live.Decision d = c.tick(g, observed);
            out[i] = d.units();
            if (d.state() != io.prescale.planner.live.Decision.State.IDLE
                    && d.state() != io.prescale.planner.live.Decision.State.STALE) {
                peak[i] = d.reforecastPeak();
            }
        }
        return new Replay(out, peak);
    }
}
