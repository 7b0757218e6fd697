package io.prescale.planner.walkforward;

import io.prescale.planner.backtest.Figures;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** A walk-forward over a trace: every step, and the figures summed over the steps that were replayed. */
public record WalkForwardResult(String scenario, String layer, Duration every, String traceFile,
                                List<WalkForwardDay> days) {
    public WalkForwardResult {
        days = List.copyOf(days);
    }

    /** One strategy's figures summed over the replayed steps. */
    public record Totals(int minutes, int underProvisionedMinutes, double requestsAboveCapacity, double unitMinutes,
                         OptionalDouble cost) {
        public double unitHours() {
            return unitMinutes / 60;
        }
    }

    /** Each strategy over every replayed minute. */
    public Map<Strategy, Totals> overall() {
        return sum(LayerBacktest::figures);
    }

    /** Each strategy over the minutes some event's window covers. */
    public Map<Strategy, Totals> duringEvents() {
        return sum(LayerBacktest::duringEvents);
    }

    private Map<Strategy, Totals> sum(Function<LayerBacktest, Map<Strategy, Figures>> of) {
        Map<Strategy, Totals> out = new EnumMap<>(Strategy.class);
        for (WalkForwardDay d : days) {
            if (d.backtest().isEmpty() || d.backtest().get().layers().isEmpty()) {
                continue;
            }
            LayerBacktest l = d.backtest().get().layers().get(0);
            for (var e : of.apply(l).entrySet()) {
                Figures f = e.getValue();
                out.merge(e.getKey(), new Totals(f.minutes(), f.underProvisionedMinutes(), f.requestsAboveCapacity(),
                        f.unitMinutes(), f.cost()), (a, b) -> new Totals(a.minutes() + b.minutes(),
                        a.underProvisionedMinutes() + b.underProvisionedMinutes(),
                        a.requestsAboveCapacity() + b.requestsAboveCapacity(), a.unitMinutes() + b.unitMinutes(),
                        a.cost().isPresent() && b.cost().isPresent()
                                ? OptionalDouble.of(a.cost().getAsDouble() + b.cost().getAsDouble())
                                : OptionalDouble.empty()));
            }
        }
        return out;
    }

    /** Every replayed slot, in order. */
    public List<WalkForwardDay.Slot> slots() {
        List<WalkForwardDay.Slot> out = new ArrayList<>();
        days.forEach(d -> out.addAll(d.slots()));
        return out;
    }

    /** The median of |P50 peak error| over every replayed slot (NaN with none). */
    public double medianAbsoluteP50Error() {
        return median(slots().stream().mapToDouble(s -> Math.abs(s.medianError())).sorted().toArray());
    }

    public double maxAbsoluteP50Error() {
        return slots().stream().mapToDouble(s -> Math.abs(s.medianError())).max().orElse(Double.NaN);
    }

    /** The median of sorted values; NaN with none. */
    public static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : io.prescale.planner.backtest.PeakError.median(sorted);
    }
}
