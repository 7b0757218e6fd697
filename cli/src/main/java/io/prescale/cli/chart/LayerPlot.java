package io.prescale.cli.chart;

import io.prescale.cli.chart.LayerChart.Capacity;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Turns one {@link LayerChart} into an XChart {@link XYChart}: the series, axes, legend and markers. */
final class LayerPlot {
    /** Okabe-Ito colours, told apart with the common colour-vision deficiencies. */
    static final Color FORECAST = new Color(0x00, 0x72, 0xB2);
    static final Color BAND = new Color(0x56, 0xB4, 0xE9, 90);
    static final Color PLANNED = new Color(0xD5, 0x5E, 0x00);
    static final Color OBSERVED = new Color(0x1A, 0x1A, 0x1A);
    static final Color[] BASELINES = {new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
        new Color(0xE6, 0x9F, 0x00), new Color(0x99, 0x99, 0x33)};

    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private LayerPlot() {
    }

    static XYChart of(LayerChart c, ZoneId zone, int width, int height) {
        String title = ChartWriter.panelTitle(c);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("time in " + zone.getId()).yAxisTitle(c.metric()).build();
        TimeAxis axis = new TimeAxis(zone, c.minute(0), c.minute(c.length()));
        style(chart.getStyler());
        chart.getStyler().setTimezone(axis.timeZone());
        chart.getStyler().setDatePattern(axis.datePattern());
        chart.getStyler().setXAxisMin(axis.x(c.minute(0)));
        chart.getStyler().setXAxisMax(axis.x(c.minute(c.length())));

        double max = 0;
        if (c.band().isPresent()) {
            var b = c.band().get();
            XYSeries s = add(chart, b.label(), polygon(axis, c.startMinute(), b.high(), b.low()));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            s.setLineStyle(SeriesLines.NONE);
            s.setFillColor(BAND);
            s.setLineColor(BAND);
            max = Math.max(max, maxOf(b.high()));
        }
        int i = 0;
        for (Capacity b : c.baselines()) {
            XYSeries s = add(chart, b.label(), steps(axis, c.startMinute(), b.load()));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
            s.setLineColor(BASELINES[i++ % BASELINES.length]);
            s.setLineStyle(DASHED);
            max = Math.max(max, maxOf(b.load()));
        }
        if (c.planned().isPresent()) {
            Capacity p = c.planned().get();
            XYSeries s = add(chart, p.label(), steps(axis, c.startMinute(), p.load()));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
            s.setLineColor(PLANNED);
            s.setLineStyle(new BasicStroke(2.2f));
            max = Math.max(max, maxOf(p.load()));
        }
        XYSeries f = add(chart, c.forecast().label(), line(axis, c.startMinute(), c.forecast().values()));
        f.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        f.setLineColor(FORECAST);
        f.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        max = Math.max(max, maxOf(c.forecast().values()));
        if (c.observed().isPresent()) {
            var o = c.observed().get();
            XYSeries s = add(chart, o.label(), line(axis, c.startMinute(), o.values()));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setLineColor(OBSERVED);
            s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            max = Math.max(max, maxOf(o.values()));
        }

        double top = AxisLabels.niceCeil(max * 1.08);
        XYStyler st = chart.getStyler();
        st.setYAxisMin(0, 0.0);
        st.setYAxisMax(0, top);
        double perUnit = c.planned().map(Capacity::loadPerUnit).orElse(0.0);
        if (perUnit > 0) {
            // The right axis reads the same heights in units: an invisible series on axis group 1 spans it.
            XYSeries units = chart.addSeries("\u0000units", List.of(axis.date(c.startMinute()), axis.date(c.startMinute() + c.length())),
                    List.of(0.0, top / perUnit));
            units.setYAxisGroup(1);
            units.setLineColor(INVISIBLE);
            units.setLineStyle(SeriesLines.NONE);
            units.setMarker(SeriesMarkers.NONE);
            units.setShowInLegend(false);
            chart.setYAxisGroupTitle(1, c.unit().isEmpty() ? "units" : c.unit());
            st.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            st.setYAxisMin(1, 0.0);
            st.setYAxisMax(1, top / perUnit);
        }
        if (!c.markers().isEmpty()) {
            chart.addAnnotation(new MarkerLines(c.markers(), zone, markerTime(c), axis));
        }
        return chart;
    }

    /** Time in marker labels: the hour only when the whole panel is within one day, else with the date. */
    static DateTimeFormatter markerTime(LayerChart c) {
        return c.length() <= Duration.ofDays(1).toMinutes()
                ? DateTimeFormatter.ofPattern("HH:mm z", Locale.US)
                : TimeAxis.LABEL;
    }

    private static void style(XYStyler st) {
        st.setLocale(Locale.US);
        st.setyAxisTickLabelsFormattingFunction(AxisLabels::compact);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xB0B0B0));
        st.setPlotGridLinesColor(new Color(0xE6E6E6));
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setPlotContentSize(0.97);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setAxisTickMarksColor(new Color(0x909090));
        st.setChartFontColor(new Color(0x222222));
        st.setAxisTickLabelsColor(new Color(0x333333));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendSeriesLineLength(28);
        st.setChartPadding(10);
        st.setMarkerSize(0);
        st.setToolTipsEnabled(false);
        st.setAntiAlias(true);
    }

    private static XYSeries add(XYChart chart, String name, Points p) {
        XYSeries s = chart.addSeries(name, p.x, p.y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    record Points(TimeAxis axis, List<Date> x, List<Double> y) {
        Points(TimeAxis axis) {
            this(axis, new ArrayList<>(), new ArrayList<>());
        }

        void add(long minute, double v) {
            x.add(axis.date(minute));
            y.add(v);
        }
    }

    /** A line through every minute; inside a run of equal values only its ends are kept (the same picture). */
    static Points line(TimeAxis axis, long start, double[] v) {
        Points p = new Points(axis);
        for (int i = 0; i < v.length; i++) {
            boolean interior = i > 0 && i < v.length - 1 && v[i] == v[i - 1] && v[i] == v[i + 1];
            if (!interior) {
                p.add(start + i, v[i]);
            }
        }
        return p;
    }

    /** A step line: value {@code i} holds over minute {@code i}; only changes are kept, and the end of the last minute. */
    static Points steps(TimeAxis axis, long start, double[] v) {
        Points p = new Points(axis);
        for (int i = 0; i < v.length; i++) {
            if (i == 0 || v[i] != v[i - 1]) {
                p.add(start + i, v[i]);
            }
        }
        p.add(start + v.length, v[v.length - 1]);
        return p;
    }

    /** A closed outline: along {@code high} forwards, then back along {@code low}. */
    static Points polygon(TimeAxis axis, long start, double[] high, double[] low) {
        Points fwd = line(axis, start, high);
        Points back = line(axis, start, low);
        Points p = new Points(axis);
        p.x.addAll(fwd.x);
        p.y.addAll(fwd.y);
        for (int i = back.x.size() - 1; i >= 0; i--) {
            p.x.add(back.x.get(i));
            p.y.add(back.y.get(i));
        }
        return p;
    }

    static double maxOf(double[] v) {
        double m = 0;
        for (double d : v) {
            if (d > m && !Double.isInfinite(d)) {
                m = d;
            }
        }
        return m;
    }
}
