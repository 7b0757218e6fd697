package io.prescale.cli;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanCost;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.planner.plan.Times;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a plan like {@code terraform plan}: the events, one diff line per change with its reason, a summary. */
final class PlanRenderer {
    private final ZoneId zone;
    private final Terminal terminal;

    PlanRenderer(ZoneId zone, Terminal terminal) {
        this.zone = zone;
        this.terminal = terminal;
    }

    /** A change's symbol in its colour, as terraform shows a diff: added green, removed red, changed yellow. */
    static String symbol(Action a, Terminal t) {
        return switch (a) {
            case SCALE_OUT -> t.paint(a.symbol(), Terminal.Colour.GREEN);
            case SCALE_IN -> t.paint(a.symbol(), Terminal.Colour.RED);
            case PREWARM -> t.paint(a.symbol(), Terminal.Colour.YELLOW);
            case CHECK -> t.paint(a.symbol(), Terminal.Colour.CYAN);
            case NO_OP -> a.symbol();
        };
    }

    void render(Plan plan, String savedTo, PrintWriter out) {
        // (printed, not printf'd: a plan's first Formatter use cost several ms of its start, before the JIT)
        out.println("prescale plan: " + plan.scenario() + ", " + plan.events().size() + " event(s), "
                + plan.layers().size() + " layer(s), as of " + Times.format(plan.at(), zone) + ", sized for P"
                + Quantities.human(plan.quantile() * 100) + " audiences");
        out.println("observed state: " + plan.observed().source());
        long placeholders = io.prescale.planner.calendar.Calendars.placeholders(plan.diagnostics());
        if (placeholders > 0) {
            out.printf("calendar: %d event(s) planned, %d placeholder(s) without a kickoff time not planned (see the "
                    + "warnings below)%n", plan.events().size(), placeholders);
        }
        out.println();
        if (!plan.events().isEmpty()) {
            out.println("Events:");
            Table t = new Table("ID", "TEAMS", "KICKOFF", "STAGE", "AUDIENCE", "ON THE PLATFORM", "AUDIENCE FROM");
            for (PlanEvent e : plan.events()) {
                t.row(e.id(), e.teams().isEmpty() ? "-" : String.join(" v ", e.teams()), Times.format(e.kickoff(), zone),
                        e.stage() + (e.knockout() ? " (KO)" : ""),
                        Quantities.human(e.audience()),
                        Times.format(e.windowStart(), zone) + " - " + Times.format(e.latestEnd(), zone), e.audienceWhy());
            }
            t.print(out, "  ");
            out.println();
        }
        out.println("Changes:");
        for (Change c : plan.changes()) {
            String target = c.target().isEmpty() ? c.targetType() : c.targetType() + " " + c.target();
            String move = switch (c.action()) {
                case NO_OP -> c.from() + " " + c.unit() + " (no change)";
                case CHECK -> "check " + c.to() + " of " + c.from() + " " + c.unit();
                default -> c.from() + " -> " + c.to() + " " + c.unit();
            };
            out.println("  " + symbol(c.action(), terminal) + " " + padded(String.valueOf(c.layer()), 18) + " " + padded(move, 28)
                    + " at " + Times.format(c.at(), zone) + "  (" + target + ")");
            out.println("      " + c.reason());
        }
        out.println();
        out.println("Summary:");
        Table s = new Table("LAYER", "UNIT", "PEAK LOAD", "PEAK UNITS", "NEEDED", "MIN-MAX", "PEAK AT", "DRIVEN BY");
        for (LayerSummary l : plan.layers()) {
            String load = l.carries() != null ? Quantities.human(l.carries().peakPods()) + " pods"
                    : l.peakGbps() > 0 ? Quantities.human(l.peakGbps()) + " Gbps" : Quantities.human(l.peakRps()) + " rps";
            String units = l.peakUnits() + (l.derived().isEmpty() ? "" : " (" + l.derived().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")")
                    + (l.dimension().isEmpty() ? "" : " (" + l.dimension() + ")");
            s.row(l.name(), l.unit(), load, units, String.valueOf(l.neededUnits()),
                    l.min() + "-" + (l.max() == Integer.MAX_VALUE ? "inf" : l.max()),
                    Times.format(l.peakAt(), zone), l.drivenBy());
        }
        s.print(out, "  ");
        out.println();
        if (plan.cost() != null) {
            cost(plan.cost(), out);
        }
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        plan.changes().forEach(c -> counts.merge(c.action(), 1L, Long::sum));
        out.println("Plan: " + counts.getOrDefault(Action.SCALE_OUT, 0L) + " to scale out, "
                + counts.getOrDefault(Action.SCALE_IN, 0L) + " to scale in, " + counts.getOrDefault(Action.PREWARM, 0L)
                + " to pre-warm, " + counts.getOrDefault(Action.CHECK, 0L) + " to check, "
                + counts.getOrDefault(Action.NO_OP, 0L) + " layer(s) unchanged.");
        List<Diagnostic> diags = plan.diagnostics();
        if (!diags.isEmpty()) {
            out.println();
            out.println(terminal.paint("Warnings:", Terminal.Colour.YELLOW));
            diags.forEach(d -> out.println("  " + d.format()));
        }
        if (savedTo != null) {
            out.printf("%nSaved to %s (digest %s). Apply it with: prescale apply %s%n", savedTo,
                    plan.digest().substring(0, Math.min(plan.digest().length(), 19)), savedTo);
        }
    }

    /** The plan's cost over its horizon beside the baseline's, per layer and in total, money to the cent. */
    private void cost(PlanCost c, PrintWriter out) {
        long hours = java.time.Duration.between(c.from(), c.until()).toHours();
        out.printf("Cost over the horizon (%s - %s, %d h), at the scenario's prices:%n", Times.format(c.from(), zone),
                Times.format(c.until(), zone), hours);
        Table t = new Table("LAYER", "UNIT", "PRICE PER UNIT-HOUR", "PLAN UNIT-HOURS", "PLAN COST", "BASELINE UNIT-HOURS",
                "BASELINE COST");
        for (PlanCost.LayerCost l : c.layers()) {
            t.row(l.layer(), l.unit(), l.priced() ? java.math.BigDecimal.valueOf(l.price()).stripTrailingZeros().toPlainString() : "no price",
                    String.format(Locale.US, "%,.1f", l.unitHours()), l.priced() ? money(l.cost()) : "-",
                    String.format(Locale.US, "%,.1f", l.baselineUnitHours()), l.priced() ? money(l.baselineCost()) : "-");
        }
        t.row("total", "", "", "", money(c.planTotal()), "", money(c.baselineTotal()));
        t.print(out, "  ");
        double change = c.baselineTotal() > 0 ? c.planTotal() / c.baselineTotal() - 1 : Double.NaN;
        out.printf("The plan costs %s over the horizon; keeping the baseline would cost %s%s.%n%n", money(c.planTotal()),
                money(c.baselineTotal()), Double.isNaN(change) ? ""
                        : String.format(Locale.US, " (the plan %+.0f%%)", 100 * change));
    }

    /** {@code text} left-justified in {@code width} columns, as {@code %-Ns} writes it. */
    static String padded(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String money(double v) {
        return String.format(Locale.US, "%,.2f", v);
    }
}
