package io.prescale.cli;

import io.prescale.cli.chart.ChartDocument;
import io.prescale.cli.chart.ForecastCharts;
import io.prescale.cli.chart.LayerChart;
import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.CapacitySeries;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A backtest drawn per layer: the trace, the forecast, the plan's capacity and the baselines' capacity. */
final class BacktestCharts {
    private BacktestCharts() {
    }

    static ChartDocument document(Scenario s, Planner.Result plan, BacktestResult r) {
        return document(s, plan, r, null, null);
    }

    /** @param from, until the span drawn (null: the replay's start, end), e.g. one match */
    static ChartDocument document(Scenario s, Planner.Result plan, BacktestResult r, Instant from, Instant until) {
        List<LayerChart> panels = new ArrayList<>();
        for (LayerBacktest lb : r.layers()) {
            long first = lb.start().getEpochSecond() / 60;
            int a = from == null ? 0 : (int) Math.max(0, Math.min(lb.minutes(), from.getEpochSecond() / 60 - first));
            int z = until == null ? lb.minutes()
                    : (int) Math.max(a, Math.min(lb.minutes(), until.getEpochSecond() / 60 - first));
            if (z <= a) {
                throw new UserException("the chart's span holds no minute of the replay (" + lb.start() + " to "
                        + lb.end() + ")");
            }
            Instant start = Instant.ofEpochSecond((first + a) * 60);
            Instant end = Instant.ofEpochSecond((first + z) * 60);
            var layer = s.layer(lb.layer()).orElseThrow();
            List<LayerChart.Marker> markers = ForecastCharts.markers(plan.forecast(), layer).stream()
                    .filter(m -> !m.at().isBefore(start) && m.at().isBefore(end)).toList();
            LayerChart.Builder b = LayerChart.builder(lb.layer(), "rps", first + a,
                            Arrays.copyOfRange(lb.forecastRps(), a, z))
                    .forecastLabel("forecast (P" + Math.round(r.quantile() * 100) + " audience)")
                    .unit(lb.unit())
                    .observed("observed trace", Arrays.copyOfRange(lb.traceRps(), a, z))
                    .markers(markers);
            CapacitySeries planned = lb.capacity().get(Strategy.PLAN);
            if (planned != null) {
                b.plannedUnits("planned capacity (" + lb.unit() + " x " + Math.round(lb.usablePerUnit()) + " rps)",
                        Arrays.copyOfRange(planned.serving(), a, z), lb.usablePerUnit());
            }
            boolean live = Arrays.stream(lb.reforecastRps()).anyMatch(Double::isFinite);
            if (live) {
                b.baseline("live re-forecast",
                        Arrays.copyOfRange(lb.reforecastRps(), a, z));
            }
            for (Strategy st : live ? List.of(Strategy.LIVE, Strategy.REACTIVE) : List.of(Strategy.REACTIVE,
                    Strategy.STATIC)) {
                CapacitySeries c = lb.capacity().get(st);
                if (c != null) {
                    double[] load = new double[z - a];
                    for (int i = 0; i < load.length; i++) {
                        load[i] = c.serving()[a + i] * lb.usablePerUnit();
                    }
                    b.baseline(switch (st) {
                        case LIVE -> "live capacity";
                        case REACTIVE -> "reactive autoscaler";
                        default -> "static at the trace's peak";
                    }, load);
                }
            }
            panels.add(b.build());
        }
        return new ChartDocument(s.name() + ": backtest against " + java.nio.file.Path.of(r.traceFile()).getFileName(),
                "times in " + s.zone().getId(), s.zone(), panels);
    }
}
