package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.prescale.providers.apply.DefaultProviders;
import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.k8s.KubernetesProviders;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes examples' node pools planned and applied end to end, through the CLI and a kubeconfig, against the
 * Fabric8 Kubernetes mock server in CRUD mode (Karpenter's NodePool served as the cluster-scoped custom resource it
 * is): nowtv-linear's placeholder pods and their PriorityClass, invidi-ads' Karpenter NodePool limits and its
 * placeholders, created before the pods scale out and removed after they scale in.
 */
class NodePoolApplyTest {
    @TempDir
    Path tmp;

    KubernetesMockServer server;
    KubernetesClient cluster;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(NODE_POOLS)), false);
        server.init();
        cluster = server.createClient();
        for (String name : new String[] {"heartbeat", "heartbeat-jittered"}) {
            cluster.apps().deployments().inNamespace("playback").resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withNamespace("playback").endMetadata()
                    .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                    .addNewContainer().withName("app").withImage("heartbeat:1").withNewResources()
                    .addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("512Mi"))
                    .endResources().endContainer().endSpec().endTemplate()
                    .endSpec().build()).create();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
        server.destroy();
    }

    Path kubeconfig() throws IOException {
        return kubeconfig("prod-euw2");
    }

    Path kubeconfig(String context) throws IOException {
        return Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "http://%s:%d"}
                contexts:
                - name: %3$s
                  context: {cluster: mock, user: prescale}
                current-context: %3$s
                users:
                - name: prescale
                  user: {token: test}
                """.formatted(server.getHostName(), server.getPort(), context));
    }

    CliRun run(Instant now, Supplier<ProviderRegistry> providers, String... args) {
        return CliRun.run(Clock.fixed(now, ZoneOffset.UTC), providers, args);
    }

    CliRun run(Instant now, String... args) {
        return CliRun.run(Clock.fixed(now, ZoneOffset.UTC), DefaultProviders::registry, args);
    }

    Deployment placeholders() {
        return cluster.apps().deployments().inNamespace("overprovisioning").withName("heartbeat-nodes").get();
    }

    @Test
    void nowtvLinear_premiere_placeholdersHoldTheNodesAheadOfThePodsAndGoAfterThem() throws IOException {
        // given: the plan made a little before the premiere (Sep 28 21:00 BST)
        Path plan = tmp.resolve("plan.json");
        Path audit = tmp.resolve("audit.jsonl");
        String kube = kubeconfig().toString();
        Instant made = Instant.parse("2026-09-28T19:40:00Z");
        CliRun p = run(made, "plan", "../examples/nowtv-linear", "--at", made.toString(), "--out", plan.toString());
        assertEquals(0, p.code(), p.out() + p.err());

        // when: applied when the node pool's scale-out is due (20:56 BST, 5 minutes before the pods')
        CliRun out = run(Instant.parse("2026-09-28T19:56:00Z"), "apply", plan.toString(), "--auto-approve",
                "--kubeconfig", kube, "--audit-log", audit.toString());

        // then: 7 nodes held: the pool's own 1 and 6 placeholders, each asking for a node's free cpu and memory
        assertEquals(0, out.code(), out.out() + out.err());
        Deployment d = placeholders();
        assertNotNull(d, out.out());
        assertEquals(6, d.getSpec().getReplicas());
        var requests = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests();
        assertEquals("7510m", requests.get("cpu").toString());
        assertEquals("28Gi", requests.get("memory").toString());
        assertEquals(-10, cluster.scheduling().v1().priorityClasses().withName("heartbeat-nodes-placeholder").get()
                .getValue());
        assertEquals(10, cluster.apps().deployments().inNamespace("playback").withName("heartbeat-jittered").get()
                .getSpec().getReplicas());

        // when: planned again from what the cluster holds (the pods have scaled out meanwhile), and applied after
        // the pods' scale-in (22:36 BST) and the node pool's cool-down (22:46 BST)
        cluster.apps().deployments().inNamespace("playback").withName("heartbeat").scale(40);
        Instant again = Instant.parse("2026-09-28T21:30:00Z");
        Path later = tmp.resolve("later.json");
        CliRun q = run(again, "plan", "../examples/nowtv-linear", "--at", again.toString(), "--observe",
                "--kubeconfig", kube, "--out", later.toString());
        assertEquals(0, q.code(), q.out() + q.err());
        CliRun in = run(Instant.parse("2026-09-28T21:47:00Z"), "apply", later.toString(), "--auto-approve",
                "--kubeconfig", kube, "--audit-log", audit.toString());

        // then: the placeholders and their PriorityClass are gone
        assertEquals(0, in.code(), in.out() + in.err());
        assertNull(placeholders(), in.out());
        assertNull(cluster.scheduling().v1().priorityClasses().withName("heartbeat-nodes-placeholder").get());
    }

    /** Karpenter's NodePool CRD as the API server learns it: karpenter.sh/v1, cluster-scoped. */
    static final CustomResourceDefinitionContext NODE_POOLS = new CustomResourceDefinitionContext.Builder()
            .withGroup("karpenter.sh").withVersion("v1").withKind("NodePool").withPlural("nodepools")
            .withScope("Cluster").build();

    /** The processors' NodePool as Karpenter v1 serves it: limits for 25 nodes of 8 cpu and 16Gi, a taint. */
    static final String BEACON_NODE_POOL = """
            {"apiVersion": "karpenter.sh/v1", "kind": "NodePool",
             "metadata": {"name": "beacon-processor"},
             "spec": {
               "template": {"spec": {
                 "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"},
                 "requirements": [
                   {"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["c6i.2xlarge"]},
                   {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]}],
                 "taints": [{"key": "workload", "value": "beacon-processor", "effect": "NoSchedule"}]}},
               "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "5m"},
               "limits": {"cpu": 200, "memory": "400Gi"}}}
            """;

    GenericKubernetesResource nodePool() {
        return cluster.genericKubernetesResources(NODE_POOLS).withName("beacon-processor").get();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> limits() {
        return (Map<String, Object>) ((Map<String, Object>) nodePool().getAdditionalProperties().get("spec"))
                .get("limits");
    }

    /**
     * invidi-ads' processors at rest (20 pods, each requesting {@code cpu} and 2Gi) and their NodePool; the AWS
     * layers held by fakes. Returns the providers: the real Kubernetes ones, against the mock server.
     */
    Supplier<ProviderRegistry> invidiAds(String cpu) {
        cluster.genericKubernetesResources(NODE_POOLS)
                .resource(Serialization.unmarshal(BEACON_NODE_POOL, GenericKubernetesResource.class)).create();
        cluster.apps().deployments().inNamespace("ads").resource(new DeploymentBuilder()
                .withNewMetadata().withName("beacon-processor").withNamespace("ads").endMetadata()
                .withNewSpec().withReplicas(20).withNewSelector().addToMatchLabels("app", "beacon-processor")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "beacon-processor").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("beacon-processor:1").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("2Gi"))
                .endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        AtomicLong seq = new AtomicLong();
        FakeProvider asg = new FakeProvider("aws-asg", seq);
        FakeProvider lb = new FakeProvider("aws-elbv2", seq);
        asg.units.put("ad-edge-use1", 50);
        asg.units.put("tracking-buffer-use1", 100);
        lb.units.put("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/beacons/50dc6c495c0c9188",
                0);
        return () -> new ProviderRegistry().register(asg.factory()).register(lb.factory())
                .register(KubernetesProviders.deployments()).register(KubernetesProviders.karpenterNodePools());
    }

    /** The plan of invidi-ads made at 14:30 EDT on the final's day, applied at 14:46, when the nodes are due. */
    CliRun applyFinalsNodes(Supplier<ProviderRegistry> providers, String kube) {
        Path plan = tmp.resolve("plan.json");
        Instant made = Instant.parse("2026-07-19T18:30:00Z");
        CliRun p = run(made, providers, "plan", "../examples/invidi-ads", "--at", made.toString(), "--out",
                plan.toString());
        assertEquals(0, p.code(), p.out() + p.err());
        return run(Instant.parse("2026-07-19T18:46:00Z"), providers, "apply", plan.toString(), "--auto-approve",
                "--kubeconfig", kube);
    }

    @Test
    void invidiAds_processorsRequestMoreThanPlanned_nodePoolRefusedAndUntouched() throws IOException {
        // given: the processors now ask 2 cpu a pod; the plan assumed 1500m (carries.requests)
        Supplier<ProviderRegistry> providers = invidiAds("2");

        // when
        CliRun out = applyFinalsNodes(providers, kubeconfig("prod-use1").toString());

        // then: exit 1, the node pool's change refused with the reason, nothing written to the NodePool
        assertEquals(1, out.code(), out.out() + out.err());
        assertTrue(out.out().contains("the pods of ads/beacon-processor request cpu 2, memory 2Gi, the plan assumed"
                + " cpu 1500m, memory 2Gi"), out.out());
        assertEquals(200, ((Number) limits().get("cpu")).intValue());
        assertNull(cluster.apps().deployments().inNamespace("ads").withName("beacon-nodes-placeholder").get());
    }

    @Test
    void invidiAds_final_karpenterLimitsRaisedAndPlaceholdersPinnedAheadOfTheProcessorsThenRestored()
            throws IOException {
        // given: the processors' Deployment at rest and their NodePool; the AWS layers held by fakes
        Supplier<ProviderRegistry> providers = invidiAds("1500m");
        String kube = kubeconfig("prod-use1").toString();

        // when: applied when the nodes' scale-out is due (14:45 EDT), before the processors' (14:49)
        CliRun out = applyFinalsNodes(providers, kube);

        // then: the limits hold 32 nodes (32 x 8 cpu, 32 x 16Gi), the originals kept; 27 placeholders on the pool
        assertEquals(0, out.code(), out.out() + out.err());
        assertEquals("256", String.valueOf(limits().get("cpu")), out.out());
        assertEquals("512Gi", limits().get("memory"));
        assertEquals("{\"limits\":{\"cpu\":200,\"memory\":\"400Gi\"}}",
                nodePool().getMetadata().getAnnotations().get("prescale.io/original"));
        Deployment d = cluster.apps().deployments().inNamespace("ads").withName("beacon-nodes-placeholder").get();
        assertNotNull(d, out.out());
        assertEquals(27, d.getSpec().getReplicas());
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("karpenter.sh/nodepool", "beacon-processor"), pod.getNodeSelector());
        assertEquals("beacon-processor", pod.getTolerations().get(0).getValue());
        var requests = pod.getContainers().get(0).getResources().getRequests();
        assertEquals("7510m", requests.get("cpu").toString());
        assertEquals("13Gi", requests.get("memory").toString());
        assertEquals(20, cluster.apps().deployments().inNamespace("ads").withName("beacon-processor").get()
                .getSpec().getReplicas(), "the processors' own scale-out is not due yet");

        // when: planned again from what the cluster holds (the processors at the final's 144), and applied after
        // the processors' scale-in (18:32 EDT) and the nodes' cool-down (18:47 EDT)
        cluster.apps().deployments().inNamespace("ads").withName("beacon-processor").scale(144);
        Instant again = Instant.parse("2026-07-19T22:00:00Z");
        Path later = tmp.resolve("later.json");
        CliRun q = run(again, providers, "plan", "../examples/invidi-ads", "--at", again.toString(), "--observe",
                "--kubeconfig", kube, "--out", later.toString());
        assertEquals(0, q.code(), q.out() + q.err());
        CliRun in = run(Instant.parse("2026-07-19T22:48:00Z"), providers, "apply", later.toString(),
                "--auto-approve", "--kubeconfig", kube);

        // then: the placeholders are gone and the NodePool's limits are as they were, annotation removed
        assertEquals(0, in.code(), in.out() + in.err());
        assertNull(cluster.apps().deployments().inNamespace("ads").withName("beacon-nodes-placeholder").get(),
                in.out());
        assertEquals(200, ((Number) limits().get("cpu")).intValue(), in.out());
        assertEquals("400Gi", limits().get("memory"));
        assertNull(nodePool().getMetadata().getAnnotations() == null ? null
                : nodePool().getMetadata().getAnnotations().get("prescale.io/original"));
        assertEquals(20, cluster.apps().deployments().inNamespace("ads").withName("beacon-processor").get()
                .getSpec().getReplicas());
    }
}
