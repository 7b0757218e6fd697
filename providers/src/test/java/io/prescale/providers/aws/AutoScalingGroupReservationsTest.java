package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.prescale.providers.aws.AwsWire.AUTOSCALING_NS;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.actionsSent;
import static io.prescale.providers.aws.AwsWire.autoScaling;
import static io.prescale.providers.aws.AwsWire.capacityReservation;
import static io.prescale.providers.aws.AwsWire.describeGroups;
import static io.prescale.providers.aws.AwsWire.ec2;
import static io.prescale.providers.aws.AwsWire.ec2Error;
import static io.prescale.providers.aws.AwsWire.group;
import static io.prescale.providers.aws.AwsWire.queryError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.planner.diag.Severity;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code reserveCapacity: true} on an {@code aws-asg} target: the group runs c5.xlarge in us-east-1a and us-east-1b;
 * the plan scales it 40 -> 180 at 18:40Z and back in at 23:30Z (holdUntil), so a scale-out reserves 70 instances in
 * each zone until 23:30Z.
 */
class AutoScalingGroupReservationsTest {
    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(FAKE)).build();

    static final String GROUP = "edge-asg";
    static final String DIGEST = "sha256:plan1";
    static final Instant AT = Instant.parse("2026-06-14T18:40:00Z");
    static final Instant HOLD_UNTIL = Instant.parse("2026-06-14T23:30:00Z");
    static final String CR_A = "cr-0a1b2c3d4e5f60001";
    static final String CR_B = "cr-0a1b2c3d4e5f60002";
    static final String TAG = "prescale:capacity-reservations";
    static final Map<String, String> RESERVE = Map.of("reserveCapacity", "true");
    static final Map<String, String> BASELINE = Map.of("prescale:baseline-min", "40", "prescale:baseline-max", "200",
            "prescale:plan", DIGEST);

    AutoScalingGroupProvider provider;

    @BeforeEach
    void setUp() {
        provider = AwsWire.asgProvider(wm);
        FAKE.reset();
        // Auto Scaling answers from the stateful fake; EC2 and a test's own faults are stubbed and take precedence
        wm.stubFor(FakeAutoScaling.answersAll());
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    static ChangeRequest request(Action action, int from, int to, Map<String, String> settings,
                                 Optional<Instant> holdUntil, boolean dryRun) {
        Change c = new Change("edge", "aws-asg", GROUP, action, AT, AT.plusSeconds(1200), from, to, "instances",
                List.of("wc-final"), "test");
        return new ChangeRequest(c, new Target(AwsTargets.AUTO_SCALING_GROUP, GROUP, settings), 20, 400, DIGEST, dryRun,
                Duration.ofSeconds(20), holdUntil);
    }

    static ChangeRequest scaleOut(Map<String, String> settings) {
        return request(Action.SCALE_OUT, 40, 180, settings, Optional.of(HOLD_UNTIL), false);
    }

    static String groupXml(int min, int max, int desired, Map<String, String> tags) {
        return group(GROUP, min, max, desired, Math.min(desired, 40), "c5.xlarge", tags, null);
    }

    /** The group as the stateful fake holds it, with at most 40 instances in service. */
    static void groupIs(int min, int max, int desired, Map<String, String> tags) {
        FakeAutoScaling.Group g = FAKE.put(GROUP, min, max, desired, tags);
        g.inService = Math.min(desired, 40);
        g.instancesFollow = false;
    }

    static MappingBuilder create(String zone) {
        return action("CreateCapacityReservation").withRequestBody(containing("AvailabilityZone=" + zone + "&"));
    }

    /** EC2's CreateCapacityReservation answer for {@code count} c5.xlarge in {@code zone} until 23:30Z. */
    static void reserves(String zone, String id, int count) {
        wm.stubFor(create(zone).willReturn(ec2("CreateCapacityReservation", capacityReservation(id, zone, count))));
    }

    static void cancels(String id) {
        wm.stubFor(action("CancelCapacityReservation").withRequestBody(containing("CapacityReservationId=" + id))
                .willReturn(ec2("CancelCapacityReservation", "<return>true</return>")));
    }

    /** The form parameters of every request with {@code Action=action}, oldest first. */
    static List<Map<String, String>> sent(String action) {
        List<LoggedRequest> all = wm.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action + "&")));
        return all.stream().map(r -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String p : r.getBodyAsString().split("&")) {
                String[] kv = p.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return form;
        }).toList();
    }

    static List<String> mutations() {
        return actionsSent(wm).stream().filter(a -> !a.startsWith("Describe")).toList();
    }

    @Test
    void apply_scaleOutWithReserveCapacity_reservesEachZoneThenTagsThenScales() {
        // given
        groupIs(40, 200, 40, Map.of());
        reserves("us-east-1a", CR_A, 70);
        reserves("us-east-1b", CR_B, 70);

        // when
        ChangeResponse r = provider.apply(scaleOut(RESERVE));

        // then: the reservations exist before desired is raised, so the new instances launch into them
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        assertEquals(List.of("DescribeAutoScalingGroups", "CreateCapacityReservation", "CreateCapacityReservation",
                "CreateOrUpdateTags", "DescribeAutoScalingGroups", "UpdateAutoScalingGroup", "DescribeAutoScalingGroups"), actionsSent(wm),
                "reserve, tag (read back), scale, then read the write back");
        for (String zone : List.of("us-east-1a", "us-east-1b")) {
            wm.verify(postRequestedFor(urlEqualTo("/"))
                    .withRequestBody(containing("Action=CreateCapacityReservation&"))
                    .withRequestBody(containing("InstanceType=c5.xlarge"))
                    .withRequestBody(containing("InstancePlatform=Linux%2FUNIX"))
                    .withRequestBody(containing("AvailabilityZone=" + zone))
                    .withRequestBody(containing("InstanceCount=70&"))
                    .withRequestBody(containing("EndDateType=limited"))
                    .withRequestBody(containing("EndDate=2026-06-14T23%3A30%3A00Z"))
                    .withRequestBody(containing("InstanceMatchCriteria=open"))
                    .withRequestBody(containing("ClientToken="
                            + AsgCapacityReservations.clientToken(DIGEST, GROUP, zone, AT))));
        }
        Map<String, String> tags = sent("CreateOrUpdateTags").getFirst();
        assertEquals(TAG, tags.get("Tags.member.4.Key"), tags.toString());
        assertEquals(CR_A + "," + CR_B, tags.get("Tags.member.4.Value"), tags.toString());
        assertEquals("prescale:baseline-min", tags.get("Tags.member.1.Key"), tags.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=180")).withRequestBody(containing("DesiredCapacity=180")));
        assertEquals(CR_A + ": 70 x c5.xlarge until 2026-06-14T23:30:00Z (active)",
                r.details().get("reservation.us-east-1a"));
        assertEquals(CR_B + ": 70 x c5.xlarge until 2026-06-14T23:30:00Z (active)",
                r.details().get("reservation.us-east-1b"));
        assertEquals(CR_A + "," + CR_B, r.details().get("reservations"));
        assertEquals("140", r.details().get("reservedInstances"));
        assertTrue(r.message().endsWith("; reserved 140 instances"), r.message());
    }

    @Test
    void apply_scaleOutRerunAfterSuccess_sendsNoSecondCreate() {
        // given
        groupIs(40, 200, 40, Map.of());
        reserves("us-east-1a", CR_A, 70);
        reserves("us-east-1b", CR_B, 70);

        // when
        ChangeResponse first = provider.apply(scaleOut(RESERVE));
        ChangeResponse second = provider.apply(scaleOut(RESERVE));

        // then
        assertEquals(ChangeStatus.APPLIED, first.status(), first.toString());
        assertEquals(ChangeStatus.UNCHANGED, second.status(), second.toString());
        wm.verify(exactly(2), postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=CreateCapacityReservation&")));
        assertEquals(List.of("CreateCapacityReservation", "CreateCapacityReservation", "CreateOrUpdateTags",
                "UpdateAutoScalingGroup"), mutations());
    }

    @Test
    void apply_scaleOutRetriedAfterFailedUpdate_sendsSameClientTokensAndTagsOnce() {
        // given: the first run reserves and tags, then the update fails; the group then shows the tags
        groupIs(40, 200, 40, Map.of());
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.VALIDATION_ERROR);
        // EC2 answers a repeated ClientToken with the reservation it made the first time
        reserves("us-east-1a", CR_A, 70);
        reserves("us-east-1b", CR_B, 70);

        // when
        ChangeResponse first = provider.apply(scaleOut(RESERVE));
        ChangeResponse second = provider.apply(scaleOut(RESERVE));

        // then
        assertEquals(ChangeStatus.FAILED, first.status(), first.toString());
        assertEquals("ValidationError", first.diagnostics().getLast().code());
        assertEquals(ChangeStatus.APPLIED, second.status(), second.toString());
        List<String> tokens = sent("CreateCapacityReservation").stream().map(f -> f.get("ClientToken")).toList();
        assertEquals(4, tokens.size());
        assertEquals(tokens.subList(0, 2), tokens.subList(2, 4));
        assertEquals(2, Set.copyOf(tokens).size());
        // the ids are already on the group, and so is the baseline: nothing to tag again
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateOrUpdateTags")));
        assertEquals(CR_A + "," + CR_B, second.details().get("reservations"));
    }

    @Test
    void apply_scaleOutReservationInsufficientCapacity_warnsAndStillScales() {
        // given: no c5.xlarge capacity left in us-east-1a (EC2 reports it as a server error)
        groupIs(40, 200, 40, BASELINE);
        wm.stubFor(create("us-east-1a").willReturn(ec2Error(500, "InsufficientInstanceCapacity",
                "There is not enough capacity to fulfill your request.")));
        reserves("us-east-1b", CR_B, 70);

        // when
        ChangeResponse r = provider.apply(scaleOut(RESERVE));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("InsufficientInstanceCapacity", d.code());
        assertTrue(d.summary().startsWith("capacity not reserved in us-east-1a"), d.summary());
        assertEquals("not reserved [InsufficientInstanceCapacity]", r.details().get("reservation.us-east-1a"));
        assertEquals("70", r.details().get("reservedInstances"));
        Map<String, String> tags = sent("CreateOrUpdateTags").getFirst();
        assertEquals(TAG, tags.get("Tags.member.1.Key"), tags.toString());
        assertEquals(CR_B, tags.get("Tags.member.1.Value"), tags.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("DesiredCapacity=180")));
    }

    @Test
    void apply_scaleOutRequiredReservationFails_failsWithoutScalingAndRecordsTheOthers() {
        // given: us-east-1a is reserved, us-east-1b has no capacity
        groupIs(40, 200, 40, Map.of());
        reserves("us-east-1a", CR_A, 70);
        wm.stubFor(create("us-east-1b").willReturn(ec2Error(500, "InsufficientInstanceCapacity",
                "There is not enough capacity to fulfill your request.")));
        Map<String, String> settings = Map.of("reserveCapacity", "true", "reserveCapacityRequired", "true");

        // when
        ChangeResponse r = provider.apply(scaleOut(settings));

        // then: not scaled; us-east-1a's reservation is recorded so the scale-in (or a re-run) finds it
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CreateCapacityReservation failed [InsufficientInstanceCapacity]", r.message());
        assertEquals(40, r.after());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals(Severity.ERROR, d.severity());
        assertEquals("InsufficientInstanceCapacity", d.code());
        wm.verify(exactly(0), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup")));
        Map<String, String> tags = sent("CreateOrUpdateTags").getFirst();
        assertEquals(TAG, tags.get("Tags.member.1.Key"), tags.toString());
        assertEquals(CR_A, tags.get("Tags.member.1.Value"), tags.toString());
        assertTrue(!tags.containsKey("Tags.member.2.Key"), "only the reservation tag after a failure: " + tags);
    }

    @Test
    void apply_scaleInWithReservations_cancelsThemAndRemovesTheTag() {
        // given: us-east-1b's reservation has already expired
        Map<String, String> tags = new HashMap<>(BASELINE);
        tags.put(TAG, CR_A + "," + CR_B);
        groupIs(180, 200, 180, tags);
        cancels(CR_A);
        wm.stubFor(action("CancelCapacityReservation").withRequestBody(containing("CapacityReservationId=" + CR_B))
                .willReturn(ec2Error(400, "InvalidCapacityReservationId.NotFound",
                        "The capacity reservation ID '" + CR_B + "' does not exist")));

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 40, Map.of(), Optional.empty(), false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        assertEquals(List.of("DescribeAutoScalingGroups", "DescribePolicies", "UpdateAutoScalingGroup", "CancelCapacityReservation",
                "CancelCapacityReservation", "DeleteTags", "DescribeAutoScalingGroups"), actionsSent(wm));
        assertEquals(List.of(CR_A, CR_B), sent("CancelCapacityReservation").stream()
                .map(f -> f.get("CapacityReservationId")).toList());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteTags"))
                .withRequestBody(containing("Key=prescale%3Acapacity-reservations"))
                .withRequestBody(containing("Key=prescale%3Abaseline-min")));
        assertEquals("cancelled", r.details().get("reservation." + CR_A));
        assertEquals("already ended [InvalidCapacityReservationId.NotFound]", r.details().get("reservation." + CR_B));
    }

    @Test
    void apply_scaleInCancelDenied_warnsAndStillRemovesTheTag() {
        Map<String, String> tags = new HashMap<>(BASELINE);
        tags.put(TAG, CR_A);
        groupIs(180, 200, 180, tags);
        wm.stubFor(action("CancelCapacityReservation").willReturn(ec2Error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation.")));

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 40, Map.of(), Optional.empty(), false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("UnauthorizedOperation", d.code());
        assertTrue(d.detail().contains("--capacity-reservation-id " + CR_A), d.detail());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteTags"))
                .withRequestBody(containing("Key=prescale%3Acapacity-reservations")));
    }

    @Test
    void apply_dryRunScaleOutWithReserveCapacity_sendsNoMutatingRequestAndSaysWhatWouldBeReserved() {
        groupIs(40, 200, 40, Map.of());

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, RESERVE, Optional.of(HOLD_UNTIL), true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals(List.of(), mutations());
        assertEquals("CreateCapacityReservation InstanceType=c5.xlarge AvailabilityZone=us-east-1a InstanceCount=70 "
                + "EndDateType=limited EndDate=2026-06-14T23:30:00Z InstanceMatchCriteria=open ClientToken="
                + AsgCapacityReservations.clientToken(DIGEST, GROUP, "us-east-1a", AT), r.details().get("request.1"));
        assertTrue(r.details().get("request.2").startsWith("CreateCapacityReservation InstanceType=c5.xlarge "
                + "AvailabilityZone=us-east-1b"), r.details().toString());
        assertTrue(r.details().get("request.3").startsWith("CreateOrUpdateTags prescale:baseline-min=40")
                && r.details().get("request.3").contains(TAG + "="), r.details().toString());
        assertEquals("UpdateAutoScalingGroup MinSize=180 DesiredCapacity=180", r.details().get("request.4"));
        assertEquals("would reserve 70 x c5.xlarge until 2026-06-14T23:30:00Z",
                r.details().get("reservation.us-east-1a"));
        assertEquals("140", r.details().get("reservedInstances"));
    }

    @Test
    void apply_dryRunScaleInWithReservations_sendsNoMutatingRequestAndSaysWhatWouldBeCancelled() {
        Map<String, String> tags = new HashMap<>(BASELINE);
        tags.put(TAG, CR_A + "," + CR_B);
        groupIs(180, 200, 180, tags);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 40, Map.of(), Optional.empty(), true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals(List.of(), mutations());
        assertEquals("CancelCapacityReservation CapacityReservationId=" + CR_A, r.details().get("request.2"));
        assertEquals("CancelCapacityReservation CapacityReservationId=" + CR_B, r.details().get("request.3"));
        assertTrue(r.details().get("request.4").startsWith("DeleteTags") && r.details().get("request.4").contains(TAG),
                r.details().toString());
        assertEquals("would cancel", r.details().get("reservation." + CR_A));
    }

    @Test
    void apply_scaleOutWithoutHoldUntil_warnsAndScalesWithoutReserving() {
        groupIs(40, 200, 40, BASELINE);

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, RESERVE, Optional.empty(), false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        ProviderDiagnostic d = r.diagnostics().getFirst();
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("NoHoldUntil", d.code());
        assertEquals(List.of("UpdateAutoScalingGroup"), mutations());
    }

    @Test
    void apply_scaleOutWithoutHoldUntilRequired_failsWithoutMutation() {
        groupIs(40, 200, 40, BASELINE);

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180,
                Map.of("reserveCapacity", "true", "reserveCapacityRequired", "true"), Optional.empty(), false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("NoHoldUntil", r.diagnostics().getFirst().code());
        assertEquals(List.of(), mutations());
    }

    @Test
    void apply_invalidReserveCapacitySetting_failsWithoutMutation() {
        groupIs(40, 200, 40, BASELINE);

        ChangeResponse r = provider.apply(scaleOut(Map.of("reserveCapacity", "yes")));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("InvalidSetting", r.diagnostics().getFirst().code());
        assertEquals(List.of(), mutations());
    }

    @Test
    void apply_reserveTypeAndZonesSet_splitsRoundingUpAcrossTheGivenZones() {
        // given: 140 instances over three zones: 47 each
        groupIs(40, 200, 40, BASELINE);
        for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
            reserves(zone, "cr-0000000000000000" + zone.charAt(zone.length() - 1), 47);
        }
        Map<String, String> settings = Map.of("reserveCapacity", "true", "reserveInstanceType", "m5.large",
                "reserveAvailabilityZones", "us-east-1a, us-east-1b,us-east-1c");

        // when
        ChangeResponse r = provider.apply(scaleOut(settings));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        List<Map<String, String>> creates = sent("CreateCapacityReservation");
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"),
                creates.stream().map(f -> f.get("AvailabilityZone")).toList());
        assertTrue(creates.stream().allMatch(f -> f.get("InstanceType").equals("m5.large")
                && f.get("InstanceCount").equals("47")), creates.toString());
    }

    @Test
    void apply_scaleOutOnTopOfFullTag_continuesIdsInANextTag() {
        // given: a first step already recorded 12 ids, as many as one 256-character tag value holds
        List<String> earlier = IntStream.rangeClosed(1, 12).mapToObj(i -> "cr-0%016d".formatted(i)).toList();
        Map<String, String> tags = new HashMap<>(BASELINE);
        tags.put(TAG, String.join(",", earlier));
        groupIs(180, 200, 180, tags);
        reserves("us-east-1a", CR_A, 30);
        reserves("us-east-1b", CR_B, 30);

        // when: the plan's next step raises the layer again
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 180, 240, RESERVE, Optional.of(HOLD_UNTIL), false));

        // then: only the continuation tag is written; the first one is left as it is
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        Map<String, String> sentTags = sent("CreateOrUpdateTags").getFirst();
        assertEquals(TAG + ".2", sentTags.get("Tags.member.1.Key"), sentTags.toString());
        assertEquals(CR_A + "," + CR_B, sentTags.get("Tags.member.1.Value"), sentTags.toString());
        assertTrue(!sentTags.containsKey("Tags.member.2.Key"), sentTags.toString());
        assertEquals(14, r.details().get("reservations").split(",").length);
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateOrUpdateTags"))
                .withRequestBody(notContaining("prescale%3Abaseline")));
    }
}
