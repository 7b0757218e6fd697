package io.prescale.providers.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeGuardTest {

    private static ChangeRequest request(Action a, int from, int to) {
        Instant at = Instant.parse("2027-05-30T13:48:00Z");
        return new ChangeRequest(new Change("edge", "some-type", "edge-1", a, at, at, from, to, "instances",
                List.of("FINAL"), "test"), new Target("some-type", "edge-1", Map.of()), 10, 400, "", false,
                Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SCALE_OUT, 400", "SCALE_IN, 10", "PREWARM, 400"})
    void outOfBounds_withinTheLayersBounds_letsTheChangeThrough(Action a, int to) {
        assertTrue(ChangeGuard.outOfBounds(request(a, 40, to), "edge-1", "OutOfBounds").isEmpty());
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "SCALE_OUT | 401 | size increase too large - desired:401 max:400",
            "SCALE_IN  | 9   | size decrease too large - desired:9 min:10",
            "SCALE_IN  | -1  | size decrease too large - desired:-1 min:10"})
    void outOfBounds_outsideTheLayersBounds_refusesWithClusterAutoscalersWording(Action a, int to, String why) {
        ChangeResponse r = ChangeGuard.outOfBounds(request(a, 40, to), "edge-1", "BoundsExceeded").orElseThrow();

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals(-1, r.before());
        assertEquals(why, r.message());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals(why, d.summary());
        assertEquals("BoundsExceeded", d.code());
        assertEquals("edge-1", d.resource());
    }

    @Test
    void notActedOn_anActionActedOn_letsTheChangeThrough() {
        assertTrue(ChangeGuard.notActedOn(request(Action.SCALE_IN, 40, 10), "edge-1", "a thing", ChangeGuard.SCALES)
                .isEmpty());
    }

    @Test
    void notActedOn_noOp_isUnchangedAtThePlannedUnits() {
        ChangeResponse r = ChangeGuard.notActedOn(request(Action.NO_OP, 40, 40), "edge-1", "a thing",
                ChangeGuard.SCALES).orElseThrow();

        assertEquals(ChangeStatus.UNCHANGED, r.status());
        assertEquals(40, r.before());
        assertEquals(40, r.after());
        assertTrue(r.diagnostics().isEmpty());
    }

    @Test
    void notActedOn_anotherAction_isSkippedWithAWarningNamingWhatIsActedOn() {
        ChangeResponse r = ChangeGuard.notActedOn(request(Action.CHECK, 40, 40), "edge-1", "aws-elbv2",
                EnumSet.of(Action.PREWARM, Action.SCALE_OUT, Action.SCALE_IN)).orElseThrow();

        assertEquals(ChangeStatus.SKIPPED, r.status());
        assertEquals("CHECK does not apply to aws-elbv2: nothing sent", r.message());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals("this provider acts on SCALE_OUT, SCALE_IN and PREWARM", d.detail());
    }
}
