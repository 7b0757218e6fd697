package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.cli.chart.ChartException;
import io.prescale.cli.chart.ChartWriter;
import io.prescale.cli.chart.ForecastCharts;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.LayerForecast;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.plan.Times;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.sizing.LiveCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prescale forecast}: the per-minute load, units needed and capacity planned, so a user can see the curve. */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the forecast per minute: load per layer (rps or Gbps), units needed and capacity "
                + "planned, and the event that drives each minute."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:forecast printed", "1:invalid scenario, an unknown --layer or --event, or a --chart that "
                + "cannot be written", Main.EXIT_USAGE, Main.EXIT_BUG})
final class ForecastCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ScenarioInput input;

    @Option(names = "--layer", paramLabel = "<name>", description = "Only these layers (repeatable). Default: all.")
    List<String> layers = new ArrayList<>();

    @Option(names = "--event", paramLabel = "<id>", description = "Forecast only this event, alone on the platform.")
    String event;

    @Option(names = {"-o", "--output", "--format"}, paramLabel = "table|csv|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--all-minutes", description = "Print every minute of the grid, not only minutes when an event is live.")
    boolean allMinutes;

    @Option(names = "--chart", paramLabel = "<file>",
            description = "Also draw each layer's forecast and planned capacity, events marked, to this file; its "
                    + "extension sets the format: png, svg or html (a page that works offline). Default: none.")
    Path chart;

    enum Format { table, csv, json }

    @Override
    public Integer call() {
        ChartWriter charts = chart == null ? null : chartWriter(chart);
        ScenarioInput.Loaded in = input.load(main.clock);
        ScenarioInput.warn(in.scenario(), main.spec.commandLine().getErr());
        Scenario s = in.scenario();
        if (event != null) {
            // the id, or the title a feed gives (its ids may be UIDs nobody types)
            List<Event> only = s.events().stream().filter(e -> e.id().equals(event)).toList();
            if (only.isEmpty()) {
                only = s.events().stream().filter(e -> e.title().equalsIgnoreCase(event.strip())).toList();
            }
            if (only.isEmpty()) {
                java.util.Set<String> names = new java.util.TreeSet<>();
                s.events().forEach(e -> {
                    names.add(e.id());
                    names.add(e.title());
                });
                String near = io.prescale.planner.config.YNode.nearest(event, names);
                throw new UserException("no event '" + event + "' in scenario " + s.name()
                        + (near == null ? "" : ": did you mean '" + near + "'?"));
            }
            s = s.withEvents(only);
        }
        for (String l : layers) {
            if (s.layer(l).isEmpty()) {
                throw new UserException("no layer '" + l + "' in scenario " + s.name() + " (layers: "
                        + String.join(", ", s.layers().stream().map(x -> x.name()).toList()) + ")");
            }
        }
        Planner.Result r = Planner.plan(s, in.at(), main.clock.instant(),
                ScenarioInput.observed(s, null, in.at()));
        PrintWriter out = main.spec.commandLine().getOut();
        Forecast f = r.forecast();
        List<LayerSchedule> chosen = r.schedules().stream()
                .filter(x -> layers.isEmpty() || layers.contains(x.forecast().layer().name())).toList();
        switch (format) {
            case json -> json(f, chosen, out);
            case csv -> csv(f, chosen, out);
            case table -> table(s, f, chosen, out);
        }
        out.flush();
        if (charts != null) {
            try {
                charts.write(ForecastCharts.document(s.name(), s.zone(), f, chosen, allMinutes));
            } catch (ChartException e) {
                throw new UserException(e.getMessage());
            }
        }
        return 0;
    }

    /** The chart's writer, its format known and its file writable, before any work. */
    static ChartWriter chartWriter(Path file) {
        ChartWriter w;
        try {
            w = ChartWriter.forFile(file);
        } catch (ChartException e) {
            throw new UserException(e.getMessage());
        }
        OutputFiles.checkFile("--chart", file);
        return w;
    }

    private boolean shown(LayerSchedule ls, int i) {
        if (allMinutes) {
            return true;
        }
        for (LiveCluster c : ls.clusters()) {
            if (i >= c.start() && i < c.end()) {
                return true;
            }
        }
        return false;
    }

    private static String eventAt(Forecast f, LayerForecast lf, int i) {
        int e = lf.topEvent()[i];
        return e < 0 ? "" : f.events().get(e).event().id();
    }

    private void table(Scenario s, Forecast f, List<LayerSchedule> chosen, PrintWriter out) {
        for (LayerSchedule ls : chosen) {
            LayerForecast lf = ls.forecast();
            var l = lf.layer();
            String max = l.max() == Integer.MAX_VALUE ? "none" : String.valueOf(l.max());
            if (lf.dimensioned()) {
                // sized on the largest of its dimensions: say what a unit carries of each, and which one decides
                out.printf("%s (%s; each %s carries %s, the largest decides; headroom %d%%, min %d, max %s)%n", l.name(),
                        l.metric().unit(), l.unit().id(), String.join(" or ", l.dimensions().stream()
                                .map(d -> d.shown().formatted(Quantities.human(d.perUnit()))).toList()),
                        Math.round(l.headroom() * 100), l.min(), max);
            } else {
                out.printf("%s (%s, %s per %s, headroom %d%%, min %d, max %s)%n", l.name(), l.metric().unit(),
                        fmt(l.perUnit()), l.unit() == io.prescale.planner.model.CapacityUnit.GBPS ? "Gbps unit"
                                : l.unit().id().replaceAll("s$", ""), Math.round(l.headroom() * 100), l.min(), max);
            }
            Table t = lf.dimensioned()
                    ? new Table("TIME", l.metric().unit().toUpperCase(Locale.ROOT), "LARGEST DIMENSION", "NEEDED",
                            "PLANNED", "EVENT")
                    : new Table("TIME", l.metric().unit().toUpperCase(Locale.ROOT), "NEEDED", "PLANNED", "EVENT");
            for (int i = 0; i < lf.length(); i++) {
                if (!shown(ls, i)) {
                    continue;
                }
                if (lf.dimensioned()) {
                    int d = lf.drivingDimension(i);
                    t.row(Times.format(f.minute(i), s.zone()), load(l, lf.load()[i]), l.dimensions().get(d)
                                    .describe(lf.dimensionLoads()[d][i]), String.valueOf(ls.required()[i]),
                            String.valueOf(ls.planned()[i]), eventAt(f, lf, i));
                } else {
                    t.row(Times.format(f.minute(i), s.zone()), load(l, lf.load()[i]), String.valueOf(ls.required()[i]),
                            String.valueOf(ls.planned()[i]), eventAt(f, lf, i));
                }
            }
            t.print(out, "  ");
            out.println();
        }
    }

    private void csv(Forecast f, List<LayerSchedule> chosen, PrintWriter out) {
        out.println("minute_utc,layer,metric,load,units_needed,units_planned,event");
        for (LayerSchedule ls : chosen) {
            LayerForecast lf = ls.forecast();
            for (int i = 0; i < lf.length(); i++) {
                if (shown(ls, i)) {
                    out.printf(Locale.ROOT, "%s,%s,%s,%.3f,%d,%d,%s%n", f.minute(i), lf.layer().name(),
                            lf.layer().metric().unit(), lf.load()[i], ls.required()[i], ls.planned()[i], eventAt(f, lf, i));
                }
            }
        }
    }

    private void json(Forecast f, List<LayerSchedule> chosen, PrintWriter out) {
        var mapper = PlanJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("at", f.at().toString());
        root.put("quantile", f.quantile());
        ArrayNode ls = root.putArray("layers");
        for (LayerSchedule s : chosen) {
            LayerForecast lf = s.forecast();
            ObjectNode l = ls.addObject();
            l.put("name", lf.layer().name());
            l.put("metric", lf.layer().metric() == Metric.RPS ? "rps" : "gbps");
            l.put("unit", lf.layer().unit().id());
            ArrayNode pts = l.putArray("minutes");
            for (int i = 0; i < lf.length(); i++) {
                if (shown(s, i)) {
                    ObjectNode p = pts.addObject();
                    p.put("t", f.minute(i).toString());
                    p.put("load", Math.round(lf.load()[i] * 1000) / 1000.0);
                    p.put("needed", s.required()[i]);
                    p.put("planned", s.planned()[i]);
                    String e = eventAt(f, lf, i);
                    if (!e.isEmpty()) {
                        p.put("event", e);
                    }
                }
            }
        }
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One style per column: whole requests per second, Gbps to two decimals. */
    private static String load(io.prescale.planner.model.Layer l, double v) {
        return String.format(Locale.ROOT, l.metric() == Metric.RPS ? "%.0f" : "%.2f", v);
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
