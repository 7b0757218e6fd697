package io.prescale.cli.chart;

import static io.prescale.cli.chart.ChartWriter.hex;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.prescale.cli.chart.LayerChart.Capacity;
import io.prescale.cli.chart.LayerChart.Marker;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One panel of the HTML page drawn by uPlot, a small charting library inlined into the page (so it still opens
 * offline): the cursor reads every series' value at a minute in the legend, dragging across the plot zooms into
 * that span, a double click zooms out. The data go into the page as one JSON object per panel, read by the
 * {@link #SCRIPT} glue; the same panel as SVG stays in a {@code <noscript>} for readers without scripts.
 */
final class InteractivePanel {
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.";

    /**
     * Builds one uPlot chart from a panel's data: series on one load scale (the right axis reads it in units
     * when the plan's capacity has a load per unit), the band between its two edges, capacities as steps,
     * markers as dashed vertical lines drawn after the series, times in the document's zone.
     */
    static final String SCRIPT = """
            function prescalePlot(el, d) {
              var fmt = function (v) {
                return v == null ? '\\u2013' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
              };
              var time = function (ts) {
                return new Date(ts * 1000).toLocaleString('en-GB', {timeZone: d.zone, weekday: 'short',
                  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'});
              };
              // series come run-length coded: [v, n] is n minutes of v
              var expand = function (a) {
                var out = [];
                a.forEach(function (v) {
                  if (Array.isArray(v)) { for (var k = 0; k < v[1]; k++) { out.push(v[0]); } } else { out.push(v); }
                });
                return out;
              };
              var t = [];
              for (var i = 0; i < d.n; i++) { t.push(d.t0 + 60 * i); }
              var data = [t];
              var series = [{label: 'time (' + d.zone + ')', value: function (u, v) { return v == null ? '' : time(v); }}];
              var bands = [];
              d.series.forEach(function (s) {
                data.push(expand(s.values));
                var o = {label: s.label, stroke: s.color, width: s.width, scale: 'load', spanGaps: false,
                  value: function (u, v) { return v == null ? '\\u2013' : fmt(v) + ' ' + d.metric; }};
                if (s.kind === 'step') { o.paths = uPlot.paths.stepped({align: 1}); }
                if (s.dash) { o.dash = s.dash; }
                if (s.kind === 'band') { o.stroke = s.color; o.width = 0; }
                if (s.units && d.perUnit > 0) {
                  o.value = function (u, v) {
                    return v == null ? '\\u2013' : fmt(v) + ' ' + d.metric + ' = ' + Math.round(v / d.perUnit) + ' ' + d.unit;
                  };
                }
                series.push(o);
              });
              if (d.band) { bands.push({series: d.band, fill: d.bandFill}); }
              var axes = [{}, {scale: 'load', label: d.metric, size: 60,
                values: function (u, vals) { return vals.map(function (v) { return fmt(v); }); }}];
              if (d.perUnit > 0) {
                axes.push({scale: 'load', side: 1, label: d.unit, size: 50, grid: {show: false},
                  values: function (u, vals) { return vals.map(function (v) { return Math.round(v / d.perUnit); }); }});
              }
              var markers = function (u) {
                var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
                ctx.save();
                ctx.font = Math.round(11 * devicePixelRatio) + 'px system-ui, sans-serif';
                d.markers.forEach(function (m) {
                  if (m.t < u.scales.x.min || m.t > u.scales.x.max) { return; }
                  var x = Math.round(u.valToPos(m.t, 'x', true));
                  ctx.strokeStyle = m.color; ctx.fillStyle = m.color; ctx.lineWidth = devicePixelRatio;
                  ctx.setLineDash([5 * devicePixelRatio, 3 * devicePixelRatio]);
                  ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
                  if (d.markers.length <= 24) { ctx.fillText(m.label, x + 3 * devicePixelRatio, top + 12 * devicePixelRatio); }
                });
                ctx.restore();
              };
              var opts = {width: el.clientWidth || d.width, height: d.height, series: series, axes: axes, bands: bands,
                scales: {x: {time: true}, load: {range: function (u, min, max) { return [0, max * 1.08]; }}},
                tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), d.zone); },
                cursor: {drag: {x: true, y: false}}, legend: {live: true}, hooks: {draw: [markers]}};
              var u = new uPlot(opts, data, el);
              window.addEventListener('resize', function () { u.setSize({width: el.clientWidth || d.width, height: d.height}); });
              return u;
            }
            """;

    private InteractivePanel() {
    }

    /** uPlot's script and style sheet, read from its WebJar on the class path. */
    static String library(String ext) {
        try (InputStream in = InteractivePanel.class.getResourceAsStream(UPLOT + ext)) {
            if (in == null) {
                throw new IllegalStateException("uPlot " + UPLOT_VERSION + " is not on the class path (" + UPLOT + ext + ")");
            }
            // a closing tag inside the inlined text would end the element early
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The panel's data as a JSON object for {@code prescalePlot}. */
    static String data(LayerChart c, ZoneId zone, int width, int height) {
        StringBuilder j = new StringBuilder(64 * c.length());
        j.append("{\"zone\":").append(str(zone.getId())).append(",\"metric\":").append(str(c.metric()))
                .append(",\"unit\":").append(str(c.unit().isEmpty() ? "units" : c.unit()))
                .append(",\"perUnit\":").append(num(c.planned().map(Capacity::loadPerUnit).orElse(0.0)))
                .append(",\"width\":").append(width).append(",\"height\":").append(height)
                .append(",\"t0\":").append(c.startMinute() * 60).append(",\"n\":").append(c.length())
                .append(",\"series\":[");
        int index = 0;
        if (c.band().isPresent()) {
            var b = c.band().get();
            Color fill = LayerPlot.BAND;
            series(j, index++, b.label() + " (high)", "band", fill, 0, false, false, b.high());
            series(j, index++, b.label() + " (low)", "band", fill, 0, false, false, b.low());
        }
        int i = 0;
        for (Capacity b : c.baselines()) {
            series(j, index++, b.label(), "step", LayerPlot.BASELINES[i++ % LayerPlot.BASELINES.length], 1.6, true,
                    false, b.load());
        }
        if (c.planned().isPresent()) {
            series(j, index++, c.planned().get().label(), "step", LayerPlot.PLANNED, 2.2, false, true,
                    c.planned().get().load());
        }
        series(j, index++, c.forecast().label(), "line", LayerPlot.FORECAST, 2, false, false, c.forecast().values());
        if (c.observed().isPresent()) {
            series(j, index, c.observed().get().label(), "line", LayerPlot.OBSERVED, 1.2, false, false,
                    c.observed().get().values());
        }
        j.append("]");
        if (c.band().isPresent()) {
            Color f = LayerPlot.BAND;
            // uPlot counts series from 1 (0 is time): the band fills from its high edge down to its low one
            j.append(",\"band\":[1,2],\"bandFill\":").append(str(String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)",
                    f.getRed(), f.getGreen(), f.getBlue(), f.getAlpha() / 255.0)));
        }
        j.append(",\"markers\":[");
        boolean first = true;
        for (Marker m : c.markers()) {
            j.append(first ? "" : ",").append("{\"t\":").append(m.at().getEpochSecond()).append(",\"label\":")
                    .append(str(m.label())).append(",\"color\":").append(str(hex(MarkerLines.color(m.kind()))))
                    .append('}');
            first = false;
        }
        return j.append("]}").toString();
    }

    private static void series(StringBuilder j, int index, String label, String kind, Color color, double width,
                               boolean dashed, boolean units, double[] values) {
        j.append(index == 0 ? "" : ",").append("{\"label\":").append(str(label)).append(",\"kind\":\"").append(kind)
                .append("\",\"color\":").append(str(hex(color))).append(",\"width\":").append(num(width));
        if (dashed) {
            j.append(",\"dash\":[6,4]");
        }
        if (units) {
            j.append(",\"units\":true");
        }
        j.append(",\"values\":[");
        // a week of minutes is 10,080 values a series: runs (a flat night, a step of capacity) are written once
        for (int i = 0; i < values.length; ) {
            String v = Double.isFinite(values[i]) ? num(values[i]) : "null";
            int run = 1;
            while (i + run < values.length && v.equals(Double.isFinite(values[i + run]) ? num(values[i + run]) : "null")) {
                run++;
            }
            j.append(i == 0 ? "" : ",").append(run >= 3 ? "[" + v + "," + run + "]" : run == 2 ? v + "," + v : v);
            i += run;
        }
        j.append("]}");
    }

    /** Four significant digits (at most one decimal), no exponent: what a hover reads, in a quarter of the bytes. */
    private static String num(double v) {
        double r = v == 0 || !Double.isFinite(v) ? 0
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
        r = Math.round(r * 10) / 10.0;
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** A JSON string safe inside a script element: no tag can end in it, and no line separator breaks it. */
    static String str(String s) {
        String json = new String(JsonStringEncoder.getInstance().quoteAsString(s));
        return "\"" + json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\"";
    }
}
