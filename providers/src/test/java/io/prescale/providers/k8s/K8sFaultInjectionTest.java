package io.prescale.providers.k8s;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import java.util.ArrayList;
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

/**
 * Faults injected into every Kubernetes call the apply makes on a Deployment or a StatefulSet, with or without an
 * HPA (GET, the HPA LIST, the workload's or the HPA's PUT), during the event (the pre-scale) and after it (the scale-in), through the real apply engine, provider and
 * official client, against the stateful fake. The same invariants as for Auto Scaling groups: never lowered during
 * the event, a run that reports failure exactly when the Deployment is not where a fault-free run leaves it, an
 * audit line, and convergence once the fault clears.
 */
class K8sFaultInjectionTest {
    static final FakeKubernetes FAKE = new FakeKubernetes();
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .extensions(FAKE)).build();

    static final String KEY = "live/web";
    static final Instant DURING = FaultPlans.DURING;
    static final Instant AFTER = FaultPlans.AFTER;

    @TempDir
    Path tmp;

    @BeforeEach
    void fake() {
        FAKE.reset();
        wm.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(FakeKubernetes.NAME)));
    }

    /** The Deployment's replicas and prescale's annotations, and its HPA's minReplicas and annotations if any. */
    record State(int replicas, Map<String, String> annotations, int hpaMin, Map<String, String> hpaAnnotations) {
        static State now() {
            Map<String, String> a = new java.util.TreeMap<>(FAKE.annotations(KEY));
            a.keySet().removeIf(k -> !k.startsWith("prescale"));
            boolean hpa = FAKE.hpas.containsKey(KEY);
            Map<String, String> h = new java.util.TreeMap<>(hpa ? FAKE.hpaAnnotations(KEY) : Map.of());
            h.keySet().removeIf(k -> !k.startsWith("prescale"));
            return new State(FAKE.replicas(KEY), a, hpa ? FAKE.minReplicas(KEY) : -1, h);
        }

        /** What the layer's units are: the HPA's minReplicas when there is one, else the replicas. */
        int units() {
            return hpaMin >= 0 ? hpaMin : replicas;
        }
    }

    /** The workload kind under test; set per case, as the fake and the plan both follow it. */
    WorkloadKind kind = WorkloadKind.DEPLOYMENT;

    ApplyReport apply(Instant now, Path audit) {
        String type = kind.target().id();
        Plan plan = FaultPlans.plan("api", type, KEY, "pods", 4, 40, Action.SCALE_OUT);
        return FaultPlans.apply(plan, FaultPlans.factory(type, c -> KubernetesWire.provider(wm, kind, c)), now,
                Optional.empty(), audit);
    }

    /** The workload (and its HPA) before each phase: at 4, or pre-scaled to 40 by a fault-free run. */
    void before(boolean after, boolean hpa) {
        FAKE.put(kind, "live", "web", 4);
        if (hpa) {
            FAKE.putHpa(kind, "live", "web", "web", 4, 60);
        }
        if (after) {
            ApplyReport r = apply(DURING, tmp.resolve("setup.jsonl"));
            assertTrue(!r.failed(), r.toString());
        }
    }

    State faultFree(boolean after, boolean hpa) {
        FAKE.reset();
        before(after, hpa);
        ApplyReport r = apply(after ? AFTER : DURING, tmp.resolve("clean.jsonl"));
        assertTrue(!r.failed(), r.toString());
        State s = State.now();
        FAKE.reset();
        return s;
    }

    static Stream<Arguments> faults() {
        List<Arguments> out = new ArrayList<>();
        for (WorkloadKind kind : WorkloadKind.values()) {
            for (boolean hpa : List.of(false, true)) {
                FaultPlans.cases(hpa ? List.of("GET", "LIST", "HPA_PUT") : List.of("GET", "LIST", "PUT"),
                        (after, call) -> true, FakeKubernetes.Fault.values()).map(Arguments::get).forEach(a ->
                        out.add(Arguments.of(kind.kind() + (hpa ? " with HPA, " : ", ") + a[0], kind, a[1], a[2], a[3],
                                a[4], hpa)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void apply_faultOnACall_neverLowersDuringTheEventTellsTheTruthAndConverges(String name, WorkloadKind workload,
                                                                             boolean after, String call,
                                                                             FakeKubernetes.Fault fault,
                                                                             boolean persistent, boolean hpa)
            throws Exception {
        // given
        kind = workload;
        State clean = faultFree(after, hpa);
        before(after, hpa);
        State start = State.now();
        for (int i = 0; i < (persistent ? 50 : 1); i++) {
            FAKE.fault(call, fault);
        }
        Path audit = tmp.resolve("audit.jsonl");

        // when
        ApplyReport faulted = apply(after ? AFTER : DURING, audit);

        // then
        State end = State.now();
        if (!after) {
            assertTrue(end.units() >= start.units() && end.replicas() >= start.replicas(),
                    "lowered during the event: " + start + " -> " + end);
        }
        assertEquals(!end.equals(clean), faulted.failed(), "the run must report failure exactly when the workload "
                + "is not where a fault-free run leaves it: " + end + " vs " + clean + "; " + faulted.results()
                + " unreadable " + faulted.unreadable());
        assertTrue(Files.readString(audit).contains("\"layer\":\"api\""), "no audit line");

        // and when the fault clears, a re-run ends where the fault-free run ends
        FAKE.clearFaults();
        ApplyReport again = apply((after ? AFTER : DURING).plusSeconds(60), audit);
        assertEquals(clean, State.now(), again.results().toString());
        assertTrue(!again.failed(), again.toString());
    }
}
