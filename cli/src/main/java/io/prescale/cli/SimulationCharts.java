package io.prescale.cli;

import io.prescale.cli.chart.ChartDocument;
import io.prescale.cli.chart.ForecastCharts;
import io.prescale.cli.chart.LayerChart;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.simulate.LoadBand;
import io.prescale.planner.simulate.SimulationResult;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.sizing.LiveCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulation drawn per layer: the P50-P90 band of the sampled load around the plan's forecast and capacity, over
 * the events that drive the layer's peak.
 */
final class SimulationCharts {
    /** Runs re-simulated minute by minute for the band: enough for a stable P90, cheap enough for a chart. */
    static final int BAND_RUNS = 200;

    private SimulationCharts() {
    }

    static ChartDocument document(Scenario s, Planner.Result plan, SimulationResult r) {
        Forecast f = plan.forecast();
        List<LayerChart> panels = new ArrayList<>();
        for (LayerSchedule ls : plan.schedules()) {
            if (ls.clusters().isEmpty()) {
                continue;
            }
            // the live cluster holding the layer's forecast peak, with half an hour either side: a season-long
            // overview would squeeze every match into a spike
            int peak = ls.forecast().peakIndex();
            LiveCluster c = ls.clusters().stream().filter(x -> peak >= x.start() && peak < x.end()).findFirst()
                    .orElse(ls.clusters().get(0));
            int from = Math.max(0, c.start() - 30);
            int to = Math.min(f.length(), c.end() + 30);
            LoadBand band = r.bands().layer(ls.forecast().layer().name(), BAND_RUNS);
            panels.add(ForecastCharts.layer(f, ls, from, to, s.zone())
                    .band("simulated P50-P90 (" + band.runs() + " runs)", Arrays.copyOfRange(band.p50(), from, to),
                            Arrays.copyOfRange(band.p90(), from, to))
                    .markers(ForecastCharts.markers(f, ls.forecast().layer()))
                    .build());
        }
        return new ChartDocument(s.name() + ": simulation against the plan", "band over the first "
                + Math.min(BAND_RUNS, r.runs()) + " runs; times in " + s.zone().getId(), s.zone(), panels);
    }
}
