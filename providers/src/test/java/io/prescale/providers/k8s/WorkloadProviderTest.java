package io.prescale.providers.k8s;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.prescale.providers.k8s.KubernetesWire.DEPLOYMENT_WEB;
import static io.prescale.providers.k8s.KubernetesWire.HPAS_DATA;
import static io.prescale.providers.k8s.KubernetesWire.HPAS_LIVE;
import static io.prescale.providers.k8s.KubernetesWire.HPA_WEB;
import static io.prescale.providers.k8s.KubernetesWire.NOW;
import static io.prescale.providers.k8s.KubernetesWire.STATEFULSET_KAFKA;
import static io.prescale.providers.k8s.KubernetesWire.assertOnlyReads;
import static io.prescale.providers.k8s.KubernetesWire.getting;
import static io.prescale.providers.k8s.KubernetesWire.object;
import static io.prescale.providers.k8s.KubernetesWire.onlyPutBody;
import static io.prescale.providers.k8s.KubernetesWire.putting;
import static io.prescale.providers.k8s.KubernetesWire.serve;
import static io.prescale.providers.k8s.KubernetesWire.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Deployment and StatefulSet providers against WireMock serving the Kubernetes API's real JSON, through the
 * official client: the requests sent (method, path, body) are checked in WireMock's journal.
 */
class WorkloadProviderTest {
    private static final String DIGEST = "sha256:0b5e11";
    private static final String ORIGINAL_2_10 = "{\"minReplicas\":2,\"maxReplicas\":10}";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ProviderConfig config = KubernetesWire.config(Duration.ofSeconds(5), 3);
    private final WorkloadProvider deployments = KubernetesWire.provider(wm, WorkloadKind.DEPLOYMENT, config);

    @AfterEach
    void close() {
        deployments.close();
    }

    // ------------------------------------------------------------------------------------------ observe

    @Test
    void observe_workloadWithHpa_unitsAreMinReplicasAndFloorIsDesired() {
        // given
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");

        // when
        ObserveResponse r = deployments.observe(observe("live/web"));

        // then
        Observation o = r.observation().orElseThrow(() -> new AssertionError(r.diagnostics()));
        assertEquals(2, o.units(), "HPA minReplicas");
        assertEquals(4, o.floor(), "HPA status.desiredReplicas");
        assertEquals("4", o.details().get("replicas"));
        assertEquals("4", o.details().get("readyReplicas"));
        assertEquals("web", o.details().get("hpa"));
        assertEquals("2", o.details().get("hpaMin"));
        assertEquals("10", o.details().get("hpaMax"));
        assertEquals("4", o.details().get("hpaCurrent"));
        assertEquals("4", o.details().get("hpaDesired"));
        assertEquals(NOW, o.observedAt());
        assertEquals("live/web", r.resource());
        wm.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENT_WEB)));
        wm.verify(getRequestedFor(urlPathEqualTo(HPAS_LIVE)));
        assertOnlyReads(wm);
    }

    @Test
    void observe_hpaHeldUpOnlyByPrescaledMin_floorIsZeroNotTheClampedDesired() {
        // given: min raised to 40 by prescale; the HPA's own wish is below it (ScalingLimited/TooFewReplicas)
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled.json");

        Observation o = deployments.observe(observe("live/web")).observation().orElseThrow();

        assertEquals(40, o.units());
        assertEquals(0, o.floor(), "desiredReplicas 40 is only the HPA clamping its wish to minReplicas");
        assertEquals("40", o.details().get("hpaDesired"));
        assertEquals("TooFewReplicas", o.details().get("hpaLimited"));
        assertEquals(ORIGINAL_2_10, o.details().get("prescaleOriginal"));
    }

    @Test
    void observe_workloadWithoutHpa_unitsAreReplicasAndFloorIsZero() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json"); // HPAs of other workloads, and of a StatefulSet "web"

        Observation o = deployments.observe(observe("live/web")).observation().orElseThrow();

        assertEquals(4, o.units());
        assertEquals(0, o.floor());
        assertEquals("4", o.details().get("replicas"));
        assertEquals("4", o.details().get("readyReplicas"));
        assertFalse(o.details().containsKey("hpa"));
    }

    @Test
    void observe_missingWorkload_failsWithNotFound() {
        wm.stubFor(getting(DEPLOYMENT_WEB).willReturn(status(404, "status-deployment-not-found.json")));

        ObserveResponse r = deployments.observe(observe("live/web"));

        assertTrue(r.observation().isEmpty());
        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals(ApiErrors.NOT_FOUND, d.code());
        assertTrue(d.summary().contains("not found (GET " + DEPLOYMENT_WEB + ")"), d.summary());
        assertEquals("deployments.apps \"web\" not found", d.detail());
        assertEquals("live/web", d.resource());
    }

    @Test
    void observe_nameWithoutNamespace_readsDefaultNamespace() {
        serve(wm, "/apis/apps/v1/namespaces/default/deployments/web", "deployment-web.json");
        serve(wm, "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", "hpa-list-empty.json");

        ObserveResponse r = deployments.observe(observe("web"));

        assertEquals(4, r.observation().orElseThrow().units());
        assertEquals("default/web", r.resource());
    }

    @Test
    void observe_twoHpasForOneWorkload_failsAsAmbiguous() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-two-for-web.json");

        ObserveResponse r = deployments.observe(observe("live/web"));

        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals("AmbiguousSelector", d.code());
        assertTrue(d.summary().contains("web, web-legacy"), d.summary());
    }

    @Test
    void observe_fieldUnknownToClient_failsRatherThanHalfReading() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web-unknown-field.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json");

        ObserveResponse r = deployments.observe(observe("live/web"));

        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals("Client", d.code());
        assertTrue(d.detail().contains("workloadRefFromTheFuture"), d.detail());
        assertTrue(d.detail().contains("client-java"), d.detail());
    }

    // ------------------------------------------------------------------------------------------ scale-out

    @Test
    void apply_workloadWithHpa_raisesMinReplicasNotReplicas() {
        // given: HPA web min 2, max 10, resourceVersion 2002
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        // when
        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        // then
        assertEquals(ChangeStatus.APPLIED, r.status(), r.message() + " " + r.diagnostics());
        assertEquals(2, r.before());
        assertEquals(40, r.after());
        wm.verify(1, putRequestedFor(urlPathEqualTo(HPA_WEB))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.spec.minReplicas", equalTo("40")))
                .withRequestBody(matchingJsonPath("$.spec.maxReplicas", equalTo("40")))
                .withRequestBody(matchingJsonPath("$.metadata.resourceVersion", equalTo("2002")))
                .withRequestBody(matchingJsonPath("$.metadata.annotations['prescale.io/original']",
                        equalTo(ORIGINAL_2_10)))
                .withRequestBody(matchingJsonPath("$.metadata.annotations['prescale.io/plan-digest']",
                        equalTo(DIGEST))));
        wm.verify(0, putRequestedFor(urlPathMatching("/apis/apps/.*")));
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals("team-playback", sent.at("/metadata/annotations/owner").asText(), "other annotations kept");
        assertEquals(60, sent.at("/spec/metrics/0/resource/target/averageUtilization").asInt(), "metrics kept");
        assertEquals("Deployment", sent.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("2003", r.details().get("newResourceVersion"));
        assertEquals("2 -> 40", r.details().get("spec.minReplicas"));
        assertEquals("10 -> 40", r.details().get("spec.maxReplicas"));
    }

    @Test
    void apply_hpaMaxAboveTarget_keepsMax() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 8, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status());
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals(8, sent.at("/spec/minReplicas").asInt());
        assertEquals(10, sent.at("/spec/maxReplicas").asInt());
    }

    @Test
    void apply_workloadWithoutHpa_setsReplicasAndSavesOriginal() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json");
        wm.stubFor(putting(DEPLOYMENT_WEB).willReturn(object("deployment-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 4, 40, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.message() + " " + r.diagnostics());
        assertEquals(4, r.before());
        assertEquals(40, r.after());
        wm.verify(1, putRequestedFor(urlPathEqualTo(DEPLOYMENT_WEB))
                .withRequestBody(matchingJsonPath("$.spec.replicas", equalTo("40")))
                .withRequestBody(matchingJsonPath("$.metadata.resourceVersion", equalTo("1001")))
                .withRequestBody(matchingJsonPath("$.metadata.annotations['prescale.io/original']",
                        equalTo("{\"replicas\":4}"))));
        wm.verify(0, putRequestedFor(urlPathMatching("/apis/autoscaling/.*")));
        JsonNode sent = onlyPutBody(wm, DEPLOYMENT_WEB);
        // the replace sends back every other field as read
        assertEquals("registry.example.com/playback/web:1.42.0",
                sent.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("500m", sent.at("/spec/template/spec/containers/0/resources/requests/cpu").asText());
        assertEquals("25%", sent.at("/spec/strategy/rollingUpdate/maxSurge").asText());
        assertEquals("7", sent.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText());
    }

    @Test
    void apply_secondScaleOut_keepsTheFirstOriginal() {
        // given: already pre-scaled to 40 from min 2 / max 10
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 40, 80, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status());
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals(80, sent.at("/spec/minReplicas").asInt());
        assertEquals(80, sent.at("/spec/maxReplicas").asInt());
        assertEquals(ORIGINAL_2_10, sent.at("/metadata/annotations/prescale.io~1original").asText(),
                "saved once, by the first pre-scale");
        assertEquals(DIGEST, sent.at("/metadata/annotations/prescale.io~1plan-digest").asText());
        assertEquals("2050", sent.at("/metadata/resourceVersion").asText());
    }

    @Test
    void apply_scaleOutAboveLayerMax_refusesWithoutCallingTheApi() {
        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 500, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals("OutOfBounds", d.code());
        assertEquals("size increase too large - desired:500 max:400", d.summary());
        assertTrue(wm.getAllServeEvents().isEmpty(), "no request sent");
    }

    // ------------------------------------------------------------------------------------------ scale-in

    @Test
    void apply_scaleInAfterPrescale_restoresOriginalExactlyAndRemovesAnnotations() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 2, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status(), r.message() + " " + r.diagnostics());
        assertEquals(40, r.before());
        assertEquals(2, r.after());
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals(2, sent.at("/spec/minReplicas").asInt());
        assertEquals(10, sent.at("/spec/maxReplicas").asInt());
        assertEquals("2050", sent.at("/metadata/resourceVersion").asText());
        JsonNode annotations = sent.at("/metadata/annotations");
        assertTrue(annotations.path("prescale.io/original").isMissingNode(), annotations.toString());
        assertTrue(annotations.path("prescale.io/plan-digest").isMissingNode(), annotations.toString());
        assertEquals("team-playback", annotations.path("owner").asText());
        assertTrue(r.message().contains("original restored"), r.message());
    }

    @Test
    void apply_scaleInWithoutHpaAfterPrescale_restoresOriginalReplicas() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web-prescaled.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json");
        wm.stubFor(putting(DEPLOYMENT_WEB).willReturn(object("deployment-web.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 4, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status());
        JsonNode sent = onlyPutBody(wm, DEPLOYMENT_WEB);
        assertEquals(4, sent.at("/spec/replicas").asInt());
        assertEquals("1050", sent.at("/metadata/resourceVersion").asText());
        assertTrue(sent.at("/metadata/annotations").path("prescale.io/original").isMissingNode());
        assertEquals("7", sent.at("/metadata/annotations").path("deployment.kubernetes.io/revision").asText());
    }

    @Test
    void apply_intermediateScaleIn_keepsOriginalForTheLastStep() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled.json"); // min 40 (original 2/10), the HPA wants fewer
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 20, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status());
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals(20, sent.at("/spec/minReplicas").asInt());
        assertEquals(40, sent.at("/spec/maxReplicas").asInt());
        assertEquals(ORIGINAL_2_10, sent.at("/metadata/annotations/prescale.io~1original").asText());
        assertEquals(DIGEST, sent.at("/metadata/annotations/prescale.io~1plan-digest").asText());
    }

    @Test
    void apply_intermediateScaleInWhileHpaWantsMore_neverBelowHpaDesiredReplicas() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled-busy.json"); // min 40, the HPA wants 52

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 20, 2, 400));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.message());
        assertTrue(r.message().contains("desired replicas 52"), r.message());
        assertOnlyReads(wm);
    }

    @Test
    void apply_restoreWhileHpaWantsMoreThanOriginalMax_isHeld() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-prescaled-busy.json"); // the HPA wants 52; original max is 10

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 2, 2, 400));

        assertEquals(ChangeStatus.SKIPPED, r.status(), r.message());
        assertEquals(40, r.after());
        assertTrue(only(r.diagnostics()).summary().contains("the HPA wants 52 replicas"), r.message());
        assertOnlyReads(wm);
    }

    @Test
    void apply_scaleInWithoutAnnotation_neverBelowHpaDesiredReplicas() {
        // given: min raised by hand to 20 (no prescale annotation), and the HPA wants 20
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-raised-by-hand.json");

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 20, 3, 2, 400));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.message());
        assertTrue(r.message().contains("not lowered below the HPA's desired replicas 20"), r.message());
        assertOnlyReads(wm);
    }

    @Test
    void apply_scaleInWithoutAnnotationWhenHpaWantsFewer_setsMinToTarget() {
        // given: min raised by hand to 20; the HPA's own wish is below it (ScalingLimited/TooFewReplicas)
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web-raised-by-hand-idle.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 20, 3, 2, 400));

        assertEquals(ChangeStatus.APPLIED, r.status());
        assertEquals(3, r.after());
        JsonNode sent = onlyPutBody(wm, HPA_WEB);
        assertEquals(3, sent.at("/spec/minReplicas").asInt());
        assertEquals(60, sent.at("/spec/maxReplicas").asInt());
        assertTrue(sent.at("/metadata/annotations").path("prescale.io/original").isMissingNode());
    }

    // ------------------------------------------------------------------------------------------ idempotence

    static Stream<Arguments> alreadyThere() {
        return Stream.of(
                Arguments.of("HPA min already at the scale-out target", "hpa-list-web-prescaled.json",
                        "deployment-web.json", Action.SCALE_OUT, 40),
                Arguments.of("HPA min already above the scale-out target", "hpa-list-web-prescaled.json",
                        "deployment-web.json", Action.SCALE_OUT, 30),
                Arguments.of("HPA min already at the scale-in target", "hpa-list-web.json",
                        "deployment-web.json", Action.SCALE_IN, 2),
                Arguments.of("HPA min at the HPA's desired replicas (floor)", "hpa-list-web.json",
                        "deployment-web.json", Action.SCALE_IN, 1),
                Arguments.of("replicas already at the scale-out target", "hpa-list-without-web.json",
                        "deployment-web-prescaled.json", Action.SCALE_OUT, 40),
                Arguments.of("replicas already at the scale-in target", "hpa-list-without-web.json",
                        "deployment-web.json", Action.SCALE_IN, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alreadyThere")
    void apply_alreadyAtTarget_isUnchangedAndSendsNoMutation(String name, String hpas, String deployment,
                                                             Action action, int to) {
        serve(wm, DEPLOYMENT_WEB, deployment);
        serve(wm, HPAS_LIVE, hpas);

        ChangeResponse r = deployments.apply(change("live/web", action, 0, to, 1, 400));

        assertEquals(ChangeStatus.UNCHANGED, r.status(), r.message());
        assertEquals(r.before(), r.after());
        assertOnlyReads(wm);
    }

    @Test
    void apply_rerunAfterSuccess_sendsNoSecondMutation() {
        // given: the API server's state moves from "as found" to "pre-scaled" when the PUT lands
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        wm.stubFor(getting(HPAS_LIVE).inScenario("rerun").whenScenarioStateIs(STARTED)
                .willReturn(object("hpa-list-web.json")));
        wm.stubFor(putting(HPA_WEB).inScenario("rerun").whenScenarioStateIs(STARTED)
                .willReturn(object("hpa-web-stored.json")).willSetStateTo("prescaled"));
        wm.stubFor(getting(HPAS_LIVE).inScenario("rerun").whenScenarioStateIs("prescaled")
                .willReturn(object("hpa-list-web-prescaled.json")));

        // when
        ChangeResponse first = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));
        ChangeResponse second = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        // then
        assertEquals(ChangeStatus.APPLIED, first.status());
        assertEquals(ChangeStatus.UNCHANGED, second.status());
        wm.verify(1, putRequestedFor(anyUrl()));
    }

    // ------------------------------------------------------------------------------------------ errors

    @Test
    void apply_concurrentChange_conflictIsReportedNotOverwritten() {
        // given: someone changes the HPA between our read and our write
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        wm.stubFor(getting(HPAS_LIVE).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(object("hpa-list-web.json")));
        wm.stubFor(putting(HPA_WEB).inScenario("race").whenScenarioStateIs(STARTED)
                .willReturn(status(409, "status-conflict.json")).willSetStateTo("changed"));
        wm.stubFor(getting(HPAS_LIVE).inScenario("race").whenScenarioStateIs("changed")
                .willReturn(object("hpa-list-web-changed.json")));

        // when
        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        // then
        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals(2, r.after(), "nothing changed by us");
        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals(ApiErrors.CONFLICT, d.code());
        assertTrue(d.summary().contains("not overwritten"), d.summary());
        assertTrue(d.detail().contains("the object has been modified"), d.detail());
        wm.verify(1, putRequestedFor(urlPathEqualTo(HPA_WEB))
                .withRequestBody(matchingJsonPath("$.metadata.resourceVersion", equalTo("2002"))));
        assertEquals("2009", r.details().get("current resourceVersion"), "the other writer's state is reported");
        assertEquals("6", r.details().get("current spec.minReplicas"));
    }

    @Test
    void apply_invalidObject_reportsTheValidationMessage() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(status(422, "status-invalid.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals(ApiErrors.INVALID, d.code());
        assertTrue(d.detail().contains("metadata.annotations: Too long"), d.detail());
        wm.verify(1, putRequestedFor(anyUrl()));
    }

    @Test
    void apply_missingWorkload_reportsNotFoundAndSendsNoWrite() {
        wm.stubFor(getting(DEPLOYMENT_WEB).willReturn(status(404, "status-deployment-not-found.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals(ApiErrors.NOT_FOUND, only(r.diagnostics()).code());
        assertOnlyReads(wm);
    }

    @Test
    void apply_workloadDeletedBeforeWrite_reportsNotFound() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json");
        wm.stubFor(putting(DEPLOYMENT_WEB).willReturn(status(404, "status-deployment-not-found.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 4, 40, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals(ApiErrors.NOT_FOUND, d.code());
        assertTrue(d.summary().contains("PUT " + DEPLOYMENT_WEB), d.summary());
    }

    @Test
    void apply_forbidden_hintsAtTheMissingRbacRule() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(status(403, "status-forbidden.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        ProviderDiagnostic d = only(r.diagnostics());
        assertEquals(ApiErrors.FORBIDDEN, d.code());
        assertTrue(d.detail().contains("cannot update resource \"horizontalpodautoscalers\""), d.detail());
        assertTrue(d.detail().contains("RBAC verb 'update' on horizontalpodautoscalers in API group 'autoscaling'"),
                d.detail());
        assertTrue(d.detail().contains("examples/deploy/kubernetes/rbac.yaml"), d.detail());
    }

    @Test
    void apply_serverUnavailableOnWrite_isNotRetried() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(status(503, "status-service-unavailable.json")));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("ServiceUnavailable", only(r.diagnostics()).code());
        wm.verify(1, putRequestedFor(anyUrl())); // a lost response may hide a stored write: never blindly re-sent
    }

    @Test
    void observe_throttled_retriesTheRead() {
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(getting(DEPLOYMENT_WEB).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(status(429, "status-too-many-requests.json").withHeader("Retry-After", "1"))
                .willSetStateTo("calm"));
        wm.stubFor(getting(DEPLOYMENT_WEB).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(object("deployment-web.json")));

        ObserveResponse r = deployments.observe(observe("live/web"));

        assertEquals(2, r.observation().orElseThrow(() -> new AssertionError(r.diagnostics())).units());
        wm.verify(2, getRequestedFor(urlPathEqualTo(DEPLOYMENT_WEB)));
    }

    @Test
    void observe_slowApiServer_failsAtTheDeadline() {
        ProviderConfig quick = KubernetesWire.config(Duration.ofMillis(300), 1);
        WorkloadProvider p = KubernetesWire.provider(wm, WorkloadKind.DEPLOYMENT, quick);
        wm.stubFor(getting(DEPLOYMENT_WEB).willReturn(object("deployment-web.json").withFixedDelay(3000)));

        long start = System.nanoTime();
        ObserveResponse r = p.observe(observe("live/web"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        p.close();

        assertEquals(ApiErrors.TIMEOUT, only(r.diagnostics()).code());
        assertTrue(millis < 2500, "took " + millis + " ms");
    }

    @Test
    void apply_unreadableOriginalAnnotation_refusesToGuess() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        wm.stubFor(getting(HPAS_LIVE).willReturn(object("hpa-list-web-prescaled.json")
                .withBody(KubernetesWire.fixture("hpa-list-web-prescaled.json")
                        .replace("{\\\"minReplicas\\\":2,\\\"maxReplicas\\\":10}", "two"))));

        ChangeResponse r = deployments.apply(change("live/web", Action.SCALE_IN, 40, 2, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("InvalidAnnotation", only(r.diagnostics()).code());
        assertOnlyReads(wm);
    }

    // ------------------------------------------------------------------------------------------ dry run

    @Test
    void apply_dryRunWithHpa_sendsNoMutatingRequest() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(dryRun(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400), Map.of()));

        assertEquals(ChangeStatus.DRY_RUN, r.status());
        assertEquals(2, r.before());
        assertEquals(40, r.after());
        assertEquals("2 -> 40", r.details().get("spec.minReplicas"));
        assertEquals("10 -> 40", r.details().get("spec.maxReplicas"));
        assertEquals("(none) -> " + ORIGINAL_2_10, r.details().get("metadata.annotations.prescale.io/original"));
        assertEquals("PUT " + HPA_WEB, r.details().get("request"));
        assertOnlyReads(wm);
    }

    @Test
    void apply_dryRunWithoutHpa_sendsNoMutatingRequest() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web-prescaled.json");
        serve(wm, HPAS_LIVE, "hpa-list-without-web.json");

        ChangeResponse r = deployments.apply(dryRun(change("live/web", Action.SCALE_IN, 40, 4, 2, 400), Map.of()));

        assertEquals(ChangeStatus.DRY_RUN, r.status());
        assertEquals("40 -> 4", r.details().get("spec.replicas"));
        assertEquals("{\"replicas\":4} -> (removed)", r.details().get("metadata.annotations.prescale.io/original"));
        assertOnlyReads(wm);
    }

    @Test
    void apply_serverDryRunSetting_sendsTheWriteWithDryRunAll() {
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        wm.stubFor(putting(HPA_WEB).willReturn(object("hpa-web-stored.json")));

        ChangeResponse r = deployments.apply(dryRun(change("live/web", Action.SCALE_OUT, 2, 40, 2, 400),
                Map.of(WorkloadProvider.SERVER_DRY_RUN, "true")));

        assertEquals(ChangeStatus.DRY_RUN, r.status(), r.message() + " " + r.diagnostics());
        wm.verify(1, putRequestedFor(urlPathEqualTo(HPA_WEB)).withQueryParam("dryRun", equalTo("All"))
                .withRequestBody(matchingJsonPath("$.spec.minReplicas", equalTo("40"))));
        wm.verify(0, putRequestedFor(anyUrl()).withQueryParam("dryRun", absent()));
    }

    // ------------------------------------------------------------------------------------------ StatefulSet

    @Test
    void apply_statefulSetWithoutHpa_setsReplicasOnTheStatefulSet() {
        WorkloadProvider statefulSets = KubernetesWire.provider(wm, WorkloadKind.STATEFUL_SET, config);
        serve(wm, STATEFULSET_KAFKA, "statefulset-kafka.json");
        serve(wm, HPAS_DATA, "hpa-list-empty.json");
        wm.stubFor(putting(STATEFULSET_KAFKA).willReturn(object("statefulset-kafka-stored.json")));

        ChangeResponse r = statefulSets.apply(new ChangeRequest(
                new Change("kafka", "k8s-statefulset", "data/kafka", Action.SCALE_OUT, NOW, NOW, 3, 9, "brokers",
                        List.of("final"), "kickoff"),
                new Target(WorkloadKind.STATEFUL_SET.target(), "data/kafka", Map.of()), 3, 12, DIGEST, false, null));
        statefulSets.close();

        assertEquals(ChangeStatus.APPLIED, r.status(), r.message() + " " + r.diagnostics());
        wm.verify(1, putRequestedFor(urlPathEqualTo(STATEFULSET_KAFKA))
                .withRequestBody(matchingJsonPath("$.kind", equalTo("StatefulSet")))
                .withRequestBody(matchingJsonPath("$.spec.replicas", equalTo("9")))
                .withRequestBody(matchingJsonPath("$.metadata.resourceVersion", equalTo("3001")))
                .withRequestBody(matchingJsonPath("$.metadata.annotations['prescale.io/original']",
                        equalTo("{\"replicas\":3}"))));
        JsonNode sent = onlyPutBody(wm, STATEFULSET_KAFKA);
        assertEquals("100Gi", sent.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText());
        assertEquals("3002", r.details().get("newResourceVersion"));
    }

    @Test
    void observe_statefulSet_ignoresHpaOfDeploymentWithSameName() {
        WorkloadProvider statefulSets = KubernetesWire.provider(wm, WorkloadKind.STATEFUL_SET, config);
        serve(wm, "/apis/apps/v1/namespaces/live/statefulsets/web", "statefulset-kafka.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json"); // "web" scales Deployment web, "web-cache" StatefulSet web

        ObserveResponse r = statefulSets.observe(new ObserveRequest("cache",
                new Target(WorkloadKind.STATEFUL_SET.target(), "live/web", Map.of()), null));
        statefulSets.close();

        Observation o = r.observation().orElseThrow(() -> new AssertionError(r.diagnostics()));
        assertEquals("web-cache", o.details().get("hpa"));
        assertEquals(3, o.units());
    }

    // ------------------------------------------------------------------------------------------ not for us

    @Test
    void apply_prewarm_isSkippedWithoutCallingTheApi() {
        ChangeResponse r = deployments.apply(change("live/web", Action.PREWARM, 2, 40, 2, 400));

        assertEquals(ChangeStatus.SKIPPED, r.status());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    @Test
    void apply_invalidTargetName_failsWithoutCallingTheApi() {
        ChangeResponse r = deployments.apply(change("live/../secrets", Action.SCALE_OUT, 2, 40, 2, 400));

        assertEquals(ChangeStatus.FAILED, r.status());
        assertEquals("InvalidName", only(r.diagnostics()).code());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static ObserveRequest observe(String name) {
        return new ObserveRequest("web", new Target(WorkloadKind.DEPLOYMENT.target(), name, Map.of()), null);
    }

    private static ChangeRequest change(String name, Action action, int from, int to, int layerMin, int layerMax) {
        Change c = new Change("web", "k8s-deployment", name, action, NOW, NOW.plusSeconds(900), from, to, "pods",
                List.of("final-2025"), "kickoff 19:00Z, warm-up 15m");
        return new ChangeRequest(c, new Target(WorkloadKind.DEPLOYMENT.target(), name, Map.of()), layerMin, layerMax,
                DIGEST, false, null);
    }

    private static ChangeRequest dryRun(ChangeRequest r, Map<String, String> settings) {
        return new ChangeRequest(r.change(), new Target(r.target().type(), r.target().name(), settings),
                r.layerMin(), r.layerMax(), r.planDigest(), true, r.timeout());
    }

    private static ProviderDiagnostic only(List<ProviderDiagnostic> ds) {
        assertEquals(1, ds.size(), ds.toString());
        return ds.get(0);
    }
}
