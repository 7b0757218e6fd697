package io.prescale.providers.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.planner.plan.PlanJson;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply engine against in-memory providers at the SPI boundary. */
class ApplyEngineTest {
    static final Instant KICKOFF = Instant.parse("2026-07-19T19:00:00Z");
    static final Instant PLANNED = Instant.parse("2026-07-19T17:00:00Z");

    final AtomicLong seq = new AtomicLong();
    FakeProvider asg;
    FakeProvider lb;
    FakeProvider k8s;
    FakeProvider cdn;
    ProviderRegistry registry;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        asg = new FakeProvider("aws-asg", seq);
        lb = new FakeProvider("aws-elbv2", seq);
        k8s = new FakeProvider("k8s-deployment", seq);
        cdn = new FakeProvider("cdn", seq);
        registry = new ProviderRegistry().register(asg.factory()).register(lb.factory()).register(k8s.factory())
                .register(cdn.factory()).register(PlanOnlyProvider.factory());
        asg.units.put("edge-asg", 10);
        lb.units.put("web-alb", 0);
        k8s.units.put("live/api", 4);
        cdn.units.put("dist", 9000);
    }

    static LayerSummary layer(String name, String type, String target, int min, int max) {
        return new LayerSummary(name, "instances", type, target, Map.of(), 1, 0, max, max, min, max, KICKOFF, "FINAL",
                Map.of());
    }

    static Change change(String layer, String type, String target, Action a, Instant at, int from, int to) {
        return new Change(layer, type, target, a, at, at.plusSeconds(600), from, to, "instances", List.of("FINAL"),
                "test");
    }

    /** A plan for a final at 19:00Z live until 21:40Z: scale-outs due 18:00-18:45, scale-ins due 22:00. */
    static Plan plan(Instant createdAt) {
        List<LayerSummary> layers = List.of(
                layer("cdn", "cdn", "dist", 0, 9000),
                layer("lb", "aws-elbv2", "web-alb", 0, 2000),
                layer("edge", "aws-asg", "edge-asg", 10, 400),
                layer("api", "k8s-deployment", "live/api", 4, 100),
                layer("kafka", "plan-only", "", 3, 30));
        List<Change> changes = new ArrayList<>(List.of(
                change("cdn", "cdn", "dist", Action.CHECK, Instant.parse("2026-07-19T18:00:00Z"), 9000, 7000),
                change("lb", "aws-elbv2", "web-alb", Action.PREWARM, Instant.parse("2026-07-19T18:00:00Z"), 0, 500),
                change("edge", "aws-asg", "edge-asg", Action.SCALE_OUT, Instant.parse("2026-07-19T18:40:00Z"), 10, 300),
                change("api", "k8s-deployment", "live/api", Action.SCALE_OUT, Instant.parse("2026-07-19T18:45:00Z"), 4, 40),
                change("kafka", "plan-only", "", Action.SCALE_OUT, Instant.parse("2026-07-19T18:00:00Z"), 3, 20),
                change("edge", "aws-asg", "edge-asg", Action.SCALE_IN, Instant.parse("2026-07-19T22:00:00Z"), 300, 10),
                change("api", "k8s-deployment", "live/api", Action.SCALE_IN, Instant.parse("2026-07-19T22:00:00Z"), 40, 4),
                change("lb", "aws-elbv2", "web-alb", Action.SCALE_IN, Instant.parse("2026-07-19T22:10:00Z"), 500, 0)));
        List<PlanEvent> events = List.of(new PlanEvent("FINAL", "A v B", "final", true, KICKOFF,
                Instant.parse("2026-07-19T18:15:00Z"), Instant.parse("2026-07-19T21:41:00Z"), 4e6, "test",
                List.of("cdn", "lb", "edge", "api", "kafka")));
        return new Plan(Plan.FORMAT_VERSION, "test", createdAt, createdAt, "sha256:abc", List.of(), 0.9,
                Duration.ofDays(1), new ObservedState("baseline", createdAt,
                Map.of("edge", 10, "lb", 0, "api", 4, "cdn", 0, "kafka", 3)), true, events, layers, changes, List.of());
    }

    ApplyReport apply(Plan p, String now, boolean dryRun) {
        return engine(now, AuditLog.none()).apply(p, new ApplyOptions(dryRun, 8, Duration.ofSeconds(5)));
    }

    ApplyEngine engine(String now, AuditLog audit) {
        Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        return new ApplyEngine(registry, ProviderConfig.defaults(clock), audit, clock);
    }

    static ResourceResult result(ApplyReport r, String layer) {
        return r.results().stream().filter(x -> x.layer().equals(layer)).findFirst().orElseThrow();
    }

    @Test
    void apply_beforeKickoff_carriesOutDueChangesInDependencyOrder() {
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", false);
        assertFalse(r.failed(), r.toString());
        assertEquals(300, asg.units.get("edge-asg"));
        assertEquals(500, lb.units.get("web-alb"));
        assertEquals(40, k8s.units.get("live/api"));
        assertEquals(ChangeStatus.SKIPPED, result(r, "kafka").status());
        long lbSet = lb.calls.stream().filter(c -> c.kind().equals("set")).findFirst().orElseThrow().seq();
        long asgSet = asg.calls.stream().filter(c -> c.kind().equals("set")).findFirst().orElseThrow().seq();
        long podSet = k8s.calls.stream().filter(c -> c.kind().equals("set")).findFirst().orElseThrow().seq();
        assertTrue(lbSet < asgSet && asgSet < podSet, "load balancer, then instances, then pods");
        assertEquals(3, r.notYetDue(), "the three scale-ins wait for after the match");
        assertEquals(Instant.parse("2026-07-19T22:00:00Z"), r.nextDue());
    }

    @Test
    void apply_sameplanTwice_secondRunChangesNothing() {
        Plan p = plan(PLANNED);
        apply(p, "2026-07-19T18:50:00Z", false);
        long before = asg.mutations() + lb.mutations() + k8s.mutations();
        ApplyReport again = apply(p, "2026-07-19T18:55:00Z", false);
        assertFalse(again.refused(), again.refusal());
        assertEquals(before, asg.mutations() + lb.mutations() + k8s.mutations());
        assertTrue(again.results().stream().filter(x -> !x.layer().equals("kafka") && !x.layer().equals("cdn"))
                .allMatch(x -> x.status() == ChangeStatus.UNCHANGED), again.results().toString());
    }

    @Test
    void apply_stalePlan_refuses() {
        ApplyReport r = apply(plan(PLANNED.minus(Duration.ofDays(2))), "2026-07-19T18:50:00Z", false);
        assertTrue(r.refused());
        assertTrue(r.refusal().contains("older than its max age 1d"), r.refusal());
        assertEquals(0, asg.mutations());
    }

    @Test
    void apply_worldAboveTheAssumptionBeforeAScaleOut_proceedsInTheSafeDirection() {
        // given: the groups' own policies added capacity before kickoff
        asg.units.put("edge-asg", 25);
        k8s.units.put("live/api", 7);

        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", false);

        assertFalse(r.failed(), r.toString());
        assertTrue(r.drift().isEmpty(), r.drift().toString());
        assertEquals(300, asg.units.get("edge-asg"));
        assertEquals(40, k8s.units.get("live/api"));
    }

    @Test
    void apply_aCallThatNeverAnswers_endsAtTheApplyTimeoutWithTheOutcomeUnknown() {
        // given: the Kubernetes API accepts the connection and never answers
        registry = new ProviderRegistry().register(asg.factory()).register(lb.factory()).register(cdn.factory())
                .register(new io.prescale.providers.spi.ProviderFactory() {
                    @Override
                    public io.prescale.planner.targets.TargetSpec target() {
                        return FakeProvider.shipped("k8s-deployment");
                    }

                    @Override
                    public io.prescale.providers.spi.CapacityProvider create(ProviderConfig c) {
                        return new StalledProvider(k8s);
                    }
                });
        long start = System.nanoTime();

        // when
        ApplyReport r = engine("2026-07-19T18:50:00Z", AuditLog.none()).apply(plan(PLANNED),
                new ApplyOptions(false, 8, Duration.ofSeconds(30), Duration.ofSeconds(1)));

        // then
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "the apply ran " + seconds + " s");
        assertEquals(ChangeStatus.FAILED, result(r, "api").status());
        assertTrue(result(r, "api").message().contains("whether it took effect is unknown"), result(r, "api").message());
        assertEquals(300, asg.units.get("edge-asg"), "what finished in time is reported as it is");
        assertTrue(r.failed());
    }

    @Test
    void apply_writeWhoseAnswerWasLost_isFoundOnTheNextRunAndAudited() throws Exception {
        // given: the edge group's scale-out takes effect but its answer is lost
        Path log = tmp.resolve("audit.jsonl");
        registry = new ProviderRegistry().register(lb.factory()).register(k8s.factory()).register(cdn.factory())
                .register(PlanOnlyProvider.factory()).register(new io.prescale.providers.spi.ProviderFactory() {
                    @Override
                    public io.prescale.planner.targets.TargetSpec target() {
                        return FakeProvider.shipped("aws-asg");
                    }

                    @Override
                    public io.prescale.providers.spi.CapacityProvider create(ProviderConfig c) {
                        return new LostAnswerProvider(asg);
                    }
                });
        ApplyReport first = engine("2026-07-19T18:50:00Z", new AuditLog(log)).apply(plan(PLANNED),
                new ApplyOptions(false, 8, Duration.ofSeconds(5)));
        assertEquals(ChangeStatus.FAILED, result(first, "edge").status());
        assertEquals(300, asg.units.get("edge-asg"), "the write took effect");

        // when: the next run reads the group
        engine("2026-07-19T18:55:00Z", new AuditLog(log)).apply(plan(PLANNED),
                new ApplyOptions(false, 8, Duration.ofSeconds(5)));

        // then: the change it did not see confirmed is in the audit trail, with what it was
        String audit = java.nio.file.Files.readString(log);
        assertTrue(audit.contains("\"result\":\"FOUND\"") && audit.contains("found at 300, expected 10: a previous "
                + "write took effect"), audit);
    }

    /** A provider that reads like the fake it wraps: only its changes go otherwise. */
    interface ReadsLikeTheFake extends io.prescale.providers.spi.CapacityProvider {
        FakeProvider inner();

        @Override
        default String type() {
            return inner().type();
        }

        @Override
        default io.prescale.providers.spi.ObserveResponse observe(io.prescale.providers.spi.ObserveRequest r) {
            return inner().observe(r);
        }
    }

    /** Carries out the change, then loses the answer (a connection reset on the way back). */
    record LostAnswerProvider(FakeProvider inner) implements ReadsLikeTheFake {
        @Override
        public io.prescale.providers.spi.ChangeResponse apply(io.prescale.providers.spi.ChangeRequest r) {
            inner.apply(r);
            throw new io.prescale.providers.spi.ProviderException("connection reset reading the answer", null);
        }
    }

    /** Its changes never return (until interrupted). */
    record StalledProvider(FakeProvider inner) implements ReadsLikeTheFake {
        @Override
        public io.prescale.providers.spi.ChangeResponse apply(io.prescale.providers.spi.ChangeRequest r) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("interrupted");
        }
    }

    @Test
    void apply_oneResourceBelowTheAssumption_refusesItAloneAndNamesIt() {
        // given: someone scaled the edge group in after the plan was made
        asg.units.put("edge-asg", 5);

        // when
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", false);

        // then: the edge change is refused and named; the others still went out
        assertTrue(r.failed());
        assertEquals(List.of("edge"), r.drift().stream().map(Drift::layer).toList());
        assertTrue(r.drift().get(0).describe().contains("the plan assumed 10, now 5"), r.drift().get(0).describe());
        assertEquals(ChangeStatus.FAILED, result(r, "edge").status());
        assertTrue(result(r, "edge").message().contains("refused"), result(r, "edge").message());
        assertEquals(5, asg.units.get("edge-asg"));
        assertEquals(40, k8s.units.get("live/api"));
        assertEquals(500, lb.units.get("web-alb"));
    }

    @Test
    void apply_rerunAfterAScaleInHeldAtDemand_recognisesItsOwnWrite() {
        // given: the scale-in was held at the observed demand (120, not the planned 10), recorded in the audit log
        AuditLog audit = new AuditLog(tmp.resolve("audit.jsonl"));
        Plan p = plan(PLANNED);
        asg.units.put("edge-asg", 300);
        asg.floors.put("edge-asg", 120);
        engine("2026-07-19T22:20:00Z", audit).apply(p, new ApplyOptions(false, 8, Duration.ofSeconds(5)));
        assertEquals(120, asg.units.get("edge-asg"));
        // the plan assumed 10 before the event; the edge group now holds 120, which no change of the plan sets
        asg.floors.remove("edge-asg");
        Plan later = new Plan(p.formatVersion(), p.scenario(), p.at(), p.createdAt(), p.digest(), p.inputs(),
                p.quantile(), p.maxAge(), p.observed(), true, p.events(), p.layers(), p.changes().stream()
                .filter(c -> !c.layer().equals("edge")).toList(), List.of());

        // when: the same plan (by digest) is applied again
        ApplyReport r = engine("2026-07-19T22:25:00Z", audit).apply(later, new ApplyOptions(false, 8,
                Duration.ofSeconds(5)));

        // then
        assertTrue(r.drift().isEmpty(), "prescale's own write is not drift: " + r.drift());
        // and without the record of that write, 120 is someone else's change
        ApplyReport blind = engine("2026-07-19T22:25:00Z", AuditLog.none()).apply(later, new ApplyOptions(false, 8,
                Duration.ofSeconds(5)));
        assertEquals(List.of("edge"), blind.drift().stream().map(Drift::layer).toList());
    }

    @Test
    void apply_dryRun_sendsNoMutation_butReportsWhatItWouldDo() {
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", true);
        assertEquals(0, asg.mutations() + lb.mutations() + k8s.mutations());
        assertEquals(ChangeStatus.DRY_RUN, result(r, "edge").status());
        assertEquals(300, result(r, "edge").after());
        assertEquals(10, asg.units.get("edge-asg"));
    }

    @Test
    void apply_partialFailure_reportedPerResource_othersStillApplied() {
        asg.failing.add("edge-asg");
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", false);
        assertTrue(r.failed());
        assertEquals(ChangeStatus.FAILED, result(r, "edge").status());
        assertTrue(result(r, "edge").diagnostics().get(0).format().contains("ValidationError"));
        assertEquals(40, k8s.units.get("live/api"));
        assertEquals(500, lb.units.get("web-alb"));
    }

    @Test
    void apply_afterTheMatch_scalesInToTheBaseline() {
        asg.units.put("edge-asg", 300);
        k8s.units.put("live/api", 40);
        lb.units.put("web-alb", 500);
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T22:20:00Z", false);
        assertFalse(r.failed(), r.toString());
        assertEquals(10, asg.units.get("edge-asg"));
        assertEquals(4, k8s.units.get("live/api"));
        assertEquals(0, lb.units.get("web-alb"));
    }

    @Test
    void apply_closedLoopLayerAfterTheLatestWhistle_scalesInDuringTheForecastTail() {
        // given: the edge layer is watched by the live controller, so the event holds it only to 21:45; the
        // post-match tail (to 22:30) may be followed down. The api layer is open loop: held to 22:30.
        Plan p = plan(PLANNED);
        List<PlanEvent> tail = List.of(new PlanEvent("FINAL", "A v B", "final", true, KICKOFF,
                Instant.parse("2026-07-19T18:15:00Z"), Instant.parse("2026-07-19T22:30:00Z"), 4e6, "closed loop",
                List.of("edge", "api", "lb"), Map.of("edge", Instant.parse("2026-07-19T21:45:00Z"))));
        Plan closedLoop = new Plan(p.formatVersion(), p.scenario(), p.at(), p.createdAt(), p.digest(), p.inputs(),
                p.quantile(), p.maxAge(), p.observed(), true, tail, p.layers(), p.changes(), List.of());
        asg.units.put("edge-asg", 300);
        k8s.units.put("live/api", 40);

        // when
        ApplyReport r = apply(closedLoop, "2026-07-19T22:20:00Z", false);

        // then
        assertEquals(ChangeStatus.APPLIED, result(r, "edge").status(), result(r, "edge").toString());
        assertEquals(10, asg.units.get("edge-asg"));
        assertEquals(ChangeStatus.SKIPPED, result(r, "api").status());
        assertEquals(40, k8s.units.get("live/api"));
    }

    @Test
    void apply_scaleInWhileTheEventMayStillBeLive_isRefused() {
        Plan p = plan(PLANNED);
        // a delayed kickoff moved the final: it may be live until 22:30
        List<PlanEvent> late = List.of(new PlanEvent("FINAL", "A v B", "final", true, KICKOFF,
                Instant.parse("2026-07-19T18:15:00Z"), Instant.parse("2026-07-19T22:30:00Z"), 4e6, "delayed",
                List.of("edge", "api", "lb")));
        Plan delayed = new Plan(p.formatVersion(), p.scenario(), p.at(), p.createdAt(), p.digest(), p.inputs(),
                p.quantile(), p.maxAge(), p.observed(), true, late, p.layers(), p.changes(), List.of());
        asg.units.put("edge-asg", 300);
        ApplyReport r = apply(delayed, "2026-07-19T22:20:00Z", false);
        assertEquals(ChangeStatus.SKIPPED, result(r, "edge").status());
        assertTrue(result(r, "edge").message().contains("may still be live"), result(r, "edge").message());
        assertEquals(300, asg.units.get("edge-asg"));
    }

    @Test
    void apply_scaleInBelowObservedDemand_isHeldAtTheDemand() {
        asg.units.put("edge-asg", 300);
        asg.floors.put("edge-asg", 120);
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T22:20:00Z", false);
        assertEquals(120, asg.units.get("edge-asg"));
        assertTrue(result(r, "edge").message().contains("held at the observed demand 120"), result(r, "edge").message());
    }

    @Test
    void apply_scaleInWithUnreadableState_leavesCapacityUpAndFails() {
        asg.units.put("edge-asg", 300);
        asg.unreadable.add("edge-asg");
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T22:20:00Z", false);
        assertEquals(ChangeStatus.FAILED, result(r, "edge").status());
        assertTrue(result(r, "edge").message().contains("capacity left as it is"));
        assertEquals(300, asg.units.get("edge-asg"));
        assertTrue(r.failed(), "an unreadable target is not success");
    }

    @Test
    void apply_targetsUnreadableWithNothingDue_areCountedAndFailTheRun() {
        // given: before any change is due, two of the four targets cannot be read
        asg.unreadable.add("edge-asg");
        k8s.unreadable.add("live/api");

        // when
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T17:00:00Z", false);

        // then
        assertTrue(r.results().isEmpty(), r.results().toString());
        assertEquals(List.of("edge", "api"), r.unreadable().stream().map(ApplyReport.Unreadable::layer).toList());
        assertEquals(4, r.targets(), "kafka is plan-only: nothing to read");
        assertTrue(r.failed());
    }

    @Test
    void apply_scaleOutWhenMoreIsAlreadyRunning_neverLowersIt() {
        Plan p = plan(PLANNED);
        asg.units.put("edge-asg", 350);
        // 350 is neither assumed nor planned: allow it by assuming it
        Plan assumed = new Plan(p.formatVersion(), p.scenario(), p.at(), p.createdAt(), p.digest(), p.inputs(),
                p.quantile(), p.maxAge(), new ObservedState("baseline", PLANNED,
                Map.of("edge", 350, "lb", 0, "api", 4, "cdn", 0, "kafka", 3)), true, p.events(), p.layers(),
                p.changes(), List.of());
        ApplyReport r = apply(assumed, "2026-07-19T18:50:00Z", false);
        assertEquals(ChangeStatus.UNCHANGED, result(r, "edge").status());
        assertEquals(350, asg.units.get("edge-asg"));
    }

    @Test
    void apply_unknownProviderType_failsThatResourceOnly() {
        registry = new ProviderRegistry().register(lb.factory()).register(k8s.factory()).register(cdn.factory())
                .register(PlanOnlyProvider.factory());
        ApplyReport r = apply(plan(PLANNED), "2026-07-19T18:50:00Z", false);
        assertEquals(ChangeStatus.FAILED, result(r, "edge").status());
        assertTrue(result(r, "edge").message().contains("no provider for target type 'aws-asg'"));
        assertEquals(40, k8s.units.get("live/api"));
    }

    @Test
    void apply_writesOneAuditLineAPerAction() throws Exception {
        Path log = tmp.resolve("audit/prescale.jsonl");
        engine("2026-07-19T18:50:00Z", new AuditLog(log)).apply(plan(PLANNED), new ApplyOptions(false, 4, null));
        List<String> lines = Files.readAllLines(log);
        assertEquals(5, lines.size(), lines.toString());
        JsonNode edge = lines.stream().map(l -> {
            try {
                return PlanJson.mapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.get("layer").asText().equals("edge")).findFirst().orElseThrow();
        assertEquals("sha256:abc", edge.get("planDigest").asText());
        assertEquals(10, edge.get("before").asInt());
        assertEquals(300, edge.get("after").asInt());
        assertEquals("APPLIED", edge.get("result").asText());
        assertEquals("SCALE_OUT", edge.get("action").asText());
        // appending: a second apply adds lines, never rewrites
        engine("2026-07-19T18:55:00Z", new AuditLog(log)).apply(plan(PLANNED), new ApplyOptions(false, 4, null));
        assertEquals(10, Files.readAllLines(log).size());
    }
}
