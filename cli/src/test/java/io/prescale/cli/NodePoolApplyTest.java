package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.prescale.providers.apply.DefaultProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nowtv-linear example's node pool planned and applied end to end, through the CLI and a kubeconfig, against
 * the Fabric8 Kubernetes mock server in CRUD mode: the placeholder pods and their PriorityClass are created before
 * the premiere's pods scale out, and removed after the pods scale in.
 */
class NodePoolApplyTest {
    @TempDir
    Path tmp;

    KubernetesMockServer server;
    KubernetesClient cluster;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        cluster = server.createClient();
        for (String name : new String[] {"heartbeat", "heartbeat-jittered"}) {
            cluster.apps().deployments().inNamespace("playback").resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withNamespace("playback").endMetadata()
                    .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                    .addNewContainer().withName("app").withImage("heartbeat:1").endContainer().endSpec().endTemplate()
                    .endSpec().build()).create();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
        server.destroy();
    }

    Path kubeconfig() throws IOException {
        return Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "http://%s:%d"}
                contexts:
                - name: prod-euw2
                  context: {cluster: mock, user: prescale}
                current-context: prod-euw2
                users:
                - name: prescale
                  user: {token: test}
                """.formatted(server.getHostName(), server.getPort()));
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
}
