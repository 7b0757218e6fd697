package io.prescale.planner.sizing;

import io.prescale.planner.forecast.LayerForecast;
import java.util.List;

/**
 * A layer's sizing: units needed per minute, the capacity planned to be in place per minute, and the steps that
 * get it there from the observed capacity.
 *
 * @param required   units needed per minute, within min/max
 * @param unbounded  units needed per minute ignoring max (shows a shortfall)
 * @param planned    capacity planned to be serving per minute
 * @param requested  capacity that should have been requested by each minute (planned, a lead time earlier)
 */
public record LayerSchedule(LayerForecast forecast, int observed, int[] required, int[] unbounded, int[] planned,
                            int[] requested, List<LiveCluster> clusters, List<Step> steps) {

    public int peakPlanned() {
        int m = observed;
        for (int i = 0; i < planned.length; i++) {
            m = Math.max(m, planned[i]);
        }
        return m;
    }

    /** Index of the first minute with the largest shortfall against max, or -1 when max is never exceeded. */
    public int worstShortfall() {
        int worst = -1;
        for (int i = 0; i < unbounded.length; i++) {
            if (unbounded[i] > forecast.layer().max() && (worst < 0 || unbounded[i] > unbounded[worst])) {
                worst = i;
            }
        }
        return worst;
    }
}
