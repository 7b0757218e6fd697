package io.prescale.providers.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;

class AsgCapacityReservationsTest {
    static final Instant NOW = Instant.parse("2026-06-14T12:00:00Z");
    static final Instant AT = Instant.parse("2026-06-14T18:40:00Z");
    static final Instant HOLD_UNTIL = Instant.parse("2026-06-14T23:30:00Z");

    static AutoScalingGroup group(List<String> zones, String... types) {
        return AutoScalingGroup.builder().autoScalingGroupName("edge-asg").availabilityZones(zones)
                .instances(Instance.builder().instanceId("i-0abc").instanceType("c5.xlarge").build())
                .mixedInstancesPolicy(types.length == 0 ? null : MixedInstancesPolicy.builder().launchTemplate(
                        LaunchTemplate.builder().overrides(List.of(types).stream().map(t -> LaunchTemplateOverrides
                                .builder().instanceType(t).build()).toList()).build()).build())
                .build();
    }

    static AsgCapacityReservations.Decision decide(Map<String, String> settings, AutoScalingGroup g, int added) {
        return AsgCapacityReservations.decide(new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", settings), g, added,
                Optional.of(HOLD_UNTIL), NOW, "sha256:plan1", AT);
    }

    @ParameterizedTest(name = "{0} added over {1} zone(s): {2} each")
    @CsvSource({"140, 2, 70", "141, 2, 71", "3, 6, 1", "1, 3, 1", "100, 1, 100"})
    void decide_addedInstances_splitEvenlyRoundingUp(int added, int zones, int each) {
        List<String> names = IntStream.range(0, zones).mapToObj(i -> "us-east-1" + (char) ('a' + i)).toList();

        var d = assertInstanceOf(AsgCapacityReservations.Reserve.class,
                decide(Map.of("reserveCapacity", "true"), group(names), added));

        assertEquals(names, d.requests().stream().map(CapacityReservations.Request::availabilityZone).toList());
        assertTrue(d.requests().stream().allMatch(r -> r.count() == each && r.end().equals(HOLD_UNTIL)
                && r.instanceType().equals("c5.xlarge")), d.requests().toString());
    }

    @Test
    void decide_severalInstanceTypes_reservesTheFirstWithAWarning() {
        var d = assertInstanceOf(AsgCapacityReservations.Reserve.class, decide(Map.of("reserveCapacity", "true"),
                group(List.of("us-east-1a"), "c5.xlarge", "m5.2xlarge"), 10));

        assertEquals("c5.xlarge", d.requests().getFirst().instanceType());
        assertEquals(Severity.WARNING, d.notes().getFirst().severity());
        assertTrue(d.notes().getFirst().detail().contains("reserveInstanceType"), d.notes().toString());
    }

    @Test
    void decide_notAskedOrNothingAdded_reservesNothing() {
        assertInstanceOf(AsgCapacityReservations.None.class, decide(Map.of(), group(List.of("us-east-1a")), 10));
        assertInstanceOf(AsgCapacityReservations.None.class, decide(Map.of("reserveCapacity", "false"),
                group(List.of("us-east-1a")), 10));
        assertInstanceOf(AsgCapacityReservations.None.class, decide(Map.of("reserveCapacity", "true"),
                group(List.of("us-east-1a")), 0));
    }

    @Test
    void decide_holdUntilPassed_refusesWithWarning() {
        var d = assertInstanceOf(AsgCapacityReservations.Refuse.class, AsgCapacityReservations.decide(
                new Target(AwsTargets.AUTO_SCALING_GROUP, "edge-asg", Map.of("reserveCapacity", "true")),
                group(List.of("us-east-1a")), 10, Optional.of(NOW), NOW, "sha256:plan1", AT));

        assertEquals(false, d.fails());
        assertEquals("HoldUntilPassed", d.diagnostic().code());
    }

    @Test
    void clientToken_sameInputs_sameTokenElseDifferent() {
        String t = AsgCapacityReservations.clientToken("sha256:plan1", "edge-asg", "us-east-1a", AT);

        assertEquals(t, AsgCapacityReservations.clientToken("sha256:plan1", "edge-asg", "us-east-1a", AT));
        assertTrue(t.matches("prescale-[0-9a-f]{40}") && t.length() <= 64, t);
        assertNotEquals(t, AsgCapacityReservations.clientToken("sha256:plan1", "edge-asg", "us-east-1b", AT));
        assertNotEquals(t, AsgCapacityReservations.clientToken("sha256:plan2", "edge-asg", "us-east-1a", AT));
        assertNotEquals(t, AsgCapacityReservations.clientToken("sha256:plan1", "api-asg", "us-east-1a", AT));
        // a second step of the same plan for the same group and zone
        assertNotEquals(t, AsgCapacityReservations.clientToken("sha256:plan1", "edge-asg", "us-east-1a",
                AT.plusSeconds(3600)));
    }

    @Test
    void tags_manyIds_fitTagValueLimitAndReadBack() {
        List<String> ids = IntStream.rangeClosed(1, 30).mapToObj(i -> "cr-0%016x".formatted(i)).toList();

        Map<String, String> tags = AsgCapacityReservations.tags(ids);

        assertEquals(List.of("prescale:capacity-reservations", "prescale:capacity-reservations.2",
                "prescale:capacity-reservations.3"), List.copyOf(tags.keySet()));
        assertTrue(tags.values().stream().allMatch(v -> v.length() <= 256 && !v.contains(" ")), tags.toString());
        assertEquals(ids, AsgCapacityReservations.ids(tags));
        assertTrue(tags.keySet().stream().allMatch(AsgCapacityReservations::isTag));
        assertTrue(!AsgCapacityReservations.isTag("prescale:capacity-reservations.x")
                && !AsgCapacityReservations.isTag("prescale:plan"));
    }
}
