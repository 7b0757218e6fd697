package io.prescale.cli.chart;

import static io.prescale.cli.chart.ChartWriter.hex;
import static io.prescale.cli.chart.ChartWriter.xml;

import io.prescale.cli.chart.LayerChart.Capacity;
import io.prescale.cli.chart.LayerChart.Marker;
import java.awt.Color;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A self-contained HTML page: title, subtitle, a legend, each panel interactive (see {@link InteractivePanel}; as
 * inline SVG where scripts do not run), and the marked times as a table. Everything is inlined, the charting
 * library included: nothing to fetch, so it opens the same offline.
 */
final class HtmlPage {
    private HtmlPage() {
    }

    static String of(ChartDocument doc, List<String> panels, int width, int height) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>").append(xml(doc.title())).append("</title>\n");
        h.append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;")
                .append("margin:24px auto;max-width:").append(width + 40).append("px;padding:0 16px;color:#222}\n")
                .append("h1{font-size:22px;margin:0 0 4px}\n.sub{color:#555;margin:0 0 12px}\n")
                .append(".legend{display:flex;flex-wrap:wrap;gap:6px 20px;margin:8px 0 16px;padding:0;list-style:none}\n")
                .append(".legend li{display:flex;align-items:center;gap:6px;font-size:14px}\n")
                .append(".sw{display:inline-block;width:28px;height:0;border-top:3px solid}\n")
                .append(".sw.area{height:12px;border:0}\n.sw.dash{border-top-style:dashed}\n")
                .append(".sw.marker{width:0;height:16px;border-top:0;border-left:2px dashed}\n")
                .append("figure{margin:0 0 20px;border:1px solid #e5e5e5;border-radius:4px;overflow:hidden}\n")
                .append("figure svg{display:block;width:100%;height:auto}\n")
                .append("table{border-collapse:collapse;font-size:14px}\n")
                .append("td,th{padding:3px 12px 3px 0;text-align:left;border-bottom:1px solid #eee}\n")
                .append("figcaption{font-size:15px;font-weight:600;padding:8px 12px 0}\n")
                .append(".plot{padding:4px 8px 8px}\n.hint{color:#666;font-size:13px;margin:0 0 12px}\n")
                .append("</style>\n<style>").append(InteractivePanel.library("min.css")).append("</style>\n")
                .append("<script>").append(InteractivePanel.library("iife.min.js")).append("</script>\n")
                .append("<script>\n").append(InteractivePanel.SCRIPT).append("</script>\n")
                .append("</head>\n<body>\n");
        h.append("<h1>").append(xml(doc.title())).append("</h1>\n");
        if (!doc.subtitle().isEmpty()) {
            h.append("<p class=\"sub\">").append(xml(doc.subtitle())).append("</p>\n");
        }
        legend(doc, h);
        h.append("<p class=\"hint\">Hover to read every series at a minute; drag across a panel to zoom into that span, "
                + "double-click to zoom out.</p>\n");
        for (int i = 0; i < panels.size(); i++) {
            LayerChart c = doc.layers().get(i);
            h.append("<figure aria-label=\"").append(xml(c.layer())).append("\">\n<figcaption>")
                    .append(xml(ChartWriter.panelTitle(c))).append("</figcaption>\n<div class=\"plot\" id=\"panel")
                    .append(i).append("\"></div>\n<noscript>")
                    .append(ChartWriter.inline(panels.get(i), ChartWriter.panelTitle(c), width, height))
                    .append("</noscript>\n<script>prescalePlot(document.getElementById('panel").append(i).append("'), ")
                    .append(InteractivePanel.data(c, doc.zone(), width, height - 60)).append(");</script>\n</figure>\n");
        }
        markers(doc, h);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void legend(ChartDocument doc, StringBuilder h) {
        Map<String, String> items = new LinkedHashMap<>();
        for (LayerChart c : doc.layers()) {
            c.band().ifPresent(b -> items.putIfAbsent(b.label(), "area\" style=\"background:" + rgba(LayerPlot.BAND)));
            items.putIfAbsent(c.forecast().label(), "\" style=\"border-color:" + hex(LayerPlot.FORECAST));
            c.planned().ifPresent(p -> items.putIfAbsent(p.label(), "\" style=\"border-color:" + hex(LayerPlot.PLANNED)));
            c.observed().ifPresent(o -> items.putIfAbsent(o.label(), "\" style=\"border-color:"
                    + hex(LayerPlot.OBSERVED)));
            int i = 0;
            for (Capacity b : c.baselines()) {
                Color col = LayerPlot.BASELINES[i++ % LayerPlot.BASELINES.length];
                items.putIfAbsent(b.label(), "dash\" style=\"border-color:" + hex(col));
            }
        }
        for (var k : ChartWriter.kinds(doc)) {
            items.putIfAbsent(ChartWriter.keyLabel(k), "marker\" style=\"border-color:" + hex(MarkerLines.color(k)));
        }
        h.append("<ul class=\"legend\">\n");
        items.forEach((label, cls) -> h.append("<li><span class=\"sw ").append(cls).append("\"></span>")
                .append(xml(label)).append("</li>\n"));
        h.append("</ul>\n");
    }

    private static void markers(ChartDocument doc, StringBuilder h) {
        var all = new TreeSet<Marker>(Comparator.comparing(Marker::at).thenComparing(Marker::label));
        doc.layers().forEach(c -> all.addAll(c.markers()));
        if (all.isEmpty()) {
            return;
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("EEE MMM d HH:mm z", Locale.US).withZone(doc.zone());
        h.append("<h2 style=\"font-size:16px\">Marked times</h2>\n<table>\n<tr><th>time</th><th>what</th></tr>\n");
        for (Marker m : all) {
            h.append("<tr><td>").append(xml(f.format(m.at()))).append("</td><td>").append(xml(m.label()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String rgba(Color c) {
        return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)", c.getRed(), c.getGreen(), c.getBlue(),
                c.getAlpha() / 255.0);
    }
}
