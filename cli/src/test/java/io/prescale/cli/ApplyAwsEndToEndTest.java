package io.prescale.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.aws.FakeAutoScaling;
import io.prescale.providers.spi.ProviderRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan then apply of the invidi-ads example through the CLI, with the real AWS SDK clients talking to WireMock in
 * AWS's wire format: --dry-run is passed all the way down and sends no mutating request.
 */
@org.junit.jupiter.api.extension.ExtendWith(AwsTestCredentials.class)
class ApplyAwsEndToEndTest {
    static final String AS_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    static final String ELB_NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    static final Instant PLANNED = Instant.parse("2026-06-13T00:30:00Z");
    static final Instant APPLIED = Instant.parse("2026-06-13T00:50:00Z");

    static final FakeAutoScaling FAKE = new FakeAutoScaling();
    @RegisterExtension
    static WireMockExtension wm = AwsTestCredentials.wireMockWith(FAKE);

    @TempDir
    Path tmp;
    FakeProvider pods;
    FakeProvider nodes;
    Path plan;

    static String xml(String ns, String action, String result) {
        return "<" + action + "Response xmlns=\"" + ns + "\">" + (result == null ? "" : "<" + action + "Result>" + result
                + "</" + action + "Result>") + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></"
                + action + "Response>";
    }

    void answer(String body, String action, String ns, String result) {
        wm.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .withRequestBody(containing(body)).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/xml").withBody(xml(ns, action, result))));
    }

    @BeforeEach
    void setUp() {
        // the two groups live in the stateful Auto Scaling fake; ELBv2 is stubbed
        FAKE.reset();
        FAKE.put("ad-edge-use1", 50, 400, 50, java.util.Map.of());
        FAKE.put("tracking-buffer-use1", 100, 1200, 100, java.util.Map.of());
        wm.stubFor(FakeAutoScaling.answersAll());
        answer("", "DescribeCapacityReservation", ELB_NS, "<LastModifiedTime>2026-06-12T10:00:00Z</LastModifiedTime>"
                + "<DecreaseRequestsRemaining>2</DecreaseRequestsRemaining><CapacityReservationState/>");
        answer("", "ModifyCapacityReservation", ELB_NS, "<LastModifiedTime>2026-06-13T00:50:00Z</LastModifiedTime>"
                + "<DecreaseRequestsRemaining>2</DecreaseRequestsRemaining><MinimumLoadBalancerCapacity><CapacityUnits>"
                + "2150</CapacityUnits></MinimumLoadBalancerCapacity><CapacityReservationState><member><State><Code>"
                + "provisioned</Code></State><AvailabilityZone>us-east-1a</AvailabilityZone><EffectiveCapacityUnits>2150"
                + "</EffectiveCapacityUnits></member></CapacityReservationState>");
        pods = new FakeProvider("k8s-deployment", new AtomicLong());
        pods.units.put("ads/beacon-processor", 20);
        nodes = new FakeProvider("k8s-karpenter-nodepool", new AtomicLong());
        nodes.units.put("beacon-processor", 5);
        plan = tmp.resolve("plan.json");
        assertEquals(0, run(PLANNED, "plan", CliTest.EXAMPLE, "--at", PLANNED.toString(), "--out", plan.toString())
                .code());
    }

    CliRun run(Instant now, String... args) {
        return CliRun.run(Clock.fixed(now, ZoneOffset.UTC), () -> new ProviderRegistry()
                .register(AwsProviders.autoScalingGroups()).register(AwsProviders.loadBalancers())
                .register(pods.factory()).register(nodes.factory()), args);
    }

    List<String> actionsSent() {
        return wm.getAllServeEvents().stream().map(e -> URLDecoder.decode(e.getRequest().getBodyAsString(),
                StandardCharsets.UTF_8)).map(b -> b.replaceAll("^.*?Action=([A-Za-z]+).*$", "$1")).toList();
    }

    @Test
    void apply_dryRun_sendsOnlyDescribeCallsToAws() {
        CliRun r = run(APPLIED, "apply", plan.toString(), "--dry-run", "--endpoint-url", wm.baseUrl(),
                "--region", "us-east-1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("DRY_RUN"), r.out());
        List<String> sent = actionsSent();
        assertTrue(sent.contains("DescribeAutoScalingGroups"), sent.toString());
        assertTrue(sent.stream().allMatch(a -> a.startsWith("Describe")), "only reads in a dry run: " + sent);
        assertEquals(50, FAKE.groups.get("ad-edge-use1").desired);
        assertEquals(0, pods.mutations() + nodes.mutations());
    }

    @Test
    void apply_autoApproved_preScalesTheGroupsAndPreWarmsTheLoadBalancer() {
        CliRun r = run(APPLIED, "apply", plan.toString(), "--auto-approve", "--endpoint-url", wm.baseUrl(),
                "--region", "us-east-1", "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .withRequestBody(containing("AutoScalingGroupName=ad-edge-use1"))
                .withRequestBody(containing("MinSize=304")).withRequestBody(containing("DesiredCapacity=304")));
        wm.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyCapacityReservation"))
                .withRequestBody(containing("MinimumLoadBalancerCapacity.CapacityUnits=2150")));
        assertTrue(pods.units.get("ads/beacon-processor") > 20);
        // the groups' real state, as the fake holds it after the run, and the baseline saved for the scale-in
        assertEquals(304, FAKE.groups.get("ad-edge-use1").desired);
        assertEquals("50", FAKE.groups.get("ad-edge-use1").tags.get("prescale:baseline-min"));
        // and a second run finds everything in place: nothing more is written
        int before = wm.getAllServeEvents().size();
        CliRun again = run(APPLIED, "apply", plan.toString(), "--auto-approve", "--endpoint-url", wm.baseUrl(),
                "--region", "us-east-1", "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(wm.getAllServeEvents().subList(0, wm.getAllServeEvents().size() - before).stream()
                .noneMatch(e -> e.getRequest().getBodyAsString().contains("Action=UpdateAutoScalingGroup")),
                "the re-run sent no update");
    }

    @Test
    void apply_outputJson_isOneObjectWithEveryResultAndIsoTimes() throws Exception {
        CliRun r = run(APPLIED, "apply", plan.toString(), "--dry-run", "--output", "json", "--endpoint-url",
                wm.baseUrl(), "--region", "us-east-1");

        assertEquals(0, r.code(), r.out() + r.err());
        com.fasterxml.jackson.databind.JsonNode j = io.prescale.planner.plan.PlanJson.mapper().readTree(r.out());
        assertTrue(j.path("dryRun").asBoolean() && j.path("ok").asBoolean(), j.toString());
        assertEquals(APPLIED, Instant.parse(j.path("at").asText()));
        Instant.parse(j.path("planCreatedAt").asText());
        com.fasterxml.jackson.databind.JsonNode edge = java.util.stream.StreamSupport.stream(j.path("results")
                .spliterator(), false).filter(x -> x.path("layer").asText().equals("ad-edge")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        assertEquals("DRY_RUN", edge.path("status").asText(), edge.toString());
        assertEquals(50, edge.path("before").asInt(), edge.toString());
        assertEquals(304, edge.path("after").asInt(), edge.toString());
        assertTrue(j.path("due").size() >= 3, j.path("due").toString());
        Instant.parse(j.path("due").get(0).path("at").asText());
    }

    @Test
    void apply_outputJsonWithoutAutoApprove_isBadUsage() {
        CliRun r = run(APPLIED, "apply", plan.toString(), "--output", "json");

        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--output json needs --auto-approve or --dry-run"), r.err());
        assertEquals(0, pods.mutations() + nodes.mutations());
    }

    @Test
    void apply_quiet_printsOnlyTheSummary() {
        CliRun r = run(APPLIED, "apply", plan.toString(), "--dry-run", "--quiet", "--endpoint-url", wm.baseUrl(),
                "--region", "us-east-1");

        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("Apply dry run complete: "), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());
    }

    @Test
    void nativeSchedule_outputJson_givesEachGroupItsActionsWithIsoTimes() throws Exception {
        CliRun r = run(APPLIED, "native-schedule", plan.toString(), "--dry-run", "--output", "json",
                "--endpoint-url", wm.baseUrl(), "--region", "us-east-1");

        assertEquals(0, r.code(), r.out() + r.err());
        com.fasterxml.jackson.databind.JsonNode j = io.prescale.planner.plan.PlanJson.mapper().readTree(r.out());
        assertEquals("put", j.path("mode").asText());
        assertTrue(j.path("dryRun").asBoolean());
        assertTrue(j.path("refusal").isNull(), j.toString());
        com.fasterxml.jackson.databind.JsonNode groups = j.path("groups");
        assertEquals(2, groups.size(), groups.toString());
        for (com.fasterxml.jackson.databind.JsonNode g : groups) {
            assertEquals("DRY_RUN", g.path("status").asText(), g.toString());
            for (com.fasterxml.jackson.databind.JsonNode a : g.path("actions")) {
                assertTrue(Instant.parse(a.path("at").asText()).isAfter(APPLIED), a.toString());
                assertTrue(a.path("name").asText().startsWith("prescale-"), a.toString());
            }
        }
        assertTrue(groups.findValues("actions").stream().anyMatch(a -> a.size() > 0), groups.toString());
    }
}
