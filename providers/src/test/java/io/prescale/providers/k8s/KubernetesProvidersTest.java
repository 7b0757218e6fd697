package io.prescale.providers.k8s;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.prescale.providers.k8s.KubernetesWire.DEPLOYMENT_WEB;
import static io.prescale.providers.k8s.KubernetesWire.HPAS_LIVE;
import static io.prescale.providers.k8s.KubernetesWire.NOW;
import static io.prescale.providers.k8s.KubernetesWire.serve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prescale.planner.model.Target;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The public factories: types, RBAC rules, lazy client creation and kubeconfig context selection. */
class KubernetesProvidersTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    @Test
    void factories_registerUnderTheirTargetTypes() {
        ProviderRegistry registry = new ProviderRegistry()
                .register(KubernetesProviders.deployments())
                .register(KubernetesProviders.statefulSets());

        assertEquals("k8s-deployment", registry.find("k8s-deployment").orElseThrow().type());
        assertEquals("k8s-statefulset", registry.find("k8s-statefulset").orElseThrow().type());
        assertEquals(List.of(), KubernetesProviders.deployments().iamActions(true));
    }

    @Test
    void rbacRules_grantExactlyTheCallsMade() {
        List<String> rules = KubernetesProviders.rbacRules().stream()
                .map(r -> r.apiGroup() + " " + r.resources() + " " + r.verbs() + (r.applyOnly() ? " apply" : ""))
                .toList();

        assertEquals(List.of(
                "apps [deployments, statefulsets] [get]",
                "autoscaling [horizontalpodautoscalers] [list]",
                "apps [deployments, statefulsets] [update] apply",
                "autoscaling [horizontalpodautoscalers] [update] apply"), rules);
        assertEquals("- apiGroups: [\"autoscaling\"]\n  resources: [\"horizontalpodautoscalers\"]\n"
                + "  verbs: [\"update\"]", KubernetesProviders.rbacRules().get(3).toYaml());
    }

    @Test
    void karpenterRbacRules_grantThePlaceholdersAndTheNodePool() {
        List<String> rules = KubernetesProviders.karpenterRbacRules().stream()
                .map(r -> r.apiGroup() + " " + r.resources() + " " + r.verbs() + (r.applyOnly() ? " apply" : ""))
                .toList();

        assertEquals(List.of(
                "apps [deployments] [get]",
                "apps [deployments] [create, update, delete] apply",
                "scheduling.k8s.io [priorityclasses] [get, create, delete] apply",
                "karpenter.sh [nodepools] [get]",
                "karpenter.sh [nodepools] [update] apply"), rules);
        assertEquals("k8s-karpenter-nodepool", KubernetesProviders.karpenterNodePools().type());
    }

    @Test
    void create_missingKubeconfig_isOnlyReadOnFirstCall() {
        // given: a kubeconfig that does not exist
        ProviderConfig config = config(Optional.of(dir.resolve("absent").toString()), Optional.empty());

        // when: creating the provider touches nothing
        CapacityProvider p = KubernetesProviders.deployments().create(config);

        // then: the first call reports it, per resource
        ObserveResponse r = p.observe(observe("live/web", Map.of()));
        ProviderDiagnostic d = r.diagnostics().get(0);
        assertEquals("Client", d.code());
        assertTrue(d.detail().contains("read kubeconfig " + dir.resolve("absent")), d.detail());
        p.close();
    }

    @Test
    void observe_targetContext_usesThatContextOfTheKubeconfig() throws IOException {
        // given: current-context points nowhere, prod-euw2 at WireMock with a bearer token
        Path kubeconfig = kubeconfig();
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        CapacityProvider p = KubernetesProviders.deployments()
                .create(config(Optional.of(kubeconfig.toString()), Optional.empty()));

        // when
        ObserveResponse r = p.observe(observe("live/web", Map.of("context", "prod-euw2")));
        p.close();

        // then
        assertEquals(2, r.observation().orElseThrow(() -> new AssertionError(r.diagnostics())).units());
        wm.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENT_WEB))
                .withHeader("Authorization", equalTo("Bearer prod-euw2-token")));
    }

    @Test
    void observe_kubeContextOption_isUsedWhenTheTargetNamesNone() throws IOException {
        Path kubeconfig = kubeconfig();
        serve(wm, DEPLOYMENT_WEB, "deployment-web.json");
        serve(wm, HPAS_LIVE, "hpa-list-web.json");
        CapacityProvider p = KubernetesProviders.deployments()
                .create(config(Optional.of(kubeconfig.toString()), Optional.of("prod-euw2")));

        ObserveResponse r = p.observe(observe("live/web", Map.of()));
        p.close();

        assertTrue(r.observation().isPresent(), r.diagnostics().toString());
    }

    @Test
    void observe_unknownContext_failsWithTheContextName() throws IOException {
        Path kubeconfig = kubeconfig();
        CapacityProvider p = KubernetesProviders.deployments()
                .create(config(Optional.of(kubeconfig.toString()), Optional.empty()));

        ObserveResponse r = p.observe(observe("live/web", Map.of("context", "prod-use1")));
        p.close();

        ProviderDiagnostic d = r.diagnostics().get(0);
        assertTrue(d.detail().contains("has no context prod-use1"), d.detail());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    private Path kubeconfig() throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                current-context: staging
                clusters:
                - name: staging
                  cluster:
                    server: http://127.0.0.1:9
                - name: prod-euw2
                  cluster:
                    server: %s
                contexts:
                - name: staging
                  context: {cluster: staging, user: staging}
                - name: prod-euw2
                  context: {cluster: prod-euw2, user: prod-euw2}
                users:
                - name: staging
                  user: {token: staging-token}
                - name: prod-euw2
                  user: {token: prod-euw2-token}
                """.formatted(wm.baseUrl());
        return Files.writeString(dir.resolve("kubeconfig"), yaml);
    }

    private static ProviderConfig config(Optional<String> kubeconfig, Optional<String> context) {
        return new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(), context, kubeconfig,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), 1, Map.of());
    }

    private static ObserveRequest observe(String name, Map<String, String> settings) {
        return new ObserveRequest("web", new Target(WorkloadKind.DEPLOYMENT.target(), name, settings), null);
    }
}
