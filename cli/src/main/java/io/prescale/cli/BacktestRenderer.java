package io.prescale.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.backtest.BacktestResult;
import io.prescale.planner.backtest.CapacitySeries;
import io.prescale.planner.backtest.EventBacktest;
import io.prescale.planner.backtest.Figures;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.PeakError;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Times;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a backtest as tables (per layer: the strategies, then per event) or as JSON. Every column keeps one number
 * style whatever the magnitude, thousands separated: requests and unit-minutes whole, unit-hours and rps to a
 * tenth, money to the cent.
 */
final class BacktestRenderer {
    private final ZoneId zone;

    BacktestRenderer(ZoneId zone) {
        this.zone = zone;
    }

    void table(BacktestResult r, Scenario s, PrintWriter out) {
        ReactiveSettings rs = r.settings().reactive();
        out.printf("prescale backtest: %s, planned as of %s for P%s audiences, against %s (%s)%n", r.scenario(),
                Times.format(r.planAt(), zone), Quantities.human(r.quantile() * 100), r.traceFile(), r.traceFormat());
        out.printf("reactive baseline: target %s of each unit's rate, reaction delay %s, the layer's warm-up, "
                + "scale-in cooldown %s%n", pct(rs.targetUtilisation()), Quantities.format(rs.reactionDelay()),
                Quantities.format(rs.scaleInCooldown()));
        for (LayerBacktest l : r.layers()) {
            String unit = l.unit().replaceAll("s$", "");
            out.println();
            out.printf("%s: %s - %s (%d min, %s requests); %s usable rps per %s (%s at full rate)%s; static: %d %s%n",
                    l.layer(), Times.format(l.start(), zone), Times.format(l.end(), zone), l.minutes(),
                    whole(l.requests()), plain(l.usablePerUnit()), unit, plain(l.perUnit()),
                    l.pricePerUnitHour().isPresent() ? "; " + price(l.pricePerUnitHour().getAsDouble()) + " per " + unit
                            + "-hour" : "; no price (--price " + l.layer() + "=...)", l.staticUnits(), l.unit());
            strategies(l.figures(), out, "the whole span");
            Figures during = l.duringEvents().get(Strategy.PLAN);
            strategies(l.duringEvents(), out, "during events (" + during.minutes() + " min in some event's window)");
            for (PeakError e : l.peakError()) {
                if (e.slots() > 0) {
                    out.printf("  forecast peak error, P%s forecast, %d slots: median |error| %s, max %s, median "
                            + "signed %s%n", Quantities.human(e.quantile() * 100), e.slots(), pct(e.medianAbsolute()),
                            pct(e.maxAbsolute()), signed(e.medianSigned()));
                }
            }
            if (!l.events().isEmpty()) {
                out.println();
                out.println("  per event (windows of simultaneous events overlap):");
                Table t = new Table("EVENT", "KICKOFF", "REAL PEAK", "P50 PEAK", "PLANNED PEAK", "PLAN UNDER",
                        "PLAN ABOVE", "PLAN OVER", "PLAN COST", "LIVE UNDER", "LIVE COST", "REACTIVE UNDER",
                        "REACTIVE ABOVE");
                for (EventBacktest e : l.events()) {
                    Figures p = e.figures().get(Strategy.PLAN);
                    Figures lv = e.figures().get(Strategy.LIVE);
                    Figures re = e.figures().get(Strategy.REACTIVE);
                    t.row(e.id(), Times.format(e.kickoff(), zone), tenth(e.realPeakRps()), tenth(e.medianPeakRps()),
                            tenth(e.forecastPeakRps()), p.underProvisionedMinutes() + " min",
                            whole(p.requestsAboveCapacity()), whole(p.overProvisionedUnitMinutes()),
                            cost(p), lv.underProvisionedMinutes() + " min", cost(lv),
                            re.underProvisionedMinutes() + " min", whole(re.requestsAboveCapacity()));
                }
                t.print(out, "    ");
            }
        }
    }

    private static void strategies(Map<Strategy, Figures> figures, PrintWriter out, String title) {
        out.println("  " + title + ":");
        Table t = new Table("STRATEGY", "UNDER-PROVISIONED", "REQUESTS ABOVE CAPACITY", "OVER-PROVISIONED",
                "UNIT-HOURS", "COST", "PEAK UNITS");
        for (Strategy st : Strategy.values()) {
            Figures f = figures.get(st);
            t.row(st.id(), f.underProvisionedMinutes() + " min", whole(f.requestsAboveCapacity()),
                    whole(f.overProvisionedUnitMinutes()) + " unit-min", tenth(f.unitHours()), cost(f),
                    String.valueOf(f.peakUnits()));
        }
        t.print(out, "    ");
    }

    // ---- JSON

    static String json(BacktestResult r, boolean series) {
        ObjectMapper mapper = PlanJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("planAt", r.planAt().toString());
        root.put("quantile", r.quantile());
        ObjectNode tr = root.putObject("trace");
        tr.put("file", r.traceFile());
        tr.put("format", r.traceFormat());
        tr.put("start", r.traceStart().toString());
        tr.put("end", r.traceEnd().toString());
        ObjectNode re = root.putObject("reactive");
        re.put("targetUtilisation", r.settings().reactive().targetUtilisation());
        re.put("reactionDelay", r.settings().reactive().reactionDelay().toString());
        re.put("scaleInCooldown", r.settings().reactive().scaleInCooldown().toString());
        ArrayNode layers = root.putArray("layers");
        for (LayerBacktest l : r.layers()) {
            ObjectNode n = layers.addObject();
            n.put("name", l.layer());
            n.put("unit", l.unit());
            n.put("perUnit", l.perUnit());
            n.put("usablePerUnit", l.usablePerUnit());
            if (l.pricePerUnitHour().isPresent()) {
                n.put("pricePerUnitHour", l.pricePerUnitHour().getAsDouble());
            } else {
                n.putNull("pricePerUnitHour");
            }
            n.put("start", l.start().toString());
            n.put("end", l.end().toString());
            n.put("minutes", l.minutes());
            n.put("requests", Math.round(l.requests()));
            n.put("staticUnits", l.staticUnits());
            strategies(n.putObject("strategies"), l.figures());
            strategies(n.putObject("duringEvents"), l.duringEvents());
            ArrayNode pe = n.putArray("forecastPeakError");
            for (PeakError e : l.peakError()) {
                ObjectNode x = pe.addObject();
                x.put("quantile", e.quantile());
                x.put("slots", e.slots());
                number(x, "medianAbsolute", e.medianAbsolute());
                number(x, "maxAbsolute", e.maxAbsolute());
                number(x, "medianSigned", e.medianSigned());
            }
            ArrayNode evs = n.putArray("events");
            for (EventBacktest e : l.events()) {
                ObjectNode x = evs.addObject();
                x.put("id", e.id());
                x.put("title", e.title());
                x.put("kickoff", e.kickoff().toString());
                x.put("windowStart", e.windowStart().toString());
                x.put("windowEnd", e.windowEnd().toString());
                x.put("realPeakRps", round3(e.realPeakRps()));
                x.put("realPeakAt", e.realPeakAt().toString());
                x.put("forecastPeakRps", round3(e.forecastPeakRps()));
                x.put("forecastPeakAt", e.forecastPeakAt().toString());
                x.put("medianPeakRps", round3(e.medianPeakRps()));
                x.put("requests", Math.round(e.requests()));
                strategies(x.putObject("strategies"), e.figures());
            }
            if (series) {
                ObjectNode sn = n.putObject("series");
                sn.put("start", l.start().toString());
                sn.put("stepSeconds", 60);
                ArrayNode trace = sn.putArray("traceRps");
                ArrayNode forecast = sn.putArray("forecastRps");
                ArrayNode needed = sn.putArray("neededUnits");
                ArrayNode reforecast = sn.putArray("liveReforecastRps");
                for (int i = 0; i < l.minutes(); i++) {
                    trace.add(round3(l.traceRps()[i]));
                    forecast.add(round3(l.forecastRps()[i]));
                    needed.add(l.needed()[i]);
                    if (Double.isFinite(l.reforecastRps()[i])) {
                        reforecast.add(round3(l.reforecastRps()[i]));
                    } else {
                        reforecast.addNull();
                    }
                }
                ObjectNode caps = sn.putObject("capacity");
                for (Strategy st : Strategy.values()) {
                    CapacitySeries c = l.capacity().get(st);
                    ObjectNode cn = caps.putObject(st.id());
                    ArrayNode serving = cn.putArray("serving");
                    ArrayNode running = cn.putArray("running");
                    for (int i = 0; i < l.minutes(); i++) {
                        serving.add(c.serving()[i]);
                        running.add(c.running()[i]);
                    }
                }
            }
        }
        ArrayNode ds = root.putArray("diagnostics");
        for (Diagnostic d : r.diagnostics()) {
            ObjectNode x = ds.addObject();
            x.put("severity", d.severity().label());
            x.put("summary", d.summary());
            x.put("detail", d.detail());
            if (d.location() != null) {
                x.put("location", d.location().position());
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backtest is always serialisable", e);
        }
    }

    private static void strategies(ObjectNode n, Map<Strategy, Figures> figures) {
        for (Strategy st : Strategy.values()) {
            Figures f = figures.get(st);
            ObjectNode x = n.putObject(st.id());
            x.put("minutes", f.minutes());
            x.put("underProvisionedMinutes", f.underProvisionedMinutes());
            x.put("requestsAboveCapacity", Math.round(f.requestsAboveCapacity()));
            x.put("saturatedMinutes", f.saturatedMinutes());
            x.put("overProvisionedUnitMinutes", round3(f.overProvisionedUnitMinutes()));
            x.put("unitMinutes", round3(f.unitMinutes()));
            x.put("unitHours", round3(f.unitHours()));
            x.put("peakUnits", f.peakUnits());
            if (f.cost().isPresent()) {
                x.put("cost", Math.round(f.cost().getAsDouble() * 100) / 100.0);
            } else {
                x.putNull("cost");
            }
        }
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, Math.round(v * 10000) / 10000.0);
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String cost(Figures f) {
        return f.cost().isPresent() ? money(f.cost().getAsDouble()) : "-";
    }

    /** Money to the cent in every row, thousands separated (not 135 beside 1.35). */
    static String money(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /** A price as given (0.008 stays 0.008). */
    private static String price(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Counts: requests, unit-minutes. */
    static String whole(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Rates and unit-hours, to a tenth in every row. */
    static String tenth(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    /** A figure in prose: thousands separated, up to two decimals, no trailing zeros (120, 1,234.5, 0.25). */
    static String plain(double v) {
        return new java.text.DecimalFormat("#,##0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(v);
    }

    /** Mixed styles by magnitude; for the calibrate and watch tables, which have not moved to one style a column. */
    static String fmt(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.0f%%", v * 100);
    }
}
