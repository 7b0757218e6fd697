package io.prescale.providers.aws;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Faults injected into every Auto Scaling call the apply makes, during an event (the pre-scale) and after it (the
 * scale-in), through the real apply engine, the real provider and SDK client, against the stateful fake. For each
 * fault kind, on each call, once (a transient fault) and on every attempt until cleared:
 * <ul>
 *   <li>capacity is never lowered during the event;</li>
 *   <li>the run tells the truth: it reports failure exactly when the group did not end where a fault-free run ends;</li>
 *   <li>the audit log has a line for the layer;</li>
 *   <li>once the fault clears, a re-run ends where the fault-free run ends (the group does come back down).</li>
 * </ul>
 */
class AsgFaultInjectionTest {
    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(FAKE)).build();

    static final String GROUP = "edge-asg";
    static final Instant DURING = FaultPlans.DURING;
    static final Instant AFTER = FaultPlans.AFTER;

    @TempDir
    Path tmp;

    @BeforeEach
    void fake() {
        FAKE.reset();
        wm.stubFor(FakeAutoScaling.answersAll());
    }

    /** The group's state the test compares: min, max, desired and prescale's tags. */
    record State(int min, int max, int desired, Map<String, String> tags) {
        static State of(FakeAutoScaling.Group g) {
            return new State(g.min, g.max, g.desired, Map.copyOf(g.tags));
        }
    }

    static final Plan PLAN = FaultPlans.plan("edge", "aws-asg", GROUP, "instances", 10, 300, Action.SCALE_OUT);

    ApplyReport apply(Instant now, Path audit) {
        return FaultPlans.apply(PLAN, FaultPlans.factory("aws-asg", c -> new AutoScalingGroupProvider(c,
                AwsWire.clients(c), BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(1)))), now,
                Optional.of(java.net.URI.create(wm.baseUrl())), audit);
    }

    /** The group before each phase: before the pre-scale, and pre-scaled with its baseline saved. */
    static void before(boolean after) {
        if (after) {
            FAKE.put(GROUP, 300, 400, 300, Map.of("prescale:baseline-min", "10", "prescale:baseline-max", "400",
                    "prescale:plan", "sha256:faults"));
        } else {
            FAKE.put(GROUP, 10, 400, 10, Map.of());
        }
    }

    /** Where a fault-free run of the phase ends. */
    State faultFree(boolean after, Path dir) throws Exception {
        FAKE.reset();
        before(after);
        ApplyReport r = apply(after ? AFTER : DURING, dir.resolve("clean.jsonl"));
        assertTrue(!r.failed(), r.toString());
        State s = State.of(FAKE.groups.get(GROUP));
        FAKE.reset();
        return s;
    }

    static Stream<Arguments> faults() {
        // the calls a phase does not make: a pre-scale deletes no tags and reads no policies, a scale-in writes none
        return FaultPlans.cases(List.of("DescribeAutoScalingGroups", "DescribePolicies", "UpdateAutoScalingGroup",
                "CreateOrUpdateTags", "DeleteTags"), (after, call) -> after ? !call.equals("CreateOrUpdateTags")
                : !call.equals("DeleteTags") && !call.equals("DescribePolicies"), FakeAutoScaling.Fault.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void apply_faultOnACall_neverLowersDuringTheEventTellsTheTruthAndConverges(String name, boolean after, String call,
                                                                             FakeAutoScaling.Fault fault,
                                                                             boolean persistent) throws Exception {
        // given
        State clean = faultFree(after, tmp);
        before(after);
        State start = State.of(FAKE.groups.get(GROUP));
        for (int i = 0; i < (persistent ? 50 : 1); i++) {
            FAKE.fault(call, fault);
        }
        Path audit = tmp.resolve("audit.jsonl");

        // when
        ApplyReport faulted = apply(after ? AFTER : DURING, audit);

        // then
        State end = State.of(FAKE.groups.get(GROUP));
        if (!after) {
            assertTrue(end.desired() >= start.desired() && end.min() >= start.min(), "lowered during the event: "
                    + start + " -> " + end);
        }
        assertEquals(!end.equals(clean), faulted.failed(), "the run must report failure exactly when the group is "
                + "not where a fault-free run leaves it: " + end + " vs " + clean + "; " + faulted.results());
        assertTrue(Files.readString(audit).contains("\"layer\":\"edge\""), "no audit line");

        // and when the fault clears, a re-run ends where the fault-free run ends
        FAKE.clearFaults();
        ApplyReport again = apply((after ? AFTER : DURING).plusSeconds(60), audit);
        assertEquals(clean, State.of(FAKE.groups.get(GROUP)), again.results().toString());
        assertTrue(!again.failed(), again.toString());
    }
}
