package io.prescale.planner.plan;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.Quantities;
import io.prescale.planner.sizing.LayerSchedule;
import io.prescale.planner.sizing.Step;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of a layer that carries another (nodes for pods), each explained by the carried layer's change it
 * makes room for: a scale-out by the pods it must hold when their scale-out starts and how many fit on one unit; a
 * scale-in by the pods' scale-in it follows.
 */
final class CarrierChanges {
    private CarrierChanges() {
    }

    static List<Change> of(ZoneId zone, Forecast f, LayerSchedule sched, LayerSchedule carried, Diagnostics diags) {
        Layer l = sched.forecast().layer();
        Carries c = l.carries().orElseThrow();
        String type = l.target().type();
        String unit = l.unit().id();
        String pods = carried.forecast().layer().name();
        List<Change> out = new ArrayList<>();
        for (Step st : sched.steps()) {
            Instant at = f.minute(st.action());
            Instant needed = f.minute(st.needed());
            if (st.isUp()) {
                int d = st.driver() >= 0 ? st.driver() : st.needed();
                long count = Math.round(sched.forecast().load()[d]);
                int ev = sched.forecast().topEvent()[d];
                List<String> ids = List.of();
                String why = "";
                if (ev >= 0) {
                    EventTimeline t = f.events().get(ev);
                    ids = List.of(t.event().id());
                    why = " (" + t.event().label() + " kickoff " + Times.format(t.event().start(), zone) + ")";
                }
                String reason = pods + " at " + count + " pods from " + Times.format(f.minute(d), zone) + why + ": "
                        + count + " pods at " + c.perUnit() + " per " + singular(unit) + " (" + c.limitedBy()
                        + "-bound) with " + Math.round(l.headroom() * 100) + "% headroom need "
                        + sched.unbounded()[d] + " " + unit + "; " + Planner.leadText(l)
                        + ", before the pods' scale-out";
                if (st.late() > 0) {
                    reason += "; late by " + Times.minutes(st.late()) + " (planned after the lead time had started)";
                    diags.warning(l.source(), "layer " + l.name() + ": " + unit + " for " + pods + " are requested "
                            + Times.minutes(st.late()) + " later than their lead time allows",
                            "the pods may wait for " + unit + " at " + Times.format(needed, zone));
                }
                out.add(new Change(l.name(), type, l.target().name(), Action.SCALE_OUT, at, needed, st.from(),
                        st.to(), unit, ids, reason));
            } else {
                Step podsIn = null;
                for (Step p : carried.steps()) {
                    if (!p.isUp() && p.action() <= st.action()) {
                        podsIn = p;
                    }
                }
                String reason = podsIn == null
                        ? pods + " holds " + Math.round(sched.forecast().load()[st.needed()]) + " pods"
                        : pods + " scaled in to " + podsIn.to() + " pods at " + Times.format(f.minute(podsIn.action()),
                                zone) + "; " + unit + " released cool-down " + Quantities.format(l.cooldown())
                                + " after";
                if (st.to() == l.min()) {
                    reason += "; back to min";
                }
                // the events whose end let the pods go are the ones that let the nodes go
                List<String> ids = podsIn == null || podsIn.cluster() < 0 ? List.of()
                        : carried.clusters().get(podsIn.cluster()).events().stream()
                                .map(i -> f.events().get(i).event().id()).toList();
                out.add(new Change(l.name(), type, l.target().name(), Action.SCALE_IN, at, needed, st.from(),
                        st.to(), unit, ids, reason));
            }
        }
        if (out.isEmpty()) {
            out.add(new Change(l.name(), type, l.target().name(), Action.NO_OP, f.at(), f.at(), sched.observed(),
                    sched.observed(), unit, List.of(), "observed " + sched.observed() + " " + unit + " carry every "
                            + pods + " pod planned in the horizon"));
        }
        return out;
    }

    private static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
}
