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
import static io.prescale.providers.aws.AwsWire.describeGroups;
import static io.prescale.providers.aws.AwsWire.group;
import static io.prescale.providers.aws.AwsWire.queryError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.retries.api.BackoffStrategy;

class AutoScalingGroupProviderTest {
    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(FAKE)).build();

    static final String GROUP = "edge-asg";
    static final Target TARGET = new Target(AwsTargets.AUTO_SCALING_GROUP, GROUP, Map.of());
    static final Map<String, String> BASELINE = Map.of("prescale:baseline-min", "40", "prescale:baseline-max", "200",
            "prescale:plan", "sha256:plan1");

    AutoScalingGroupProvider provider;

    @BeforeEach
    void setUp() {
        provider = AwsWire.asgProvider(wm);
        FAKE.reset();
        // Auto Scaling answers from the stateful fake; a test's own stubs (faults, EC2) take precedence
        wm.stubFor(FakeAutoScaling.answersAll());
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    static ChangeRequest request(Action action, int from, int to, boolean dryRun) {
        Instant at = Instant.parse("2026-06-14T18:40:00Z");
        Change c = new Change("edge", "aws-asg", GROUP, action, at, at.plusSeconds(1200), from, to, "instances",
                List.of("wc-final"), "test");
        return new ChangeRequest(c, TARGET, 20, 400, "sha256:plan1", dryRun, Duration.ofSeconds(20));
    }

    /** The group as the fake holds it; its instances follow desired unless {@code inService} says otherwise. */
    static void groupIs(int min, int max, int desired, int inService, Map<String, String> tags) {
        FakeAutoScaling.Group g = FAKE.put(GROUP, min, max, desired, tags);
        g.inService = inService;
        g.instancesFollow = inService == desired;
    }

    @Test
    void observe_existingGroup_reportsDesiredInServiceAndBaseline() {
        groupIs(180, 200, 180, 178, BASELINE);

        ObserveResponse r = provider.observe(new ObserveRequest("edge", TARGET, Duration.ofSeconds(10)));

        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        Observation o = r.observation().orElseThrow();
        assertEquals(180, o.units());
        assertEquals(0, o.floor(), "in-service instances are not demand: after a pre-scale they are the pre-scale");
        assertEquals("180", o.details().get("min"));
        assertEquals("200", o.details().get("max"));
        assertEquals("40", o.details().get("prescale:baseline-min"));
        assertEquals(AwsWire.NOW, o.observedAt());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingGroups"))
                .withRequestBody(containing("AutoScalingGroupNames.member.1=edge-asg")));
    }

    @Test
    void observe_missingGroup_failsWithDiagnostic() {
        wm.stubFor(action("DescribeAutoScalingGroups").willReturn(describeGroups()));

        ObserveResponse r = provider.observe(new ObserveRequest("edge", TARGET, Duration.ofSeconds(10)));

        assertTrue(r.observation().isEmpty());
        assertEquals("NotFound", r.diagnostics().getFirst().code());
        assertTrue(r.diagnostics().getFirst().detail().contains("edge-asg in us-east-1"), r.diagnostics().toString());
    }

    @Test
    void apply_scaleOut_savesBaselineTagsThenRaisesMinAndDesired() {
        // given
        groupIs(40, 200, 40, 40, Map.of());

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(40, r.before());
        assertEquals(180, r.after());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateOrUpdateTags"))
                .withRequestBody(containing("Key=prescale%3Abaseline-min"))
                .withRequestBody(containing("Key=prescale%3Abaseline-max"))
                .withRequestBody(containing("Value=40"))
                .withRequestBody(containing("Value=200"))
                .withRequestBody(containing("ResourceType=auto-scaling-group"))
                .withRequestBody(containing("ResourceId=edge-asg")));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("AutoScalingGroupName=edge-asg"))
                .withRequestBody(containing("MinSize=180"))
                .withRequestBody(containing("DesiredCapacity=180"))
                .withRequestBody(notContaining("MaxSize")));
        assertEquals(List.of("DescribeAutoScalingGroups", "CreateOrUpdateTags", "DescribeAutoScalingGroups", "UpdateAutoScalingGroup",
                "DescribeAutoScalingGroups"), actionsSent(wm));
    }

    @Test
    void apply_scaleOutAboveGroupMax_raisesMaxToo() {
        groupIs(40, 100, 40, 40, Map.of());

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=180")).withRequestBody(containing("MaxSize=180"))
                .withRequestBody(containing("DesiredCapacity=180")));
        // the baseline keeps the original max, so the scale-in lowers it back to 100
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateOrUpdateTags"))
                .withRequestBody(containing("Value=100")));
    }

    @Test
    void apply_scaleOutTwice_secondRunSendsNoMutation() {
        // given
        groupIs(40, 200, 40, 40, Map.of());

        // when
        ChangeResponse first = provider.apply(request(Action.SCALE_OUT, 40, 180, false));
        ChangeResponse second = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        // then
        assertEquals(ChangeStatus.APPLIED, first.status(), first.toString());
        assertEquals(ChangeStatus.UNCHANGED, second.status(), second.toString());
        assertEquals(List.of("DescribeAutoScalingGroups", "CreateOrUpdateTags", "DescribeAutoScalingGroups", "UpdateAutoScalingGroup",
                "DescribeAutoScalingGroups", "DescribeAutoScalingGroups"), actionsSent(wm),
                "the first run reads back its write; the second reads and sends nothing");
    }

    @Test
    void apply_scaleOutWithBaselineAlreadySaved_keepsTheSavedBaseline() {
        // a second event's pre-scale on top of the first: the tags hold the true baseline, not the raised min
        groupIs(180, 200, 180, 180, Map.of("prescale:baseline-min", "40", "prescale:baseline-max", "200",
                "prescale:plan", "sha256:plan1"));

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 180, 240, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(exactly(0), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=CreateOrUpdateTags")));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=240")).withRequestBody(containing("MaxSize=240")));
    }

    @Test
    void apply_scaleIn_restoresBaselineAndRemovesTags() {
        // given
        groupIs(180, 240, 180, 180, Map.of("prescale:baseline-min", "40", "prescale:baseline-max", "200",
                "prescale:plan", "sha256:plan1"));

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 60, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(60, r.after());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=40")).withRequestBody(containing("MaxSize=200"))
                .withRequestBody(containing("DesiredCapacity=60")));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DeleteTags"))
                .withRequestBody(containing("Key=prescale%3Abaseline-min"))
                .withRequestBody(containing("Key=prescale%3Abaseline-max"))
                .withRequestBody(containing("Key=prescale%3Aplan")));
        assertEquals(List.of("DescribeAutoScalingGroups", "DescribePolicies", "UpdateAutoScalingGroup", "DeleteTags",
                "DescribeAutoScalingGroups"), actionsSent(wm));
    }

    @Test
    void apply_scaleInBelowRestoredMin_desiredStaysAtMin() {
        groupIs(180, 200, 180, 180, BASELINE);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 25, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(40, r.after());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=40")).withRequestBody(containing("DesiredCapacity=40")));
    }

    @Test
    void apply_scaleInWithoutTags_setsDesiredOnly() {
        groupIs(20, 200, 180, 180, Map.of());

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 60, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity"))
                .withRequestBody(containing("DesiredCapacity=60")).withRequestBody(containing("HonorCooldown=false")));
        assertEquals(List.of("DescribeAutoScalingGroups", "DescribePolicies", "SetDesiredCapacity",
                "DescribeAutoScalingGroups"), actionsSent(wm));
    }

    @Test
    void apply_scaleInAlreadyDone_sendsNoMutation() {
        groupIs(40, 200, 40, 40, Map.of());

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 40, false));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.toString());
        assertEquals(List.of("DescribeAutoScalingGroups", "DescribePolicies"), actionsSent(wm));
    }

    @Test
    void apply_scaleInAfterPrescaleWithEveryInstanceInService_restoresBoundsAndLowersDesired() {
        // given: the pre-scale took effect, so every instance is in service; that is not demand
        groupIs(304, 400, 304, 304, Map.of("prescale:baseline-min", "50", "prescale:baseline-max", "400"));

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 304, 50, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(50, r.after());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=50")).withRequestBody(containing("DesiredCapacity=50")));
    }

    @Test
    void apply_scaleInOfGroupWithTargetTracking_restoresBoundsAndLeavesDesiredToThePolicy() {
        // given
        groupIs(304, 400, 304, 304, Map.of("prescale:baseline-min", "50", "prescale:baseline-max", "350"));
        wm.stubFor(action("DescribePolicies").willReturn(AwsWire.policies(GROUP, "cpu-50", "TargetTrackingScaling")));

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 304, 50, false));

        // then: min back to 50 so the policy can shrink the group; desired is the policy's, within the bounds
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(304, r.after());
        assertTrue(r.details().get("scalingPolicies").contains("cpu-50"), r.details().toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("MinSize=50")).withRequestBody(containing("MaxSize=350"))
                .withRequestBody(containing("DesiredCapacity=304")));
    }

    @Test
    void apply_scaleInWhenPoliciesCannotBeRead_failsAndLeavesCapacityUp() {
        groupIs(304, 400, 304, 304, Map.of("prescale:baseline-min", "50", "prescale:baseline-max", "400"));
        wm.stubFor(action("DescribePolicies").willReturn(AwsWire.queryError(AwsWire.AUTOSCALING_NS, "AccessDenied", "not authorized")));

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 304, 50, false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals(List.of("DescribeAutoScalingGroups", "DescribePolicies"), actionsSent(wm));
    }

    @Test
    void observe_noCredentialsAnywhere_isOnePlainLineNotTheChainDump() {
        // given: the SDK's own credential chain, finding nothing (a profile that does not exist)
        ProviderConfig config = AwsWire.config(wm);
        var chain = software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain.builder()
                .credentialsProviders(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider
                        .create("prescale-test-no-such-profile")).build();
        try (AutoScalingGroupProvider p = new AutoScalingGroupProvider(config, AwsClients.withCredentials(config, chain),
                BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(5)))) {
            // when
            ObserveResponse r = p.observe(new ObserveRequest("edge", TARGET, Duration.ofSeconds(10)));

            // then
            assertTrue(r.observation().isEmpty());
            var d = r.diagnostics().get(0);
            assertEquals("NoCredentials", d.code());
            assertTrue(d.summary().contains("no AWS credentials: set AWS_PROFILE or --profile"), d.summary());
            assertTrue(d.format().length() < 300, d.format().length() + " characters: " + d.format());
            assertEquals(0, wm.getAllServeEvents().size(), "nothing is sent unsigned");
        }
    }

    @Test
    void apply_aboveLayerMax_refusesWithoutCallingAws() {
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 401, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("size increase too large - desired:401 max:400", r.message());
        assertEquals("BoundsExceeded", r.diagnostics().getFirst().code());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void apply_belowLayerMin_refusesWithoutCallingAws() {
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 10, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("size decrease too large - desired:10 min:20", r.message());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void apply_throttledThenOk_retriesAndApplies() {
        // given
        groupIs(40, 200, 40, 40, BASELINE);
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.THROTTLING);

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(exactly(2), postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=UpdateAutoScalingGroup")).withRequestBody(containing("MinSize=180")));
    }

    @Test
    void apply_emptyOkThatChangedNothing_isFailedNotApplied() {
        // given: a proxy answers 200 with no body and the write never reaches the group
        groupIs(50, 400, 50, 50, Map.of());
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.EMPTY_200);

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 50, 304, false));

        // then: the read-back finds 50, so the run says so
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertTrue(r.message().contains("reads desired 50"), r.message());
        assertEquals(50, FAKE.groups.get(GROUP).desired);
    }

    @Test
    void apply_responseLostAfterTheWriteTookEffect_isRetriedAndFoundInPlace() {
        // given: the update takes effect but its answer is lost (500): the SDK retries it, which changes nothing more
        groupIs(50, 400, 50, 50, Map.of());
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.LOST);

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 50, 304, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(304, FAKE.groups.get(GROUP).desired);
        assertTrue(r.details().get("readBack").startsWith("desired 304"), r.details().toString());
    }

    @Test
    void apply_throttledEveryTime_failsAfterMaxAttempts() {
        groupIs(40, 200, 40, 40, BASELINE);
        wm.stubFor(action("UpdateAutoScalingGroup").willReturn(queryError(AUTOSCALING_NS, "Throttling", "Rate exceeded")));

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("Throttling", r.diagnostics().getFirst().code());
        // maxAttempts = 3 in the config
        wm.verify(exactly(3), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void apply_validationError_failsWithCodeAndNoRetry() {
        groupIs(40, 200, 40, 40, BASELINE);
        wm.stubFor(action("UpdateAutoScalingGroup").willReturn(queryError(AUTOSCALING_NS, "ValidationError",
                "Desired capacity:180 must be between the specified min size:40 and max size:100")));

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("ValidationError", r.diagnostics().getFirst().code());
        assertTrue(r.diagnostics().getFirst().summary().contains("must be between"), r.diagnostics().toString());
        assertEquals(40, r.after());
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void apply_scalingActivityInProgress_retriesThenApplies() {
        // given: two refusals while the group's own activity runs, then success
        groupIs(40, 200, 40, 40, BASELINE);
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.SCALING_ACTIVITY_IN_PROGRESS);
        FAKE.fault("UpdateAutoScalingGroup", FakeAutoScaling.Fault.SCALING_ACTIVITY_IN_PROGRESS);

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(exactly(3), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void apply_scalingActivityInProgressPersists_failsAfterFewAttempts() {
        groupIs(40, 200, 40, 40, BASELINE);
        wm.stubFor(action("UpdateAutoScalingGroup").willReturn(
                queryError(AUTOSCALING_NS, "ScalingActivityInProgress", "Scaling activity in progress")));

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("ScalingActivityInProgress", r.diagnostics().getFirst().code());
        wm.verify(exactly(AutoScalingGroupProvider.TRANSIENT_ATTEMPTS), postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=UpdateAutoScalingGroup")));
    }

    @Test
    void apply_dryRunScaleOut_sendsNoMutatingRequest() {
        groupIs(40, 200, 40, 40, Map.of());

        ChangeResponse r = provider.apply(request(Action.SCALE_OUT, 40, 180, true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals(180, r.after());
        assertTrue(r.details().get("request.1").startsWith("CreateOrUpdateTags prescale:baseline-min=40"), r.details().toString());
        assertEquals("UpdateAutoScalingGroup MinSize=180 DesiredCapacity=180", r.details().get("request.2"));
        assertTrue(actionsSent(wm).stream().allMatch(a -> a.startsWith("Describe")), actionsSent(wm).toString());
    }

    @Test
    void apply_dryRunScaleIn_sendsNoMutatingRequest() {
        groupIs(180, 200, 180, 180, BASELINE);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 180, 40, true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals("UpdateAutoScalingGroup MinSize=40 DesiredCapacity=40 MaxSize=200", r.details().get("request.1"));
        assertTrue(actionsSent(wm).stream().allMatch(a -> a.startsWith("Describe")), actionsSent(wm).toString());
    }
}
