package io.prescale.providers.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An EKS managed node group pre-scaled through the real SDK v2 EKS client against WireMock speaking EKS's REST-JSON:
 * the scaling config is saved in tags, raised, read back, and restored exactly on scale-in.
 */
class EksNodegroupProviderTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String GROUP = "/clusters/prod/node-groups/push";
    static final String ARN = "arn:aws:eks:us-east-1:123456789012:nodegroup/prod/push/5cc6e1b0-0c5d-4c2a-9a1e-2c6f0e7a1d11";
    static final String TAGS = "/tags/" + java.net.URLEncoder.encode(ARN, java.nio.charset.StandardCharsets.UTF_8);
    static final Target TARGET = new Target(AwsTargets.EKS_NODEGROUP, "prod/push", Map.of());

    static String nodegroup(int min, int desired, int max, String tags) {
        return """
                {"nodegroup": {"nodegroupName": "push", "clusterName": "prod", "nodegroupArn": "%s",
                 "version": "1.31", "status": "ACTIVE", "capacityType": "ON_DEMAND", "instanceTypes": ["m6i.xlarge"],
                 "scalingConfig": {"minSize": %d, "maxSize": %d, "desiredSize": %d},
                 "createdAt": 1.7e9, "modifiedAt": 1.7e9, "tags": {%s}}}
                """.formatted(ARN, min, max, desired, tags);
    }

    static String update() {
        return """
                {"update": {"id": "b2d8c5a4-4f1e-3f55-9d6e-0a7f6c1f3e21", "status": "InProgress",
                 "type": "ConfigUpdate", "params": [{"type": "MinSize", "value": "22"}], "createdAt": 1.7e9,
                 "errors": []}}
                """;
    }

    EksNodegroupProvider provider() {
        ProviderConfig config = AwsWire.config(wm);
        AwsClients clients = AwsWire.clients(config);
        return new EksNodegroupProvider(config, clients::eks);
    }

    static ChangeRequest change(Action a, int from, int to, boolean dryRun) {
        Instant at = Instant.parse("2027-05-30T13:48:00Z");
        return new ChangeRequest(new Change("push-nodes", EksNodegroupProvider.TYPE, "prod/push", a, at, at, from, to,
                "nodes", List.of("FINAL"), "test"), TARGET, 2, 60, "", dryRun, Duration.ofSeconds(10));
    }

    @Test
    void apply_scaleOutThenIn_savesRaisesAndRestoresTheScalingConfig() {
        // given: the group at min 2, desired 2, max 10, then as each write leaves it
        wm.stubFor(get(urlPathEqualTo(GROUP)).inScenario("g").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withBody(nodegroup(2, 2, 10, "\"team\": \"push\""))));
        wm.stubFor(post(urlPathMatching("/tags/.*")).willReturn(aResponse().withBody("{}")));
        wm.stubFor(post(urlPathEqualTo(GROUP + "/update-config")).inScenario("g").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withBody(update())).willSetStateTo("raised"));
        wm.stubFor(get(urlPathEqualTo(GROUP)).inScenario("g").whenScenarioStateIs("raised")
                .willReturn(aResponse().withBody(nodegroup(22, 22, 22, "\"prescale:baseline-min\": \"2\", "
                        + "\"prescale:baseline-max\": \"10\", \"prescale:baseline-desired\": \"2\""))));
        wm.stubFor(post(urlPathEqualTo(GROUP + "/update-config")).inScenario("g").whenScenarioStateIs("raised")
                .willReturn(aResponse().withBody(update())).willSetStateTo("restored"));
        wm.stubFor(delete(urlPathMatching("/tags/.*")).willReturn(aResponse().withBody("{}")));
        wm.stubFor(get(urlPathEqualTo(GROUP)).inScenario("g").whenScenarioStateIs("restored")
                .willReturn(aResponse().withBody(nodegroup(2, 2, 10, "\"team\": \"push\""))));

        try (EksNodegroupProvider p = provider()) {
            // when
            ChangeResponse out = p.apply(change(Action.SCALE_OUT, 2, 22, false));

            // then: the originals saved, then min, desired and max raised to 22, read back in effect
            assertEquals(ChangeStatus.APPLIED, out.status(), out.toString());
            assertEquals(2, out.before());
            assertEquals(22, out.after());
            wm.verify(postRequestedFor(urlPathMatching("/tags/.*")).withRequestBody(equalToJson(
                    "{\"tags\": {\"prescale:baseline-min\": \"2\", \"prescale:baseline-max\": \"10\","
                            + " \"prescale:baseline-desired\": \"2\"}}")));
            wm.verify(postRequestedFor(urlPathEqualTo(GROUP + "/update-config")).withRequestBody(equalToJson(
                    "{\"scalingConfig\": {\"minSize\": 22, \"maxSize\": 22, \"desiredSize\": 22}}", true, true)));
            assertTrue(out.diagnostics().isEmpty(), out.toString());

            // when: scaled in
            ChangeResponse in = p.apply(change(Action.SCALE_IN, 22, 2, false));

            // then: min 2 and max 10 restored exactly, desired 2, the tags removed
            assertEquals(ChangeStatus.APPLIED, in.status(), in.toString());
            assertTrue(in.message().contains("original restored"), in.message());
            wm.verify(postRequestedFor(urlPathEqualTo(GROUP + "/update-config")).withRequestBody(equalToJson(
                    "{\"scalingConfig\": {\"minSize\": 2, \"maxSize\": 10, \"desiredSize\": 2}}", true, true)));
            wm.verify(deleteRequestedFor(urlPathMatching("/tags/.*"))
                    .withQueryParam("tagKeys", equalTo("prescale:baseline-min")));
        }
    }

    @Test
    void apply_dryRun_sendsOnlyTheRead() {
        wm.stubFor(get(urlPathEqualTo(GROUP)).willReturn(aResponse().withBody(nodegroup(2, 2, 10, ""))));
        try (EksNodegroupProvider p = provider()) {
            ChangeResponse r = p.apply(change(Action.SCALE_OUT, 2, 22, true));
            assertEquals(ChangeStatus.DRY_RUN, r.status(), r.toString());
            assertEquals(22, r.after());
        }
        assertEquals(0, wm.findAll(postRequestedFor(urlPathMatching(".*"))).size());
    }

    @Test
    void apply_updateRefused_reportedWithEksError() {
        wm.stubFor(get(urlPathEqualTo(GROUP)).willReturn(aResponse().withBody(nodegroup(2, 2, 10, ""))));
        wm.stubFor(post(urlPathMatching("/tags/.*")).willReturn(aResponse().withBody("{}")));
        wm.stubFor(post(urlPathEqualTo(GROUP + "/update-config")).willReturn(aResponse().withStatus(409)
                .withHeader("x-amzn-ErrorType", "ResourceInUseException")
                .withBody("{\"message\": \"Nodegroup push is currently being updated\", \"clusterName\": \"prod\","
                        + " \"nodegroupName\": \"push\"}")));
        try (EksNodegroupProvider p = provider()) {
            ChangeResponse r = p.apply(change(Action.SCALE_OUT, 2, 22, false));
            assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
            assertTrue(r.message().contains("UpdateNodegroupConfig failed: Nodegroup push is currently being updated"),
                    r.message());
            assertEquals("ResourceInUseException", r.diagnostics().get(0).code());
        }
    }

    @Test
    void apply_aboveTheLayersMax_refusedBeforeAnyCall() {
        try (EksNodegroupProvider p = provider()) {
            ChangeResponse r = p.apply(change(Action.SCALE_OUT, 2, 61, false));
            assertEquals(ChangeStatus.FAILED, r.status());
            assertTrue(r.message().contains("size increase too large - desired:61 max:60"), r.message());
        }
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void apply_belowTheLayersMin_refusedBeforeAnyCall() {
        try (EksNodegroupProvider p = provider()) {
            ChangeResponse r = p.apply(change(Action.SCALE_IN, 20, 1, false));
            assertEquals(ChangeStatus.FAILED, r.status());
            assertEquals("size decrease too large - desired:1 min:2", r.message());
            assertEquals("OutOfBounds", r.diagnostics().getFirst().code());
        }
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
