package io.prescale.providers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.openapi.ApiException;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Karpenter NodePool pre-scaled against the Fabric8 Kubernetes mock server in CRUD mode, the NodePool served as
 * the custom resource it is (karpenter.sh/v1, cluster-scoped) from Karpenter's own JSON shape, driven by the official
 * client: the limits raised and read back, placeholders pinned to the pool, the original limits restored exactly.
 */
class KarpenterNodePoolProviderTest {
    static final Target TARGET = new Target(KubernetesTargets.KARPENTER_NODEPOOL, "ad-server", Map.of(
            KarpenterNodePoolProvider.NODE_CPU, "8", KarpenterNodePoolProvider.NODE_MEMORY, "16Gi",
            PlaceholderProvider.POD_CPU, "7410m", PlaceholderProvider.POD_MEMORY, "13Gi",
            PlaceholderProvider.BASE_NODES, "6"));
    static final Instant AT = Instant.parse("2027-05-30T13:48:00Z");

    CrudCluster k8s;
    KarpenterNodePoolProvider provider;

    @BeforeEach
    void start() {
        k8s = new CrudCluster(CrudCluster.NODE_POOLS);
        ProviderConfig config = KubernetesWire.config(Duration.ofSeconds(10), 2);
        provider = new KarpenterNodePoolProvider(config, context -> k8s.client(config));
    }

    @AfterEach
    void stop() {
        provider.close();
        k8s.close();
    }

    void seed(String fixture, java.util.function.UnaryOperator<String> edit) {
        try (InputStream in = getClass().getResourceAsStream("/k8s/karpenter/" + fixture)) {
            String json = edit.apply(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            k8s.cluster.genericKubernetesResources(CrudCluster.NODE_POOLS)
                    .resource(Serialization.unmarshal(json, GenericKubernetesResource.class)).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GenericKubernetesResource nodePool() {
        return k8s.cluster.genericKubernetesResources(CrudCluster.NODE_POOLS).withName("ad-server").get();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> limits() {
        return (Map<String, Object>) ((Map<String, Object>) nodePool().getAdditionalProperties().get("spec"))
                .get("limits");
    }

    String original() {
        Map<String, String> a = nodePool().getMetadata().getAnnotations();
        return a == null ? null : a.get("prescale.io/original");
    }

    Deployment placeholders() {
        return k8s.cluster.apps().deployments().inNamespace("default").withName("ad-server-placeholder").get();
    }

    static ChangeRequest change(Action a, int from, int to, boolean dryRun) {
        return change(TARGET, a, from, to, dryRun);
    }

    static ChangeRequest change(Target t, Action a, int from, int to, boolean dryRun) {
        return new ChangeRequest(new Change("ad-nodes", KarpenterNodePoolProvider.TYPE, "ad-server", a, AT, AT, from,
                to, "nodes", List.of("FINAL"), "test"), t, 6, 40, "sha256:plan", dryRun, Duration.ofSeconds(10));
    }

    int observed() {
        ObserveResponse r = provider.observe(new ObserveRequest("ad-nodes", TARGET, Duration.ofSeconds(10)));
        return r.observation().orElseThrow(() -> new AssertionError(r.diagnostics())).units();
    }

    @Test
    void apply_scaleOutThenUpThenIn_raisesTheLimitsHoldsTheNodesAndRestoresTheOriginal() {
        seed("nodepool-ad-server.json", s -> s);

        // when: the pool is raised from its 6 nodes to 26 (8 cpu and 16Gi each: 208 cpu, 416Gi)
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));

        // then: the limits hold 26 nodes, the original is kept, and 20 placeholders are pinned to the pool
        assertEquals(ChangeStatus.APPLIED, out.status(), out.toString());
        assertEquals(26, out.after());
        assertEquals("208", String.valueOf(limits().get("cpu")));
        assertEquals("416Gi", limits().get("memory"));
        assertEquals("{\"limits\":{\"cpu\":160,\"memory\":\"320Gi\"}}", original());
        assertEquals("sha256:plan", nodePool().getMetadata().getAnnotations().get("prescale.io/plan-digest"));
        assertEquals("cpu 160, memory 320Gi -> cpu 208, memory 416Gi", out.details().get("nodePoolLimits"));
        assertEquals("cpu 208, memory 416Gi", out.details().get("nodePoolReadBack"));
        Deployment d = placeholders();
        assertNotNull(d, "placeholder Deployment created");
        assertEquals(20, d.getSpec().getReplicas());
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("karpenter.sh/nodepool", "ad-server"), pod.getNodeSelector());
        Toleration t = pod.getTolerations().get(0);
        assertEquals(List.of("workload", "Equal", "ad-server", "NoSchedule"),
                List.of(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
        assertEquals("ad-server-placeholder", pod.getPriorityClassName());
        assertEquals("7410m", pod.getContainers().get(0).getResources().getRequests().get("cpu").toString());
        // the rest of the NodePool is as Karpenter wrote it
        assertEquals("ad-server", nodePool().getMetadata().getName());
        assertTrue(Serialization.asJson(nodePool()).contains("\"consolidationPolicy\":\"WhenEmptyOrUnderutilized\""));
        assertEquals(26, observed());

        // when: raised again, the original recorded first is kept
        ChangeResponse more = provider.apply(change(Action.SCALE_OUT, 26, 30, false));
        assertEquals(ChangeStatus.APPLIED, more.status(), more.toString());
        assertEquals("240", String.valueOf(limits().get("cpu")));
        assertEquals("{\"limits\":{\"cpu\":160,\"memory\":\"320Gi\"}}", original());

        // when: down to 22, the limits stay where 22 nodes need them (above the original)
        ChangeResponse part = provider.apply(change(Action.SCALE_IN, 30, 22, false));
        assertEquals(ChangeStatus.APPLIED, part.status(), part.toString());
        assertEquals(16, placeholders().getSpec().getReplicas());
        assertEquals("176", String.valueOf(limits().get("cpu")));
        assertEquals("352Gi", limits().get("memory"));
        assertNotNull(original());

        // when: released to the pool's own nodes, the placeholders go and the original limits come back exactly
        ChangeResponse in = provider.apply(change(Action.SCALE_IN, 22, 6, false));
        assertEquals(ChangeStatus.APPLIED, in.status(), in.toString());
        assertNull(placeholders(), "placeholders removed");
        assertEquals(160, ((Number) limits().get("cpu")).intValue(), "cpu restored as the integer it was");
        assertEquals("320Gi", limits().get("memory"));
        assertNull(original(), "original annotation removed");
        assertTrue(in.message().contains("(original restored)"), in.message());
        assertEquals(6, observed());
    }

    @Test
    void apply_limitsAlreadyHoldTheNodes_onlyPlaceholders() {
        seed("nodepool-ad-server.json", s -> s.replace("\"cpu\": 160, \"memory\": \"320Gi\"",
                "\"cpu\": \"1000\", \"memory\": \"4Ti\""));

        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));

        assertEquals(ChangeStatus.APPLIED, out.status(), out.toString());
        assertTrue(out.message().startsWith("limits cpu 1000, memory 4Ti already hold 26 nodes"), out.message());
        assertNull(original(), "nothing raised, nothing to restore");
        assertEquals(20, placeholders().getSpec().getReplicas());
        ChangeResponse in = provider.apply(change(Action.SCALE_IN, 26, 6, false));
        assertEquals(ChangeStatus.APPLIED, in.status(), in.toString());
        assertEquals("1000", limits().get("cpu"));
    }

    @Test
    void apply_nodePoolWithoutLimits_saysThereIsNothingToRaise() {
        seed("nodepool-ad-server.json", s -> s.replace("\"limits\": {\"cpu\": 160, \"memory\": \"320Gi\"},", ""));

        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));

        assertEquals(ChangeStatus.APPLIED, out.status(), out.toString());
        assertTrue(out.message().contains("NodePool ad-server has no cpu or memory limit (none): nothing to raise"),
                out.message());
        ProviderDiagnostic w = out.diagnostics().get(0);
        assertEquals(io.prescale.planner.diag.Severity.WARNING, w.severity());
        assertTrue(w.detail().contains("Karpenter may provision this pool without bound"), w.detail());
        assertNull(limits(), "no limits written");
        assertNull(original());
        assertEquals(20, placeholders().getSpec().getReplicas());
    }

    @Test
    void apply_nodePoolMissing_failsThatResourceAndCreatesNoPlaceholders() {
        // when: no NodePool ad-server in the cluster
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));
        ObserveResponse seen = provider.observe(new ObserveRequest("ad-nodes", TARGET, Duration.ofSeconds(10)));

        // then
        assertEquals(ChangeStatus.FAILED, out.status());
        ProviderDiagnostic d = out.diagnostics().get(0);
        assertEquals("NodePool ad-server not found (GET /apis/karpenter.sh/v1/nodepools/ad-server)", d.summary());
        assertEquals("NotFound", d.code());
        assertNull(placeholders(), "no placeholders for a pool that is not there");
        assertTrue(seen.observation().isEmpty());
        assertEquals("NotFound", seen.diagnostics().get(0).code());
    }

    @Test
    void apply_dryRun_sendsNoWrite() {
        seed("nodepool-ad-server.json", s -> s);

        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, true));

        assertEquals(ChangeStatus.DRY_RUN, out.status(), out.toString());
        assertTrue(out.details().get("nodePoolRequest").startsWith("PUT /apis/karpenter.sh/v1/nodepools/ad-server"),
                out.details().toString());
        assertEquals(160, ((Number) limits().get("cpu")).intValue());
        assertNull(original());
        assertNull(placeholders());
    }

    @Test
    void apply_writeNotInEffect_failedAndNoPlaceholders() {
        // given: an API that answers the PUT but keeps nothing (a webhook or a GitOps controller reverting it)
        seed("nodepool-ad-server.json", s -> s);
        ProviderConfig config = KubernetesWire.config(Duration.ofSeconds(10), 2);
        provider.close();
        provider = new KarpenterNodePoolProvider(config, context -> new Forgetful(k8s.client(config)));

        // when
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));

        // then
        assertEquals(ChangeStatus.FAILED, out.status(), out.toString());
        assertTrue(out.message().contains("reads limits cpu 160, memory 320Gi without the original recorded: not in"
                + " effect"), out.message());
        assertEquals("NotInEffect", out.diagnostics().get(0).code());
        assertNull(placeholders());
    }

    @Test
    void apply_carriedPodsRequestOtherThanPlanned_limitsAndPlaceholdersUntouched() {
        // given: the plan assumed pods of 1500m and 2Gi; the processors' Deployment asks 2 cpu
        seed("nodepool-ad-server.json", s -> s);
        k8s.cluster.apps().deployments().inNamespace("ads").resource(new io.fabric8.kubernetes.api.model.apps
                .DeploymentBuilder().withNewMetadata().withName("ad-server").withNamespace("ads").endMetadata()
                .withNewSpec().withReplicas(30).withNewSelector().addToMatchLabels("app", "ad-server").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "ad-server").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("ad-server:1").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        Map<String, String> s = new java.util.HashMap<>(TARGET.settings());
        s.putAll(Map.of(CarriedWorkload.WORKLOAD, "ads/ad-server", CarriedWorkload.CARRIED_CPU, "1500m",
                CarriedWorkload.CARRIED_MEMORY, "2Gi"));

        // when
        ChangeResponse out = provider.apply(change(new Target(KubernetesTargets.KARPENTER_NODEPOOL, "ad-server", s),
                Action.SCALE_OUT, 6, 26, false));

        // then: a node leaves 7410m and 13Gi: 3 pods of 2 cpu, not 4 of 1500m as planned
        assertEquals(ChangeStatus.FAILED, out.status(), out.toString());
        assertEquals("RequestsDrift", out.diagnostics().get(0).code());
        assertTrue(out.diagnostics().get(0).detail().startsWith("a node holds 3 of them, not 4 as planned"),
                out.diagnostics().get(0).detail());
        assertEquals(160, ((Number) limits().get("cpu")).intValue());
        assertNull(original());
        assertNull(placeholders());
    }

    @Test
    void apply_aboveTheLayersMax_refusedBeforeAnyCall() {
        ChangeResponse r = provider.apply(change(Action.SCALE_OUT, 6, 41, false));
        assertEquals(ChangeStatus.FAILED, r.status());
        assertTrue(r.message().contains("size increase too large - desired:41 max:40"), r.message());
    }

    @Test
    void apply_nodePoolChangedSinceRead_conflictNotOverwritten() {
        // given: someone raises the cpu limit by hand between prescale's read and its write
        seed("nodepool-ad-server.json", s -> s);
        ProviderConfig config = KubernetesWire.config(Duration.ofSeconds(10), 2);
        provider.close();
        provider = new KarpenterNodePoolProvider(config, context -> new Forgetful(k8s.client(config), np -> {
            GenericKubernetesResource r = nodePool();
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> limits = (Map<String, Object>) spec.get("limits");
            limits.put("cpu", "500");
            k8s.cluster.genericKubernetesResources(CrudCluster.NODE_POOLS).resource(r).update();
            return np;
        }));

        // when
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 6, 26, false));

        // then: the API server's 409, reported as such; their 500 stands, no placeholders
        assertEquals(ChangeStatus.FAILED, out.status(), out.toString());
        assertEquals("Conflict", out.diagnostics().get(0).code(), out.diagnostics().toString());
        assertEquals("500", String.valueOf(limits().get("cpu")));
        assertNull(original());
        assertNull(placeholders());
    }

    /** The real client; a NodePool replace goes through {@code beforeWrite} and, if it answers null, is dropped. */
    record Forgetful(ClientJavaKubernetesApi real, java.util.function.UnaryOperator<JsonObject> beforeWrite)
            implements NodePoolApi {
        Forgetful(ClientJavaKubernetesApi real) {
            this(real, np -> null);
        }

        @Override
        public JsonObject readNodePool(String name) throws ApiException {
            return real.readNodePool(name);
        }

        @Override
        public JsonObject replaceNodePool(JsonObject nodePool) throws ApiException {
            JsonObject next = beforeWrite.apply(nodePool);
            return next == null ? nodePool : real.replaceNodePool(next);
        }

        @Override
        public io.kubernetes.client.openapi.models.V1Deployment readDeployment(String ns, String name)
                throws ApiException {
            return real.readDeployment(ns, name);
        }

        @Override
        public io.kubernetes.client.openapi.models.V1Deployment createDeployment(
                io.kubernetes.client.openapi.models.V1Deployment d) throws ApiException {
            return real.createDeployment(d);
        }

        @Override
        public io.kubernetes.client.openapi.models.V1Deployment replaceDeployment(
                io.kubernetes.client.openapi.models.V1Deployment d, boolean dryRun) throws ApiException {
            return real.replaceDeployment(d, dryRun);
        }

        @Override
        public void deleteDeployment(String ns, String name) throws ApiException {
            real.deleteDeployment(ns, name);
        }

        @Override
        public io.kubernetes.client.openapi.models.V1PriorityClass readPriorityClass(String name)
                throws ApiException {
            return real.readPriorityClass(name);
        }

        @Override
        public io.kubernetes.client.openapi.models.V1PriorityClass createPriorityClass(
                io.kubernetes.client.openapi.models.V1PriorityClass pc) throws ApiException {
            return real.createPriorityClass(pc);
        }

        @Override
        public void deletePriorityClass(String name) throws ApiException {
            real.deletePriorityClass(name);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- load

    /** The overprovisioning test's node pool (nodes of 3920m and 14Gi allocatable, max 60), grown by Karpenter. */
    static final String SCENARIO = PlaceholderProviderTest.NODE_POOL.replace(
            "target: {type: k8s-overprovisioning, name: overprovisioning/web-nodes}",
            "target: {type: k8s-karpenter-nodepool, name: web, nodeCpu: \"4\", nodeMemory: 16Gi}");

    @TempDir
    Path dir;

    Scenario load(String yaml) throws IOException {
        return ScenarioFixture.load(dir, yaml);
    }

    List<String> errors(String yaml) {
        var e = assertThrows(InvalidInputException.class, () -> load(yaml));
        return e.diagnostics().stream().map(d -> d.location().field() + ": " + d.format()).toList();
    }

    @Test
    void load_karpenterTarget_derivesThePlaceholdersFromTheLayer() throws IOException {
        Map<String, String> s = load(SCENARIO).layer("web-nodes").orElseThrow().target().settings();
        assertEquals("3620m", s.get(PlaceholderProvider.POD_CPU));
        assertEquals("13736Mi", s.get(PlaceholderProvider.POD_MEMORY));
        assertEquals("3", s.get(PlaceholderProvider.BASE_NODES));
        assertEquals("default/web-placeholder", s.get(KarpenterNodePoolProvider.PLACEHOLDERS));
        assertEquals("web-placeholder", s.get(PlaceholderProvider.PRIORITY_CLASS));
    }

    @Test
    void load_nodeCapacityBelowAllocatable_errorAtTheSetting() {
        List<String> e = errors(SCENARIO.replace("nodeCpu: \"4\"", "nodeCpu: \"3\""));
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.nodeCpu: ")
                && x.contains("a node's cpu capacity 3 is below its allocatable 3920m")), e.toString());
    }

    @Test
    void load_cpuAndMemoryEachWrong_bothReported() {
        List<String> e = errors(SCENARIO.replace("nodeCpu: \"4\", nodeMemory: 16Gi}",
                "nodeCpu: \"3\", nodeMemory: 16Gi, maxMemory: 500Gi}"));
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.nodeCpu: ")
                && x.contains("a node's cpu capacity 3 is below its allocatable 3920m")), e.toString());
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.maxMemory: ") && x.contains(
                "the NodePool's memory limit cannot hold the layer's max: 60 nodes of 16Gi need 960Gi, above"
                        + " maxMemory 500Gi")), e.toString());
    }

    @Test
    void load_limitCapBelowTheLayersMax_errorAtTheSetting() {
        List<String> e = errors(SCENARIO.replace("nodeMemory: 16Gi}", "nodeMemory: 16Gi, maxCpu: \"200\"}"));
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.maxCpu: ") && x.contains(
                "the NodePool's cpu limit cannot hold the layer's max: 60 nodes of 4 cpu need 240, above maxCpu 200")),
                e.toString());
    }

    @Test
    void load_limitCapOnALayerWithoutMax_errorAtTheSettingNotAnOverflow() {
        // given: a memory cap, and no max on the layer (its nodes' memory times an int's max overflows a long)
        String yaml = SCENARIO.replace("nodeMemory: 16Gi}", "nodeMemory: 16Gi, maxCpu: \"200\", maxMemory: 800Gi}")
                .replaceFirst("\\n\\s*max: 60\\n", "\n");

        // when
        List<String> e = errors(yaml);

        // then: both caps reported with what the layer lacks, and how many nodes each holds
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.maxMemory: ") && x.contains(
                "the NodePool's memory limit cannot hold the layer's max: the layer gives none")
                && x.contains("at most 50 nodes of 16Gi for maxMemory 800Gi")), e.toString());
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.maxCpu: ")
                && x.contains("at most 50 nodes of 4 cpu for maxCpu 200")), e.toString());
    }

    @Test
    void load_limitCapBelowAHugeMax_errorAtTheSettingNotAnOverflow() {
        List<String> e = errors(SCENARIO.replace("nodeMemory: 16Gi}", "nodeMemory: 16Gi, maxMemory: 800Gi}")
                .replace("max: 60", "max: 2000000000"));
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.maxMemory: ") && x.contains(
                "2000000000 nodes of 16Gi need more than 800Gi, above maxMemory 800Gi")), e.toString());
    }

    @Test
    void load_placeholderLargerThanANode_errorAtTheSetting() {
        List<String> e = errors(SCENARIO.replace("nodeMemory: 16Gi}", "nodeMemory: 16Gi, podMemory: 20Gi}"));
        assertTrue(e.stream().anyMatch(x -> x.startsWith("layers[1].target.podMemory: ")
                && x.contains("more than a node of the pool has")), e.toString());
    }

    @Test
    void load_missingNodeCapacityOrUnknownKey_errorsAtTheTarget() {
        List<String> e = errors(SCENARIO.replace("nodeCpu: \"4\", nodeMemory: 16Gi}", "nodeCPU: \"4\"}"));
        assertTrue(e.stream().anyMatch(x -> x.contains("nodeCPU")), e.toString());
        assertTrue(e.stream().anyMatch(x -> x.contains("nodeCpu") && !x.contains("nodeCPU")), e.toString());
        assertTrue(e.stream().anyMatch(x -> x.contains("nodeMemory")), e.toString());
    }
}
