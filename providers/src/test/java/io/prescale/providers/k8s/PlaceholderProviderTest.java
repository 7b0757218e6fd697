package io.prescale.providers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prescale.planner.model.Target;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overprovisioning pattern against the Fabric8 Kubernetes mock server in CRUD mode (it stores what it is sent
 * and serves it back as real Kubernetes JSON), driven by the official client: the PriorityClass and the placeholder
 * Deployment are created, patched and removed, and a dry run leaves the cluster as it was.
 */
class PlaceholderProviderTest {
    static final String POOL = "overprovisioning/push-nodes";
    static final Target TARGET = new Target(KubernetesTargets.PLACEHOLDER, POOL, Map.of(
            PlaceholderProvider.POD_CPU, "3620m", PlaceholderProvider.POD_MEMORY, "13736Mi",
            PlaceholderProvider.BASE_NODES, "2", PlaceholderProvider.NODE_SELECTOR, "pool=push"));
    static final Instant AT = Instant.parse("2027-05-30T13:48:00Z");

    CrudCluster k8s;
    KubernetesClient cluster;
    PlaceholderProvider provider;

    @BeforeEach
    void start() {
        k8s = new CrudCluster();
        cluster = k8s.cluster;
        ProviderConfig config = KubernetesWire.config(Duration.ofSeconds(10), 2);
        provider = new PlaceholderProvider(config, context -> k8s.client(config));
    }

    @AfterEach
    void stop() {
        provider.close();
        k8s.close();
    }

    static ChangeRequest change(Action a, int from, int to, boolean dryRun) {
        return new ChangeRequest(new Change("push-nodes", PlaceholderProvider.TYPE, POOL, a, AT, AT, from, to, "nodes",
                List.of("FINAL"), "test"), TARGET, 2, 60, "sha256:plan", dryRun, Duration.ofSeconds(10));
    }

    Deployment deployment() {
        return cluster.apps().deployments().inNamespace("overprovisioning").withName("push-nodes").get();
    }

    PriorityClass priorityClass() {
        return cluster.scheduling().v1().priorityClasses().withName("push-nodes-placeholder").get();
    }

    @Test
    void apply_scaleOutThenUpThenIn_createsPatchesAndRemovesThePlaceholders() {
        // when: the node pool is raised from its 2 nodes to 22
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 2, 22, false));

        // then: a negative PriorityClass and 20 placeholders, each asking for what a node leaves free
        assertEquals(ChangeStatus.APPLIED, out.status(), out.toString());
        assertEquals(22, out.after());
        PriorityClass pc = priorityClass();
        assertNotNull(pc, "PriorityClass created");
        assertEquals(-10, pc.getValue());
        assertEquals("Never", pc.getPreemptionPolicy());
        assertEquals(Boolean.FALSE, pc.getGlobalDefault());
        Deployment d = deployment();
        assertNotNull(d, "Deployment created");
        assertEquals(20, d.getSpec().getReplicas());
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals("push-nodes-placeholder", pod.getPriorityClassName());
        assertEquals(Map.of("pool", "push"), pod.getNodeSelector());
        assertEquals("registry.k8s.io/pause:3.10", pod.getContainers().get(0).getImage());
        var requests = pod.getContainers().get(0).getResources().getRequests();
        assertEquals("3620m", requests.get("cpu").toString());
        assertEquals("13736Mi", requests.get("memory").toString());
        assertEquals("sha256:plan", d.getMetadata().getAnnotations().get("prescale.io/plan-digest"));

        // and: observed as the pool's 2 nodes plus one per placeholder
        Observation o = provider.observe(new ObserveRequest("push-nodes", TARGET, Duration.ofSeconds(10)))
                .observation().orElseThrow();
        assertEquals(22, o.units());

        // when: raised again, the Deployment is patched, the PriorityClass kept
        ChangeResponse more = provider.apply(change(Action.SCALE_OUT, 22, 30, false));
        assertEquals(ChangeStatus.APPLIED, more.status(), more.toString());
        assertEquals(28, deployment().getSpec().getReplicas());
        assertEquals(22, more.before());

        // when: released back to the pool's own nodes, both are removed
        ChangeResponse in = provider.apply(change(Action.SCALE_IN, 30, 2, false));
        assertEquals(ChangeStatus.APPLIED, in.status(), in.toString());
        assertEquals(2, in.after());
        assertNull(deployment(), "Deployment removed");
        assertNull(priorityClass(), "PriorityClass removed");
        assertEquals(2, provider.observe(new ObserveRequest("push-nodes", TARGET, Duration.ofSeconds(10)))
                .observation().orElseThrow().units());
    }

    @Test
    void apply_scaleInToAnIntermediateLevel_lowersThePlaceholders() {
        provider.apply(change(Action.SCALE_OUT, 2, 22, false));
        ChangeResponse in = provider.apply(change(Action.SCALE_IN, 22, 12, false));
        assertEquals(ChangeStatus.APPLIED, in.status(), in.toString());
        assertEquals(10, deployment().getSpec().getReplicas());
        assertNotNull(priorityClass());
    }

    @Test
    void apply_dryRun_createsNothing() {
        ChangeResponse out = provider.apply(change(Action.SCALE_OUT, 2, 22, true));
        assertEquals(ChangeStatus.DRY_RUN, out.status(), out.toString());
        assertTrue(out.details().get("requests").contains("POST /apis/apps/v1/namespaces/overprovisioning/deployments"),
                out.details().toString());
        assertNull(deployment());
        assertNull(priorityClass());
    }

    @Test
    void apply_scaleIn_keepsAPriorityClassPrescaleDidNotCreate() {
        // given: the cluster's own overprovisioning PriorityClass, named in the target
        cluster.scheduling().v1().priorityClasses().resource(new PriorityClassBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("overprovisioning").build()).withValue(-1).build())
                .create();
        Map<String, String> s = new java.util.HashMap<>(TARGET.settings());
        s.put(PlaceholderProvider.PRIORITY_CLASS, "overprovisioning");
        Target t = new Target(KubernetesTargets.PLACEHOLDER, POOL, s);
        ChangeRequest out = change(Action.SCALE_OUT, 2, 5, false);
        ChangeRequest in = change(Action.SCALE_IN, 5, 2, false);

        // when
        assertEquals(ChangeStatus.APPLIED, provider.apply(new ChangeRequest(out.change(), t, 2, 60, "", false,
                Duration.ofSeconds(10))).status());
        assertEquals(-1, cluster.scheduling().v1().priorityClasses().withName("overprovisioning").get().getValue());
        assertEquals(ChangeStatus.APPLIED, provider.apply(new ChangeRequest(in.change(), t, 2, 60, "", false,
                Duration.ofSeconds(10))).status());

        // then
        assertNull(deployment());
        assertNotNull(cluster.scheduling().v1().priorityClasses().withName("overprovisioning").get());
    }

    /** The carried pods' Deployment, its one container requesting {@code cpu} and {@code memory}. */
    void carried(String cpu, String memory) {
        cluster.apps().deployments().inNamespace("web").resource(new io.fabric8.kubernetes.api.model.apps
                .DeploymentBuilder().withNewMetadata().withName("web").withNamespace("web").endMetadata()
                .withNewSpec().withReplicas(10).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("web:1").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity(memory)).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    static ChangeRequest checking(ChangeRequest r) {
        Map<String, String> s = new java.util.HashMap<>(r.target().settings());
        s.put(CarriedWorkload.WORKLOAD, "web/web");
        s.put(CarriedWorkload.CARRIED_CPU, "500m");
        s.put(CarriedWorkload.CARRIED_MEMORY, "1Gi");
        return new ChangeRequest(r.change(), new Target(KubernetesTargets.PLACEHOLDER, POOL, s), r.layerMin(),
                r.layerMax(), r.planDigest(), r.dryRun(), r.timeout());
    }

    @Test
    void apply_carriedPodsRequestMoreThanPlanned_refusedBeforeAnyWrite() {
        // given: the plan assumed 500m and 1Gi a pod; the Deployment now asks 800m
        carried("800m", "1Gi");

        // when
        ChangeResponse r = provider.apply(checking(change(Action.SCALE_OUT, 2, 22, false)));

        // then: refused for this resource, nothing created
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        var d = r.diagnostics().get(0);
        assertEquals("RequestsDrift", d.code());
        assertEquals("the pods of web/web request cpu 800m, memory 1Gi, the plan assumed cpu 500m, memory 1Gi"
                + " (carries.requests)", d.summary());
        // a node leaves 3620m and 13736Mi: 4 pods of 800m, not 7 of 500m
        assertTrue(d.detail().startsWith("a node holds 4 of them, not 7 as planned"), d.detail());
        assertNull(deployment());
        assertNull(priorityClass());
    }

    @Test
    void apply_carriedPodsRequestAsPlanned_scalesOut() {
        carried("0.5", "1024Mi");
        ChangeResponse r = provider.apply(checking(change(Action.SCALE_OUT, 2, 22, false)));
        assertEquals(ChangeStatus.APPLIED, r.status(), r.toString());
        assertEquals(20, deployment().getSpec().getReplicas());
    }

    @Test
    void apply_carriedWorkloadMissing_refusedNotFound() {
        ChangeResponse r = provider.apply(checking(change(Action.SCALE_OUT, 2, 22, false)));
        assertEquals(ChangeStatus.FAILED, r.status(), r.toString());
        assertEquals("NotFound", r.diagnostics().get(0).code());
        assertTrue(r.diagnostics().get(0).summary().contains("GET /apis/apps/v1/namespaces/web/deployments/web"),
                r.diagnostics().get(0).summary());
        assertNull(deployment());
    }

    @Test
    void podRequests_initContainerLargerAndPodOverhead_asTheSchedulerReserves() {
        var pod = new io.kubernetes.client.openapi.models.V1PodSpec()
                .addContainersItem(container("app", "300m", "256Mi"))
                .addContainersItem(container("sidecar", "100m", "64Mi"))
                .addInitContainersItem(container("migrate", "1", "128Mi"))
                .putOverheadItem("cpu", new io.kubernetes.client.custom.Quantity("50m"));
        // cpu: max(300m + 100m, 1) + 50m overhead; memory: max(320Mi, 128Mi)
        assertEquals(new io.prescale.planner.model.Resources(1050, 320L << 20), CarriedWorkload.podRequests(pod));
    }

    static io.kubernetes.client.openapi.models.V1Container container(String name, String cpu, String memory) {
        return new io.kubernetes.client.openapi.models.V1Container().name(name).resources(
                new io.kubernetes.client.openapi.models.V1ResourceRequirements()
                        .putRequestsItem("cpu", new io.kubernetes.client.custom.Quantity(cpu))
                        .putRequestsItem("memory", new io.kubernetes.client.custom.Quantity(memory)));
    }

    @Test
    void load_workloadWithoutCarries_errorAtTheSetting() {
        String yaml = withoutCarries().replace("name: overprovisioning/web-nodes}", "name: overprovisioning/web-nodes, workload: live/web,"
                        + " podCpu: 3620m, podMemory: 13Gi}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.prescale.planner.diag.InvalidInputException.class,
                () -> load(yaml));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.format().contains(
                "the carried pods' requests the plan assumes are not known")
                && d.location().field().equals("layers[1].target.workload")), e.diagnostics().toString());
    }

    @Test
    void apply_aboveTheLayersMax_refusedBeforeAnyCall() {
        ChangeResponse r = provider.apply(change(Action.SCALE_OUT, 2, 61, false));
        assertEquals(ChangeStatus.FAILED, r.status());
        assertTrue(r.message().contains("size increase too large - desired:61 max:60"), r.message());
        assertNull(deployment());
    }

    static final String NODE_POOL = """
            name: pool
            zone: UTC
            plan: {from: 2026-06-01T00:00:00Z}
            events:
              - {id: FINAL, stage: final, teams: [A, B], kickoff: 2026-06-01T19:00:00Z}
            audience:
              base: {p50: 1M, p90: 1M}
            layers:
              - name: web
                unit: pods
                rpsPerUnit: 100rps
                min: 10
                terms:
                  - {type: per-viewer, every: 100s}
              - name: web-nodes
                unit: nodes
                min: 3
                max: 60
                target: {type: k8s-overprovisioning, name: overprovisioning/web-nodes}
                carries:
                  layer: web
                  requests: {cpu: 500m, memory: 1Gi}
                  allocatable: {cpu: 3920m, memory: 14Gi}
                  overhead: {cpu: 300m, memory: 600Mi}
            """;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    io.prescale.planner.model.Scenario load(String yaml) throws java.io.IOException {
        return ScenarioFixture.load(dir, yaml);
    }

    @Test
    void load_nodePoolTarget_derivesThePlaceholdersRequestsAndBaseFromTheLayer() throws java.io.IOException {
        Map<String, String> s = load(NODE_POOL).layer("web-nodes").orElseThrow().target().settings();
        // what a node leaves free: 3920m - 300m, 14Gi - 600Mi
        assertEquals("3620m", s.get(PlaceholderProvider.POD_CPU));
        assertEquals("13736Mi", s.get(PlaceholderProvider.POD_MEMORY));
        assertEquals("3", s.get(PlaceholderProvider.BASE_NODES));
        // what the plan assumes one carried pod requests, for apply to check the workload against
        assertEquals("500m", s.get(CarriedWorkload.CARRIED_CPU));
        assertEquals("1Gi", s.get(CarriedWorkload.CARRIED_MEMORY));
    }

    /** The node pool as a layer of its own, sized from requests: no carries. */
    static String withoutCarries() {
        return NODE_POOL.substring(0, NODE_POOL.indexOf("    carries:")).replace("unit: nodes",
                "unit: nodes\n    rpsPerUnit: 1000rps\n    terms: [{type: per-viewer, every: 100s}]");
    }

    @Test
    void load_nodePoolTargetWithoutCarries_errorAtTheSetting() {
        String yaml = withoutCarries();
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.prescale.planner.diag.InvalidInputException.class,
                () -> load(yaml));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.format().contains("what a placeholder requests is not known")
                && d.location().field().equals("layers[1].target")), e.diagnostics().toString());
    }

    @Test
    void load_nonNegativePriority_errorAtTheSetting() {
        String yaml = NODE_POOL.replace("name: overprovisioning/web-nodes}", "name: overprovisioning/web-nodes, priority: 5}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.prescale.planner.diag.InvalidInputException.class,
                () -> load(yaml));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.format().contains("must be below 0")
                && d.location().field().equals("layers[1].target.priority")), e.diagnostics().toString());
    }
}
