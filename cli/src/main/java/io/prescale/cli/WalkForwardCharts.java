package io.prescale.cli;

import io.prescale.cli.chart.ChartDocument;
import io.prescale.cli.chart.LayerChart;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.calibrate.FittedParameter;
import io.prescale.planner.model.BackgroundProfile;
import io.prescale.planner.walkforward.WalkForwardDay;
import io.prescale.planner.walkforward.WalkForwardResult;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a walk-forward's fitted parameters moved: each step's value held over the step. One panel for the audience
 * base (P50 line, P50-P90 band, and each slot's real peak over its P50 forecast as a check), one for the factors
 * (kickoff rules, the final-whistle surge, learned team and stage effects), one for the background.
 */
final class WalkForwardCharts {
    private WalkForwardCharts() {
    }

    static ChartDocument document(WalkForwardResult r, ZoneId zone) {
        List<WalkForwardDay> days = r.days().stream().filter(d -> d.calibration().isPresent()).toList();
        if (days.isEmpty()) {
            throw new UserException("no step was calibrated: nothing to chart");
        }
        long start = Math.floorDiv(days.get(0).start().getEpochSecond(), 60);
        long end = Math.floorDiv(days.get(days.size() - 1).end().getEpochSecond(), 60);
        int n = Math.toIntExact(end - start);
        double[] p50 = nan(n);
        double[] p90 = nan(n);
        double[] bgMean = nan(n);
        double[] bgLow = nan(n);
        double[] bgHigh = nan(n);
        Map<String, double[]> factors = new LinkedHashMap<>();
        List<LayerChart.Marker> markers = new ArrayList<>();
        for (WalkForwardDay d : days) {
            Calibration c = d.calibration().orElseThrow();
            int from = Math.toIntExact(Math.floorDiv(d.start().getEpochSecond(), 60) - start);
            int to = Math.toIntExact(Math.min(n, Math.floorDiv(d.end().getEpochSecond(), 60) - start));
            Arrays.fill(p50, from, to, c.p50());
            Arrays.fill(p90, from, to, c.p90());
            for (FittedParameter p : c.parameters()) {
                if (p.kind() == FittedParameter.Kind.FACTOR) {
                    Arrays.fill(factors.computeIfAbsent(p.name(), k -> nan(n)), from, to, 100 * p.after());
                }
            }
            var layer = c.calibrated().layer(r.layer()).orElseThrow();
            if (layer.profile().isPresent()) {
                BackgroundProfile bp = layer.profile().get();
                Arrays.fill(bgMean, from, to, bp.mean());
                Arrays.fill(bgLow, from, to, Math.min(Arrays.stream(bp.weekday()).min().orElse(0),
                        Arrays.stream(bp.weekend()).min().orElse(0)));
                Arrays.fill(bgHigh, from, to, bp.max());
            } else {
                Arrays.fill(bgMean, from, to, layer.background());
                Arrays.fill(bgLow, from, to, layer.background());
                Arrays.fill(bgHigh, from, to, layer.background());
            }
            markers.add(new LayerChart.Marker(d.start(), "fit", LayerChart.Kind.EVENT));
        }
        List<LayerChart> panels = new ArrayList<>();
        panels.add(LayerChart.builder("audience base", "viewers", start, p50).forecastLabel("fitted P50")
                .band("P50 to P90", p50, p90).note("fitted before each step on the trace before it").markers(markers)
                .build());
        String first = factors.keySet().stream().filter(k -> !factors.get(k).equals(null)).findFirst().orElse(null);
        if (first != null) {
            LayerChart.Builder b = LayerChart.builder("factors", "%", start, factors.get(first)).forecastLabel(first);
            factors.forEach((k, v) -> {
                if (!k.equals(first) && Arrays.stream(v).anyMatch(x -> !Double.isNaN(x))) {
                    b.baseline(k, v);
                }
            });
            panels.add(b.markers(markers).build());
        }
        panels.add(LayerChart.builder("background " + r.layer(), "rps", start, bgMean).forecastLabel("weekly mean")
                .band("lowest to highest hour", bgLow, bgHigh).markers(markers).build());
        return new ChartDocument("walk-forward: " + r.scenario(), "fitted parameters per step, every "
                + io.prescale.planner.model.Quantities.format(r.every()), zone, panels);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
