package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.planner.plan.PlanJson;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale apply} and {@code iam-policy} through Main.run, with in-memory providers. */
class ApplyCommandTest {
    static final String EXAMPLE = "../examples/invidi-ads";
    /** USA v Paraguay kicks off 2026-06-13T01:00Z; its pre-scales are due from 23:50Z (LB) to 00:49Z (pods). */
    static final Instant PLANNED = Instant.parse("2026-06-13T00:30:00Z");
    static final Instant APPLIED = Instant.parse("2026-06-13T00:50:00Z");

    @TempDir
    Path tmp;
    FakeProvider asg;
    FakeProvider lb;
    FakeProvider pods;
    FakeProvider nodes;
    Path plan;

    CliRun run(Instant now, String input, String... args) {
        return CliRun.capture((out, err) -> Main.run(Clock.fixed(now, ZoneOffset.UTC),
                new BufferedReader(new StringReader(input)),
                () -> new ProviderRegistry().register(asg.factory()).register(lb.factory()).register(pods.factory())
                        .register(nodes.factory()),
                out, err, args));
    }

    @BeforeEach
    void planIt() {
        AtomicLong seq = new AtomicLong();
        asg = new FakeProvider("aws-asg", seq);
        lb = new FakeProvider("aws-elbv2", seq);
        pods = new FakeProvider("k8s-deployment", seq);
        asg.units.put("ad-edge-use1", 50);
        asg.units.put("tracking-buffer-use1", 100);
        lb.units.put("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/beacons/50dc6c495c0c9188", 0);
        pods.units.put("ads/beacon-processor", 20);
        nodes = new FakeProvider("k8s-karpenter-nodepool", seq);
        nodes.units.put("beacon-processor", 5);
        plan = tmp.resolve("plan.json");
        CliRun r = run(PLANNED, "", "plan", EXAMPLE, "--at", PLANNED.toString(), "--out", plan.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void apply_confirmed_appliesDueChangesAndLogsThem() throws Exception {
        Path audit = tmp.resolve("audit.jsonl");
        CliRun r = run(APPLIED, "yes\n", "apply", plan.toString(), "--audit-log", audit.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Only 'yes' is accepted"), r.out());
        assertEquals(304, asg.units.get("ad-edge-use1"));
        assertTrue(pods.units.get("ads/beacon-processor") > 20, "the pods' scale-out is due at 00:49: applied");
        assertTrue(lb.units.values().iterator().next() > 0, "the LB pre-warm was due at 23:50");
        assertTrue(r.out().contains("APPLIED"), r.out());
        assertTrue(Files.readAllLines(audit).size() >= 3);
    }

    @Test
    void apply_twoTargetsUnreadable_countsThemAndExitsOne() {
        asg.unreadable.add("tracking-buffer-use1");
        pods.unreadable.add("ads/beacon-processor");

        CliRun r = run(APPLIED, "", "apply", plan.toString(), "--auto-approve");

        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("2 of 5 targets unreadable"), r.out());
        assertEquals(304, asg.units.get("ad-edge-use1"), "what could be read was still applied");
    }

    @Test
    void plan_observeWithAnUnreadableTarget_saysWhichKeptItsBaselineAndExitsOne() {
        pods.unreadable.add("ads/beacon-processor");

        CliRun r = run(PLANNED, "", "plan", EXAMPLE, "--at", PLANNED.toString(), "--observe", "--no-save");

        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 of 5 targets unreadable, their baseline assumed: beacon-processor")
                || r.out().contains("1 of 5 targets unreadable"), r.out());
    }

    @Test
    void apply_planEditedAfterReview_isRefusedAndNothingSent() throws Exception {
        // given: a change's target raised by hand, far above the layer's max
        String json = Files.readString(plan);
        String edited = json.replaceFirst("\"to\" : 304", "\"to\" : 9999");
        assertTrue(!edited.equals(json), "the fixture must hold a change to 304");
        Files.writeString(plan, edited);

        // when
        CliRun r = run(APPLIED, "", "apply", plan.toString(), "--dry-run");

        // then
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("changed after it was made"), r.err());
        assertEquals(0, asg.calls.size(), "not even read: " + asg.calls);
    }

    @Test
    void nativeSchedule_planOlderThanItsMaxAge_isRefusedLikeApply() {
        CliRun r = run(APPLIED.plus(java.time.Duration.ofDays(30)), "", "native-schedule", plan.toString(), "--dry-run");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("older than its max age"), r.out());
    }

    @Test
    void apply_notConfirmed_changesNothing() {
        CliRun r = run(APPLIED, "no\n", "apply", plan.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("Apply cancelled"), r.out());
        assertEquals(0, asg.mutations() + lb.mutations() + pods.mutations() + nodes.mutations());
    }

    @Test
    void apply_noTerminalAndNoAutoApprove_refusesWithHint() {
        CliRun r = run(APPLIED, "", "apply", plan.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--auto-approve"), r.err());
        assertEquals(0, asg.mutations());
    }

    @Test
    void apply_dryRun_sendsNothingAndNeedsNoConfirmation() {
        CliRun r = run(APPLIED, "", "apply", plan.toString(), "--dry-run");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("DRY_RUN"), r.out());
        assertEquals(0, asg.mutations() + lb.mutations() + pods.mutations() + nodes.mutations());
    }

    @Test
    void apply_scaledInBySomeoneElse_refusesThatResourceNamingIt() {
        asg.units.put("ad-edge-use1", 30);
        CliRun r = run(APPLIED, "", "apply", plan.toString(), "--auto-approve");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("drifted: ad-edge"), r.out());
        assertTrue(r.out().contains("now 30"), r.out());
        assertEquals(30, asg.units.get("ad-edge-use1"));
        assertTrue(pods.units.get("ads/beacon-processor") > 20, "the other layers' changes still went out");
    }

    @Test
    void apply_twice_secondRunIsANoOp() {
        assertEquals(0, run(APPLIED, "", "apply", plan.toString(), "--auto-approve",
                "--audit-log", tmp.resolve("a").toString()).code());
        long mutations = asg.mutations() + lb.mutations() + pods.mutations() + nodes.mutations();
        CliRun again = run(APPLIED.plusSeconds(60), "", "apply", plan.toString(), "--auto-approve",
                "--audit-log", tmp.resolve("a").toString());
        assertEquals(0, again.code(), again.out());
        assertEquals(mutations, asg.mutations() + lb.mutations() + pods.mutations() + nodes.mutations());
        assertTrue(again.out().contains("UNCHANGED"), again.out());
    }

    @Test
    void apply_missingPlan_exitsOne() {
        CliRun r = run(APPLIED, "", "apply", tmp.resolve("nope.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("plan file not found"), r.err());
    }

    @Test
    void planObserve_readsTheStateFromProviders() throws Exception {
        asg.units.put("ad-edge-use1", 60);
        CliRun r = run(PLANNED, "", "plan", EXAMPLE, "--observe", "--no-save", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = PlanJson.mapper().readTree(r.out());
        assertEquals("providers", root.get("observed").get("source").asText());
        assertEquals(60, root.get("observed").get("units").get("ad-edge").asInt());
    }
}
