package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.FaultPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The load balancer pre-warm and reset under every fault kind on each ELBv2 call, once and on every attempt,
 * during the event and after it, through the real engine, provider and SDK against a stateful fake: the same
 * invariants as for Auto Scaling groups (never lowered during the event, a truthful report, an audit line, and
 * convergence once the fault clears).
 */
class ElbFaultInjectionTest {
    static final FakeLoadBalancers FAKE = new FakeLoadBalancers();
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(FAKE)).build();

    static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge/50dc6c495c0c9188";
    static final Instant DURING = FaultPlans.DURING;
    static final Instant AFTER = FaultPlans.AFTER;

    @TempDir
    Path tmp;

    @BeforeEach
    void fake() {
        FAKE.reset();
        wm.stubFor(post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().withTransformers(FakeLoadBalancers.NAME)));
    }

    static final Plan PLAN = FaultPlans.plan("lb", "aws-elbv2", ARN, "lcu", 0, 600, Action.PREWARM);

    ApplyReport apply(Instant now, Path audit) {
        return FaultPlans.apply(PLAN, FaultPlans.factory("aws-elbv2", c -> new LoadBalancerCapacityProvider(c,
                AwsWire.clients(c))), now, Optional.of(java.net.URI.create(wm.baseUrl())), audit);
    }

    static void before(boolean after) {
        FAKE.put(ARN, after ? 600 : 0);
    }

    static int units() {
        return FAKE.lbs.get(ARN).units;
    }

    int faultFree(boolean after) {
        FAKE.reset();
        before(after);
        ApplyReport r = apply(after ? AFTER : DURING, tmp.resolve("clean.jsonl"));
        assertTrue(!r.failed(), r.toString());
        int u = units();
        FAKE.reset();
        return u;
    }

    static Stream<Arguments> faults() {
        return FaultPlans.cases(List.of("DescribeCapacityReservation", "ModifyCapacityReservation"),
                (after, call) -> true, FakeAutoScaling.Fault.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void apply_faultOnACall_neverLowersDuringTheEventTellsTheTruthAndConverges(String name, boolean after, String call,
                                                                             FakeAutoScaling.Fault fault,
                                                                             boolean persistent) throws Exception {
        // given
        int clean = faultFree(after);
        before(after);
        int start = units();
        for (int i = 0; i < (persistent ? 50 : 1); i++) {
            FAKE.fault(call, fault);
        }
        Path audit = tmp.resolve("audit.jsonl");

        // when
        ApplyReport faulted = apply(after ? AFTER : DURING, audit);

        // then
        int end = units();
        if (!after) {
            assertTrue(end >= start, "lowered during the event: " + start + " -> " + end);
        }
        assertEquals(end != clean, faulted.failed(), "the run must report failure exactly when the reservation is "
                + "not where a fault-free run leaves it: " + end + " vs " + clean + "; " + faulted.results());
        assertTrue(Files.readString(audit).contains("\"layer\":\"lb\""), "no audit line");

        // and when the fault clears, a re-run ends where the fault-free run ends
        FAKE.clearFaults();
        ApplyReport again = apply((after ? AFTER : DURING).plusSeconds(60), audit);
        assertEquals(clean, units(), again.results().toString());
        assertTrue(!again.failed(), again.toString());
    }
}
