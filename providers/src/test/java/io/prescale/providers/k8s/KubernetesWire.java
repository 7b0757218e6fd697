package io.prescale.providers.k8s;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.prescale.providers.spi.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** WireMock speaking the Kubernetes API's wire format (real JSON objects, {@code Status} errors) to the real client. */
final class KubernetesWire {
    static final String DEPLOYMENT_WEB = "/apis/apps/v1/namespaces/live/deployments/web";
    static final String STATEFULSET_KAFKA = "/apis/apps/v1/namespaces/data/statefulsets/kafka";
    static final String HPAS_LIVE = "/apis/autoscaling/v2/namespaces/live/horizontalpodautoscalers";
    static final String HPAS_DATA = "/apis/autoscaling/v2/namespaces/data/horizontalpodautoscalers";
    static final String HPA_WEB = HPAS_LIVE + "/web";
    static final Instant NOW = Instant.parse("2025-09-20T18:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubernetesWire() {
    }

    static ProviderConfig config(Duration callTimeout, int maxAttempts) {
        return new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC), callTimeout, maxAttempts, Map.of());
    }

    /** A provider whose official client talks to WireMock; retries do not sleep. */
    static WorkloadProvider provider(WireMockExtension wm, WorkloadKind kind, ProviderConfig config) {
        return new WorkloadProvider(kind, config, context -> new ClientJavaKubernetesApi(
                () -> client(wm), config.callTimeout(), config.maxAttempts(), d -> {
                }));
    }

    static ApiClient client(WireMockExtension wm) {
        return new ClientBuilder().setBasePath(wm.baseUrl()).build();
    }

    static String fixture(String name) {
        try (InputStream in = KubernetesWire.class.getResourceAsStream("/k8s/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture k8s/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder object(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
    }

    /** An error as the API server sends it: the HTTP code and a {@code Status} object. */
    static ResponseDefinitionBuilder status(int code, String fixture) {
        return aResponse().withStatus(code).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
    }

    static MappingBuilder getting(String path) {
        return get(urlPathEqualTo(path));
    }

    static MappingBuilder putting(String path) {
        return put(urlPathEqualTo(path));
    }

    static void serve(WireMockExtension wm, String path, String fixture) {
        wm.stubFor(getting(path).willReturn(object(fixture)));
    }

    /** The body of the one PUT sent to {@code path}, parsed. */
    static JsonNode onlyPutBody(WireMockExtension wm, String path) {
        List<LoggedRequest> puts = wm.findAll(putRequestedFor(urlPathEqualTo(path)));
        assertEquals(1, puts.size(), "PUTs to " + path);
        try {
            return JSON.readTree(puts.get(0).getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that every request in WireMock's journal was a read, and that there was at least one. */
    static void assertOnlyReads(WireMockExtension wm) {
        var events = wm.getAllServeEvents();
        assertFalse(events.isEmpty(), "no request at all");
        List<String> mutating = events.stream().map(e -> e.getRequest())
                .filter(r -> !RequestMethod.GET.equals(r.getMethod()))
                .map(r -> r.getMethod() + " " + r.getUrl()).toList();
        assertEquals(List.of(), mutating, "mutating requests sent");
    }
}
