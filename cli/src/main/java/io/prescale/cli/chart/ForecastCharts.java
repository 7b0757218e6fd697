package io.prescale.cli.chart;

import io.prescale.cli.chart.LayerChart.Kind;
import io.prescale.cli.chart.LayerChart.Marker;
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Layer;
import io.prescale.planner.plan.Times;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.sizing.LiveCluster;
import io.prescale.planner.sizing.Step;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Charts of a planner result: per layer the forecast load and the planned capacity (units x usable load per unit),
 * with each event's kickoff and latest possible final whistle marked. Simulate and backtest start from {@link
 * #layer} and add their band, observed trace or baselines.
 */
public final class ForecastCharts {
    /** Minutes shown before the first change or live minute and after the last. */
    static final int MARGIN = 30;

    private ForecastCharts() {
    }

    /**
     * @param scenario   the scenario's name, for the title
     * @param zone       the scenario's zone: every time reads in it
     * @param schedules  the layers to draw, in order (from {@code Planner.Result.schedules()})
     * @param allMinutes the whole forecast grid, not only the minutes around the live windows
     */
    public static ChartDocument document(String scenario, ZoneId zone, Forecast f, List<LayerSchedule> schedules,
                                         boolean allMinutes) {
        int[] w = window(schedules, f.length(), allMinutes);
        List<LayerChart> layers = new ArrayList<>();
        for (LayerSchedule ls : schedules) {
            layers.add(layer(f, ls, w[0], w[1], zone).markers(markers(f, ls.forecast().layer())).build());
        }
        String subtitle = quantile(f.quantile()) + " audience, planned as of " + Times.format(f.at(), zone) + "  \u00b7  "
                + Times.format(f.minute(w[0]), zone) + " to " + Times.format(f.minute(w[1]), zone)
                + "  \u00b7  times in " + zone.getId();
        return new ChartDocument(scenario + ": forecast and planned capacity", subtitle, zone, layers);
    }

    /**
     * A layer's forecast load and planned capacity over grid minutes {@code [from, to)}, with its note (sizing and
     * peak, the time in {@code zone}) and units filled in, and no markers yet.
     */
    public static LayerChart.Builder layer(Forecast f, LayerSchedule ls, int from, int to, ZoneId zone) {
        LayerForecast lf = ls.forecast();
        Layer l = lf.layer();
        String metric = l.metric().unit();
        String unit = l.unit().id();
        double usable = l.usablePerUnit();
        double[] load = Arrays.copyOfRange(lf.load(), from, to);
        int[] planned = Arrays.copyOfRange(ls.planned(), from, to);
        int peak = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] > load[peak]) {
                peak = i;
            }
        }
        // A layer counted in its own metric (a CDN contract in Gbps) has no "per unit" to speak of.
        boolean ownMetric = unit.equalsIgnoreCase(metric);
        String sizing = ownMetric ? "" : AxisLabels.compact(l.perUnit()) + " " + metric + " per " + singular(unit) + ", ";
        String note = String.format(Locale.ROOT, "%sheadroom %d%%; peak %s %s at %s", sizing,
                Math.round(l.headroom() * 100), AxisLabels.compact(load[peak]), metric,
                Times.format(f.minute(from + peak), zone));
        String plannedLabel = ownMetric
                ? "planned capacity (usable, after headroom)"
                : "planned capacity (" + unit + " x " + AxisLabels.compact(usable) + " " + metric + ")";
        return LayerChart.builder(l.name(), metric, lf.gridStart() + from, load)
                .forecastLabel("forecast (" + quantile(f.quantile()) + " audience)")
                .note(note)
                .unit(unit)
                .plannedUnits(plannedLabel, planned, usable);
    }

    /** Each event that loads the layer: its kickoff and its latest possible final whistle. */
    public static List<Marker> markers(Forecast f, Layer layer) {
        List<Marker> out = new ArrayList<>();
        for (EventTimeline t : f.events()) {
            if (!layer.servesRegion(t.event().region())) {
                continue;
            }
            String id = t.event().id();
            out.add(new Marker(minute(t.kickoff()), id + " kickoff", Kind.KICKOFF));
            out.add(new Marker(minute(t.latestWhistle()), id + " latest whistle", Kind.WHISTLE));
        }
        return out;
    }

    /**
     * Grid minutes {@code [from, to)} to draw: from {@link #MARGIN} minutes before the first live minute or scale
     * request for an event, on any of the layers, to {@code MARGIN} after the last; the whole grid when asked or
     * when nothing is live.
     */
    static int[] window(List<LayerSchedule> schedules, int length, boolean all) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (LayerSchedule ls : schedules) {
            for (LiveCluster c : ls.clusters()) {
                lo = Math.min(lo, c.start());
                hi = Math.max(hi, c.end());
            }
            for (Step s : ls.steps()) {
                if (s.cluster() < 0) {
                    continue; // a background change (e.g. to min at the planning instant) would stretch the view
                }
                lo = Math.min(lo, Math.min(s.action(), s.needed()));
                hi = Math.max(hi, Math.max(s.action(), s.needed()) + 1);
            }
        }
        int from = Math.max(0, lo - MARGIN);
        int to = Math.min(length, hi + MARGIN);
        return all || from >= to ? new int[] {0, length} : new int[] {from, to};
    }

    private static Instant minute(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }

    static String quantile(double q) {
        return "P" + Math.round(q * 100);
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
}
