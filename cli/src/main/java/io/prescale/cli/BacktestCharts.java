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
import java.util.List;

/** A backtest drawn per layer: the trace, the forecast, the plan's capacity and the baselines' capacity. */
final class BacktestCharts {
    private BacktestCharts() {
    }

    static ChartDocument document(Scenario s, Planner.Result plan, BacktestResult r) {
        List<LayerChart> panels = new ArrayList<>();
        for (LayerBacktest lb : r.layers()) {
            Instant end = lb.end();
            var layer = s.layer(lb.layer()).orElseThrow();
            List<LayerChart.Marker> markers = ForecastCharts.markers(plan.forecast(), layer).stream()
                    .filter(m -> !m.at().isBefore(lb.start()) && m.at().isBefore(end)).toList();
            LayerChart.Builder b = LayerChart.builder(lb.layer(), "rps", lb.start().getEpochSecond() / 60,
                            lb.forecastRps())
                    .forecastLabel("forecast (P" + Math.round(r.quantile() * 100) + " audience)")
                    .unit(lb.unit())
                    .observed("observed trace", lb.traceRps())
                    .markers(markers);
            CapacitySeries planned = lb.capacity().get(Strategy.PLAN);
            if (planned != null) {
                b.plannedUnits("planned capacity (" + lb.unit() + " x " + Math.round(lb.usablePerUnit()) + " rps)",
                        planned.serving(), lb.usablePerUnit());
            }
            for (Strategy st : List.of(Strategy.REACTIVE, Strategy.STATIC)) {
                CapacitySeries c = lb.capacity().get(st);
                if (c != null) {
                    double[] load = new double[c.serving().length];
                    for (int i = 0; i < load.length; i++) {
                        load[i] = c.serving()[i] * lb.usablePerUnit();
                    }
                    b.baseline(st == Strategy.REACTIVE ? "reactive autoscaler" : "static at the trace's peak", load);
                }
            }
            panels.add(b.build());
        }
        return new ChartDocument(s.name() + ": backtest against " + java.nio.file.Path.of(r.traceFile()).getFileName(),
                "times in " + s.zone().getId(), s.zone(), panels);
    }
}
