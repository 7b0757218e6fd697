package io.prescale.planner.sizing;

import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Layer;
import java.util.Arrays;

/**
 * The load of a layer that carries another (nodes for pods): per minute, the carried layer's units as its plan
 * requests them, so the carrier, scheduled with its own lead time, has its units serving when the carried layer's
 * scale-out starts, not when the carried units are needed; and each level held for the carrier's cool-down after
 * the carried layer scales in, so units are released only after what ran on them is gone.
 */
public final class CarriedLoad {
    private CarriedLoad() {
    }

    /**
     * @param carrier the carrier's forecast as the forecaster made it (the grid; its load is replaced)
     * @param carried the carried layer's schedule on the same grid
     * @param atIndex the planning instant's grid index: from it, the carried units are the observed ones, then each
     *                of the carried layer's steps from the minute it is requested
     */
    public static LayerForecast of(LayerForecast carrier, LayerSchedule carried, int atIndex) {
        int n = carrier.length();
        if (carried.forecast().length() != n || carried.forecast().gridStart() != carrier.gridStart()) {
            throw new IllegalArgumentException("carrier " + carrier.layer().name() + " and carried "
                    + carried.forecast().layer().name() + " are on different grids");
        }
        int[] units = carried.requested().clone();
        int[] event = new int[n];
        for (int i = 0; i < n; i++) {
            // before a scale-out is requested the units are not there yet; name the event they are for
            event[i] = carried.forecast().topEvent()[i];
        }
        int from = Math.max(0, Math.min(n, atIndex));
        int current = carried.observed();
        int currentEvent = -1;
        int next = 0;
        for (int i = from; i < n; i++) {
            while (next < carried.steps().size() && carried.steps().get(next).action() <= i) {
                Step st = carried.steps().get(next++);
                current = st.to();
                currentEvent = st.isUp() && st.driver() >= 0 ? carried.forecast().topEvent()[st.driver()] : -1;
            }
            units[i] = current;
            event[i] = currentEvent;
        }
        int hold = CapacityScheduler.minutes(carrier.layer().cooldown().toSeconds());
        double[] load = new double[n];
        int[] top = new int[n];
        Arrays.fill(top, -1);
        for (int i = 0; i < n; i++) {
            int best = i;
            for (int k = Math.max(0, i - hold); k < i; k++) {
                if (units[k] > units[best]) {
                    best = k;
                }
            }
            load[i] = units[best];
            top[i] = event[best];
        }
        return new LayerForecast(carrier.layer(), carrier.gridStart(), load, top);
    }

}
