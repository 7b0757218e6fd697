package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.aws.AwsWire.ELBV2_NS;
import static io.prescale.providers.aws.AwsWire.action;
import static io.prescale.providers.aws.AwsWire.actionsSent;
import static io.prescale.providers.aws.AwsWire.elbv2;
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

class LoadBalancerCapacityProviderTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge-alb/50dc6c495c0c9188";
    static final String ARN_FORM = "LoadBalancerArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012"
            + "%3Aloadbalancer%2Fapp%2Fedge-alb%2F50dc6c495c0c9188";
    static final Target TARGET = new Target(AwsTargets.LOAD_BALANCER, ARN, Map.of());

    LoadBalancerCapacityProvider provider;

    @BeforeEach
    void setUp() {
        ProviderConfig config = AwsWire.config(wm);
        provider = new LoadBalancerCapacityProvider(config, AwsWire.clients(config));
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    static ChangeRequest request(Action action, int from, int to, boolean dryRun) {
        Instant at = Instant.parse("2026-06-14T17:00:00Z");
        Change c = new Change("alb", "aws-elbv2", ARN, action, at, at.plusSeconds(3600), from, to, "lcu",
                List.of("wc-final"), "test");
        return new ChangeRequest(c, TARGET, 0, 1500, "sha256:plan1", dryRun, Duration.ofSeconds(20));
    }

    /** units null: no reservation; zones as "us-east-1a=provisioned". */
    static String reservation(Integer units, Integer decreasesLeft, String... zones) {
        StringBuilder s = new StringBuilder("<LastModifiedTime>2026-06-14T10:00:00Z</LastModifiedTime>");
        if (decreasesLeft != null) {
            s.append("<DecreaseRequestsRemaining>").append(decreasesLeft).append("</DecreaseRequestsRemaining>");
        }
        if (units != null) {
            s.append("<MinimumLoadBalancerCapacity><CapacityUnits>").append(units)
                    .append("</CapacityUnits></MinimumLoadBalancerCapacity>");
        }
        s.append("<CapacityReservationState>");
        for (String z : zones) {
            String[] p = z.split("=");
            s.append("<member><State><Code>").append(p[1]).append("</Code>");
            if (p[1].equals("failed")) {
                s.append("<Reason>Insufficient capacity in zone</Reason>");
            }
            s.append("</State><AvailabilityZone>").append(p[0]).append("</AvailabilityZone>");
            if (units != null) {
                s.append("<EffectiveCapacityUnits>").append(units / 2.0).append("</EffectiveCapacityUnits>");
            }
            s.append("</member>");
        }
        return s.append("</CapacityReservationState>").toString();
    }

    static void described(Integer units, Integer decreasesLeft, String... zones) {
        wm.stubFor(action("DescribeCapacityReservation").willReturn(elbv2("DescribeCapacityReservation",
                reservation(units, decreasesLeft, zones))));
    }

    static void modified(Integer units, String... zones) {
        wm.stubFor(action("ModifyCapacityReservation").willReturn(elbv2("ModifyCapacityReservation",
                reservation(units, 2, zones))));
    }

    @Test
    void observe_reservation_reportsUnitsZonesAndDecreasesLeft() {
        described(300, 2, "us-east-1a=provisioned", "us-east-1b=rebalancing");

        Observation o = provider.observe(new ObserveRequest("alb", TARGET, Duration.ofSeconds(10))).observation()
                .orElseThrow();

        assertEquals(300, o.units());
        assertEquals("provisioned, effective 150.0 LCU", o.details().get("zone.us-east-1a"));
        assertEquals("rebalancing, effective 150.0 LCU", o.details().get("zone.us-east-1b"));
        assertEquals("2", o.details().get("decreaseRequestsRemaining"));
        assertEquals("2026-06-14T10:00:00Z", o.details().get("lastModifiedTime"));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeCapacityReservation"))
                .withRequestBody(containing(ARN_FORM)));
    }

    @Test
    void observe_noReservation_zeroUnits() {
        described(null, 2);

        Observation o = provider.observe(new ObserveRequest("alb", TARGET, Duration.ofSeconds(10))).observation()
                .orElseThrow();

        assertEquals(0, o.units());
    }

    @Test
    void observe_loadBalancerNotFound_failsWithCode() {
        wm.stubFor(action("DescribeCapacityReservation").willReturn(queryError(ELBV2_NS, "LoadBalancerNotFound",
                "One or more load balancers not found")));

        var r = provider.observe(new ObserveRequest("alb", TARGET, Duration.ofSeconds(10)));

        assertTrue(r.observation().isEmpty());
        assertEquals("LoadBalancerNotFound", r.diagnostics().getFirst().code());
    }

    @Test
    void apply_prewarmBelowServiceMinimum_reserves100() {
        // given
        described(null, 2);
        modified(100, "us-east-1a=provisioned", "us-east-1b=provisioned");

        // when
        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 60, false));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(100, r.after());
        assertTrue(r.details().get("note").contains("service minimum of 100"), r.details().toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation"))
                .withRequestBody(containing(ARN_FORM))
                .withRequestBody(containing("MinimumLoadBalancerCapacity.CapacityUnits=100"))
                .withRequestBody(notContaining("ResetCapacityReservation")));
    }

    @Test
    void apply_prewarmAcceptedAsPending_reportsPendingZones() {
        described(null, 2);
        modified(600, "us-east-1a=pending", "us-east-1b=provisioned");

        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 600, false));

        assertEquals(ChangeStatus.PENDING, r.status(), r.toString());
        assertEquals("provisioning in us-east-1a", r.message());
        assertEquals("pending, effective 300.0 LCU", r.details().get("zone.us-east-1a"));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation"))
                .withRequestBody(containing("MinimumLoadBalancerCapacity.CapacityUnits=600")));
    }

    @Test
    void apply_prewarmFailedInAZone_fails() {
        described(null, 2);
        modified(600, "us-east-1a=failed", "us-east-1b=provisioned");

        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 600, false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CapacityReservationFailed", r.diagnostics().getFirst().code());
        assertTrue(r.diagnostics().getFirst().detail().contains("us-east-1a: Insufficient capacity"), r.toString());
    }

    @Test
    void apply_prewarmAlreadyReserved_sendsNoModify() {
        described(600, 2, "us-east-1a=provisioned", "us-east-1b=provisioned");

        ChangeResponse r = provider.apply(request(Action.PREWARM, 600, 600, false));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.toString());
        assertEquals(List.of("DescribeCapacityReservation"), actionsSent(wm));
    }

    @Test
    void apply_prewarmWhileEarlierChangeProvisioning_refusedWithoutModify() {
        described(300, 2, "us-east-1a=pending", "us-east-1b=provisioned");

        ChangeResponse r = provider.apply(request(Action.PREWARM, 300, 600, false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CapacityReservationPending", r.diagnostics().getFirst().code());
        assertEquals(List.of("DescribeCapacityReservation"), actionsSent(wm));
    }

    @Test
    void apply_modifyRejectedAsPending_failsWithCodeAndNoRetry() {
        described(300, 2, "us-east-1a=provisioned");
        wm.stubFor(action("ModifyCapacityReservation").willReturn(queryError(ELBV2_NS, "CapacityReservationPending",
                "There is a pending capacity reservation")));

        ChangeResponse r = provider.apply(request(Action.PREWARM, 300, 600, false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CapacityReservationPending", r.diagnostics().getFirst().code());
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation")));
    }

    @Test
    void apply_scaleInToZero_resetsReservation() {
        described(600, 1, "us-east-1a=provisioned", "us-east-1b=provisioned");
        modified(null);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 0, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(0, r.after());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation"))
                .withRequestBody(containing("ResetCapacityReservation=true"))
                .withRequestBody(notContaining("CapacityUnits")));
    }

    @Test
    void apply_scaleInBelowServiceMinimum_resetsReservation() {
        described(600, 2, "us-east-1a=provisioned");
        modified(null);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 80, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("ResetCapacityReservation=true")));
    }

    @Test
    void apply_decreaseToPositive_sendsNewCapacity() {
        described(600, 1, "us-east-1a=provisioned");
        modified(200, "us-east-1a=provisioned");

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 200, false));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation"))
                .withRequestBody(containing("MinimumLoadBalancerCapacity.CapacityUnits=200")));
    }

    @Test
    void apply_decreaseWithNoDecreaseRequestsLeft_refusedWithoutModify() {
        described(600, 0, "us-east-1a=provisioned", "us-east-1b=provisioned");

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 200, false));

        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CapacityDecreaseRequestLimitExceeded", r.diagnostics().getFirst().code());
        assertTrue(r.diagnostics().getFirst().summary().contains("no decrease request left today"), r.toString());
        assertEquals(List.of("DescribeCapacityReservation"), actionsSent(wm));
    }

    @Test
    void apply_resetWithNoDecreaseRequestsLeft_isRefusedTooAndNothingSent() {
        // given: today's decreases are spent; the reset after the event would be a third one
        described(600, 0, "us-east-1a=provisioned");

        // when
        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 0, false));

        // then: nothing sent, so the reservation stays (capacity never drops by surprise) and the run says why
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("CapacityDecreaseRequestLimitExceeded", r.diagnostics().getFirst().code());
        assertEquals(List.of("DescribeCapacityReservation"), actionsSent(wm));
    }

    @Test
    void apply_emptyOkToTheModify_isReadBackAndFailedWhenNotInEffect() {
        // given: no reservation; the Modify is answered 200 with an empty body and never reaches the service
        described(null, 2);
        wm.stubFor(action("ModifyCapacityReservation").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml").withBody("")));

        // when
        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 600, false));

        // then: the read-back still finds no reservation
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertTrue(r.message().contains("not in effect"), r.message());
    }

    @Test
    void apply_scaleInWithNoReservation_unchanged() {
        described(null, 2);

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 0, 0, false));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.toString());
        assertEquals(List.of("DescribeCapacityReservation"), actionsSent(wm));
    }

    @Test
    void apply_aboveLayerMax_refusesWithoutCallingAws() {
        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 1600, false));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("size increase too large - desired:1600 max:1500", r.message());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void apply_dryRunPrewarm_sendsNoModify() {
        described(null, 2);

        ChangeResponse r = provider.apply(request(Action.PREWARM, 0, 600, true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals(600, r.after());
        assertEquals("ModifyCapacityReservation MinimumLoadBalancerCapacity.CapacityUnits=600", r.details().get("request.1"));
        assertTrue(actionsSent(wm).stream().allMatch(a -> a.startsWith("Describe")), actionsSent(wm).toString());
    }

    @Test
    void apply_dryRunReset_sendsNoModify() {
        described(600, 2, "us-east-1a=provisioned");

        ChangeResponse r = provider.apply(request(Action.SCALE_IN, 600, 0, true));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
        assertEquals("ModifyCapacityReservation ResetCapacityReservation=true", r.details().get("request.1"));
        assertTrue(actionsSent(wm).stream().allMatch(a -> a.startsWith("Describe")), actionsSent(wm).toString());
    }

    @Test
    void region_fromTheArnWhenNoSetting() {
        assertEquals("eu-west-2", provider.region(new Target(AwsTargets.LOAD_BALANCER, "x", Map.of()),
                "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/a/1"));
        assertEquals("us-west-2", provider.region(new Target(AwsTargets.LOAD_BALANCER, "x", Map.of("region", "us-west-2")),
                "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/a/1"));
    }
}
