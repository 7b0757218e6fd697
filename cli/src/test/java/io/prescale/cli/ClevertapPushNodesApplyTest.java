package io.prescale.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.aws.FakeAutoScaling;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clevertap-ipl example's node pool (a self-managed Auto Scaling group behind the push pods) planned and
 * applied through the CLI, with the real AWS SDK client talking to a stateful Auto Scaling fake in AWS's wire
 * format: the nodes are raised ahead of the push pods before the opener, and given back their own min and desired
 * after the pods have scaled in.
 */
@org.junit.jupiter.api.extension.ExtendWith(AwsTestCredentials.class)
class ClevertapPushNodesApplyTest {
    static final String EXAMPLE = "../examples/clevertap-ipl";
    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = AwsTestCredentials.wireMockWith(FAKE);

    @TempDir
    Path tmp;
    FakeProvider pods;
    FakeProvider alb;

    @BeforeEach
    void setUp() {
        // the example's baseline: 100 ingestion instances, 2 push nodes; the pods and the ALB are other providers'
        FAKE.reset();
        FAKE.put("ingestion-aps1", 100, 600, 100, Map.of());
        FAKE.put("eks-push-nodes-aps1", 2, 40, 2, Map.of());
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withTransformers(FakeAutoScaling.NAME)));
        pods = new FakeProvider("k8s-deployment", new AtomicLong());
        pods.units.put("push/delivery-workers", 10);
        alb = new FakeProvider("aws-elbv2", new AtomicLong());
    }

    CliRun run(Instant now, String... args) {
        return CliRun.run(Clock.fixed(now, ZoneOffset.UTC), () -> new ProviderRegistry()
                .register(AwsProviders.autoScalingGroups()).register(pods.factory()).register(alb.factory()), args);
    }

    CliRun planAndApply(Instant at, Instant applied, String state) throws Exception {
        Path plan = tmp.resolve("plan-" + at.getEpochSecond() + ".json");
        Path stateFile = tmp.resolve("state.json");
        Files.writeString(stateFile, state);
        CliRun p = run(at, "plan", EXAMPLE, "--at", at.toString(), "--out", plan.toString(), "--state-file",
                stateFile.toString());
        assertEquals(0, p.code(), p.out() + p.err());
        return run(applied, "apply", plan.toString(), "--auto-approve", "--endpoint-url", wm.baseUrl(),
                "--region", "ap-south-1", "--audit-log", tmp.resolve("audit.jsonl").toString());
    }

    @Test
    void apply_openerDay_raisesThePushNodesAheadOfThePods_thenRestoresTheGroupAfterThem() throws Exception {
        // when: planned on the opener's afternoon and applied at 13:50 UTC, when the nodes are due (13:48) and the
        // push pods (13:55) are not yet
        CliRun out = planAndApply(Instant.parse("2027-03-19T13:00:00Z"), Instant.parse("2027-03-19T13:50:00Z"),
                "{\"units\": {\"ingestion\": 100, \"alb\": 1000, \"push-delivery\": 10, \"push-nodes\": 2}}");

        // then: the node group holds the 22 nodes the 134 push pods need, its own min and desired saved in tags
        assertEquals(0, out.code(), out.out() + out.err());
        FakeAutoScaling.Group nodes = FAKE.groups.get("eks-push-nodes-aps1");
        assertEquals(22, nodes.desired);
        assertEquals(22, nodes.min);
        assertEquals("2", nodes.tags.get("prescale:baseline-min"));
        assertEquals(10, pods.units.get("push/delivery-workers"), "the pods come 7 minutes after their nodes");

        // when: re-planned from what is in place after the match and applied once the pods have scaled in
        CliRun in = planAndApply(Instant.parse("2027-03-19T17:40:00Z"), Instant.parse("2027-03-19T17:47:00Z"),
                "{\"units\": {\"ingestion\": 430, \"alb\": 1000, \"push-delivery\": 10, \"push-nodes\": 22}}");

        // then: the group is given back its own min and desired
        assertEquals(0, in.code(), in.out() + in.err());
        assertEquals(2, nodes.min, in.out());
        assertEquals(2, nodes.desired, in.out());
        assertTrue(nodes.tags.get("prescale:baseline-min") == null, nodes.tags.toString());
    }
}
