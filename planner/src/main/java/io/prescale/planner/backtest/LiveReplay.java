package io.prescale.planner.backtest;

import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.live.LiveController;
import io.prescale.planner.live.LiveLayer;
import io.prescale.planner.live.LiveSettings;
import io.prescale.planner.model.Layer;
import io.prescale.planner.sizing.LayerSchedule;
import java.util.Arrays;

/** The live controller fed from a trace, minute by minute: the same controller {@code prescale watch} runs. */
final class LiveReplay {
    private LiveReplay() {
    }

    /**
     * The units the controller asks for at each of {@code n} grid minutes from {@code g0} (a grid index, may be
     * negative: before the plan's grid the layer's min is asked for). Each tick sees the trace only up to its
     * minute minus the source delay.
     */
    static int[] requests(Layer l, Forecast planned, Forecast median, LayerSchedule sched, Trace trace, TraceSeries ts,
                          int g0, int n, LiveSettings settings) {
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
        LiveController c = new LiveController(ll, settings.withQuantile(Math.max(0.5, planned.quantile())));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int g = g0 + i;
            out[i] = g < 0 || g >= ll.length() ? l.min() : c.tick(g, observed).units();
        }
        return out;
    }
}
