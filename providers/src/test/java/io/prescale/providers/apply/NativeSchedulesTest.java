package io.prescale.providers.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.plan.Plan;
import io.prescale.providers.spi.ScheduledActions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeSchedulesTest {

    @Test
    void fromPlan_futureAsgSteps_becomePrefixedActionsWithATimeZone() {
        Plan p = ApplyEngineTest.plan(ApplyEngineTest.PLANNED);
        Map<String, List<ScheduledActions.Action>> actions =
                NativeSchedules.fromPlan(p, Instant.parse("2026-07-19T18:00:00Z"), "aws-asg");
        assertEquals(List.of("edge"), List.copyOf(actions.keySet()));
        List<ScheduledActions.Action> edge = actions.get("edge");
        assertEquals(2, edge.size());
        ScheduledActions.Action out = edge.get(0);
        assertTrue(out.name().startsWith("prescale-abc-edge-20260719T1840Z"), out.name());
        assertEquals(Instant.parse("2026-07-19T18:40:00Z"), out.at());
        assertEquals("Etc/UTC", out.timeZone());
        assertEquals(300, out.min());
        assertEquals(300, out.desired());
        assertNull(out.max());
        ScheduledActions.Action in = edge.get(1);
        assertEquals(10, in.min(), "scale-in lowers min to the layer's min");
        assertEquals(10, in.desired());
    }

    @Test
    void fromPlan_stepsAlreadyDue_areLeftToApply() {
        Plan p = ApplyEngineTest.plan(ApplyEngineTest.PLANNED);
        var actions = NativeSchedules.fromPlan(p, Instant.parse("2026-07-19T19:00:00Z"), "aws-asg");
        assertEquals(1, actions.get("edge").size());
        assertEquals(Instant.parse("2026-07-19T22:00:00Z"), actions.get("edge").get(0).at());
    }
}
