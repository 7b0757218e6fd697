package io.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.backtest.Figures;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.Strategy;
import io.prescale.planner.calibrate.Calibration;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.plan.PlanJson;
import io.prescale.planner.plan.Times;
import io.prescale.planner.walkforward.WalkForwardDay;
import io.prescale.planner.walkforward.WalkForwardResult;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a walk-forward: a row per step (fit, P50 peak error, short minutes per strategy) and the totals. */
final class WalkForwardRenderer {
    /** The strategies shown per step: how prescale is deployed first, then the baselines. */
    static final List<Strategy> SHOWN = List.of(Strategy.PLAN, Strategy.PLAN_REACTIVE, Strategy.LIVE,
            Strategy.REACTIVE, Strategy.ORACLE);

    private final ZoneId zone;

    WalkForwardRenderer(ZoneId zone) {
        this.zone = zone;
    }

    void table(WalkForwardResult r, PrintWriter out) {
        out.printf("prescale backtest --walk-forward: %s, layer %s, against %s; re-calibrated every %s on the trace "
                + "before each step only%n%n", r.scenario(), r.layer(), r.traceFile(), Quantities.format(r.every()));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s %5s %-17s %9s %9s", "STEP FROM",
                "SLOTS", "FITTED BASE", "P50 ERR", "MAX ERR"));
        for (Strategy s : SHOWN) {
            head.append(String.format(Locale.ROOT, " %13s", "SHORT " + s.id()));
        }
        out.println(head);
        for (WalkForwardDay d : r.days()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", Times.format(d.start(), zone)));
            if (!d.replayed()) {
                row.append(" not replayed: ").append(d.problems().isEmpty() ? "" : d.problems().stream()
                        .filter(x -> x.isError()).map(x -> x.summary()).findFirst().orElse(""));
                out.println(row);
                continue;
            }
            Calibration c = d.calibration().orElseThrow();
            double[] errs = d.slots().stream().mapToDouble(x -> Math.abs(x.medianError())).sorted().toArray();
            row.append(String.format(Locale.ROOT, " %5d %-17s %9s %9s", d.slots().size(),
                    Quantities.human(c.p50()) + "/" + Quantities.human(c.p90()),
                    errs.length == 0 ? "-" : BacktestRenderer.pct(WalkForwardResult.median(errs)),
                    errs.length == 0 ? "-" : BacktestRenderer.pct(errs[errs.length - 1])));
            LayerBacktest l = d.backtest().orElseThrow().layers().get(0);
            for (Strategy s : SHOWN) {
                Figures f = l.duringEvents().get(s);
                row.append(String.format(Locale.ROOT, " %13s", f == null ? "-" : f.underProvisionedMinutes() + " min"));
            }
            out.println(row);
        }
        out.println();
        out.printf("over %d slots: P50 forecast peak error median |error| %s, max %s%n", r.slots().size(),
                BacktestRenderer.pct(r.medianAbsoluteP50Error()), BacktestRenderer.pct(r.maxAbsoluteP50Error()));
        totals(out, "during events", r.duringEvents());
        totals(out, "whole span", r.overall());
    }

    private static void totals(PrintWriter out, String what, Map<Strategy, WalkForwardResult.Totals> t) {
        out.printf("%s:%n", what);
        for (var e : t.entrySet()) {
            WalkForwardResult.Totals x = e.getValue();
            out.printf(Locale.ROOT, "  %-14s short %6d of %6d min, %12s requests above capacity, %10s unit-hours%s%n",
                    e.getKey().id(), x.underProvisionedMinutes(), x.minutes(),
                    BacktestRenderer.whole(x.requestsAboveCapacity()), BacktestRenderer.tenth(x.unitHours()),
                    x.cost().isPresent() ? ", cost " + BacktestRenderer.money(x.cost().getAsDouble()) : "");
        }
    }

    static String json(WalkForwardResult r) {
        ObjectMapper mapper = PlanJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("layer", r.layer());
        root.put("every", r.every().toString());
        root.put("trace", r.traceFile());
        ArrayNode days = root.putArray("steps");
        for (WalkForwardDay d : r.days()) {
            ObjectNode n = days.addObject();
            n.put("start", d.start().toString());
            n.put("end", d.end().toString());
            n.put("replayed", d.replayed());
            d.calibration().ifPresent(c -> {
                ObjectNode fit = n.putObject("calibration");
                fit.put("events", c.events().size());
                fit.put("p50", c.p50());
                fit.put("p90", c.p90());
                fit.put("sigma", c.sigma());
                fit.put("rmsRps", c.rmsRps());
                CalibrateCommand.parameters(fit.putArray("parameters"), c.parameters());
                c.calibrated().layer(r.layer()).flatMap(l -> l.profile()).ifPresent(p -> {
                    ObjectNode bg = fit.putObject("backgroundProfile");
                    ArrayNode wd = bg.putArray("weekday");
                    for (double v : p.weekday()) {
                        wd.add(v);
                    }
                    ArrayNode we = bg.putArray("weekend");
                    for (double v : p.weekend()) {
                        we.add(v);
                    }
                    bg.put("spread", p.spread());
                });
            });
            ArrayNode slots = n.putArray("slots");
            for (WalkForwardDay.Slot s : d.slots()) {
                ObjectNode x = slots.addObject();
                x.put("kickoff", s.kickoff().toString());
                ArrayNode ev = x.putArray("events");
                s.events().forEach(ev::add);
                x.put("realPeakRps", Math.round(s.realPeakRps()));
                x.put("p50PeakRps", Math.round(s.medianPeakRps()));
                x.put("plannedPeakRps", Math.round(s.plannedPeakRps()));
                x.put("p50Error", Math.round(s.medianError() * 1000) / 1000.0);
            }
            d.backtest().ifPresent(b -> {
                LayerBacktest l = b.layers().get(0);
                figures(n.putObject("strategies"), l.figures());
                figures(n.putObject("duringEvents"), l.duringEvents());
            });
            ArrayNode problems = n.putArray("diagnostics");
            d.problems().forEach(p -> problems.add(p.format()));
        }
        ObjectNode overall = root.putObject("overall");
        overall.put("slots", r.slots().size());
        overall.put("p50ErrorMedianAbsolute", Math.round(r.medianAbsoluteP50Error() * 1000) / 1000.0);
        overall.put("p50ErrorMaxAbsolute", Math.round(r.maxAbsoluteP50Error() * 1000) / 1000.0);
        totals(overall.putObject("strategies"), r.overall());
        totals(overall.putObject("duringEvents"), r.duringEvents());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void figures(ObjectNode n, Map<Strategy, Figures> fs) {
        for (var e : fs.entrySet()) {
            ObjectNode x = n.putObject(e.getKey().id());
            x.put("minutes", e.getValue().minutes());
            x.put("underProvisionedMinutes", e.getValue().underProvisionedMinutes());
            x.put("requestsAboveCapacity", Math.round(e.getValue().requestsAboveCapacity()));
            x.put("unitHours", Math.round(e.getValue().unitHours() * 100) / 100.0);
        }
    }

    private static void totals(ObjectNode n, Map<Strategy, WalkForwardResult.Totals> t) {
        for (var e : t.entrySet()) {
            ObjectNode x = n.putObject(e.getKey().id());
            x.put("minutes", e.getValue().minutes());
            x.put("underProvisionedMinutes", e.getValue().underProvisionedMinutes());
            x.put("requestsAboveCapacity", Math.round(e.getValue().requestsAboveCapacity()));
            x.put("unitHours", Math.round(e.getValue().unitHours() * 100) / 100.0);
            if (e.getValue().cost().isPresent()) {
                x.put("cost", Math.round(e.getValue().cost().getAsDouble() * 100) / 100.0);
            }
        }
    }
}
