package io.prescale.providers.apply;

import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.spi.ScheduledActions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a plan's future changes into the cloud's own scheduled actions, so capacity still changes on time if
 * prescale is down. A scale-out raises min and desired to the planned units (as apply does); a scale-in sets desired
 * and lowers min to the layer's min (a scheduled action cannot restore the bounds apply saved in tags). Names carry
 * the plan's digest, so a newer plan's actions never collide with an older one's.
 */
public final class NativeSchedules {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private NativeSchedules() {
    }

    /** The actions per layer, for changes after {@code now} on targets of type {@code targetType}. */
    public static Map<String, List<ScheduledActions.Action>> fromPlan(Plan plan, Instant now, String targetType) {
        Map<String, LayerSummary> layers = new LinkedHashMap<>();
        plan.layers().forEach(l -> layers.put(l.name(), l));
        Map<String, List<ScheduledActions.Action>> out = new LinkedHashMap<>();
        String digest = plan.digest().replace("sha256:", "");
        String tag = digest.substring(0, Math.min(8, digest.length()));
        for (Change c : plan.changes()) {
            if (!c.targetType().equals(targetType) || !c.at().isAfter(now)
                    || (c.action() != Action.SCALE_OUT && c.action() != Action.SCALE_IN)) {
                continue;
            }
            LayerSummary l = layers.get(c.layer());
            String name = ScheduledActions.PREFIX + tag + "-" + c.layer() + "-" + NAME_TIME.format(c.at());
            ScheduledActions.Action a = c.action() == Action.SCALE_OUT
                    ? new ScheduledActions.Action(name, c.at(), "Etc/UTC", c.to(), c.to(), null)
                    : new ScheduledActions.Action(name, c.at(), "Etc/UTC", l == null ? null : l.min(), c.to(), null);
            out.computeIfAbsent(c.layer(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }
}
