package io.prescale.providers.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful fake of the Kubernetes API for Deployments and StatefulSets (GET and PUT, with optimistic concurrency on
 * {@code resourceVersion}: a stale PUT is 409 Conflict) and an empty HPA list, in the API server's JSON, for
 * WireMock. Faults are queued per method ("GET", "PUT", "LIST"); a LOST fault stores the PUT, then answers 500.
 */
public final class FakeKubernetes implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "fake-kubernetes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORKLOAD = Pattern.compile(
            "/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets)/([^/?]+)");
    private static final Pattern HPAS = Pattern.compile("/apis/autoscaling/v2/namespaces/([^/]+)/horizontalpodautoscalers");
    private static final Pattern HPA = Pattern.compile(
            "/apis/autoscaling/v2/namespaces/([^/]+)/horizontalpodautoscalers/([^/?]+)");

    public enum Fault { SERVER_ERROR, CONFLICT, NOT_FOUND, EMPTY_200, LOST, MALFORMED }

    public final Map<String, ObjectNode> workloads = new LinkedHashMap<>();
    /** HorizontalPodAutoscalers by namespace/name; a PUT needs the stored resourceVersion, like a Deployment's. */
    public final Map<String, ObjectNode> hpas = new LinkedHashMap<>();
    /** Changes of spec.replicas that took effect, per namespace/name. */
    public final Map<String, Integer> writes = new LinkedHashMap<>();
    private final Map<String, Deque<Fault>> faults = new LinkedHashMap<>();
    private long version = 1000;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    public synchronized void reset() {
        workloads.clear();
        hpas.clear();
        writes.clear();
        faults.clear();
    }

    public synchronized void fault(String method, Fault f) {
        faults.computeIfAbsent(method, k -> new ArrayDeque<>()).add(f);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** Stores a Deployment from the {@code deployment-web.json} fixture with the given name and replicas. */
    public synchronized ObjectNode put(String namespace, String name, int replicas) {
        return put(WorkloadKind.DEPLOYMENT, namespace, name, replicas);
    }

    /** Stores a workload of that kind (Deployment or StatefulSet fixture) with the given name and replicas. */
    public synchronized ObjectNode put(WorkloadKind kind, String namespace, String name, int replicas) {
        try {
            ObjectNode d = (ObjectNode) JSON.readTree(KubernetesWire.fixture(
                    kind == WorkloadKind.DEPLOYMENT ? "deployment-web.json" : "statefulset-kafka.json"));
            ((ObjectNode) d.get("metadata")).put("name", name).put("namespace", namespace)
                    .put("resourceVersion", Long.toString(++version));
            ((ObjectNode) d.get("spec")).put("replicas", replicas);
            workloads.put(namespace + "/" + name, d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an HPA scaling Deployment {@code target}, from the {@code hpa-list-web.json} fixture's first item. */
    public synchronized ObjectNode putHpa(String namespace, String name, String target, int min, int max) {
        return putHpa(WorkloadKind.DEPLOYMENT, namespace, name, target, min, max);
    }

    /** Stores an HPA scaling the workload {@code target} of that kind. */
    public synchronized ObjectNode putHpa(WorkloadKind kind, String namespace, String name, String target, int min,
                                          int max) {
        try {
            ObjectNode h = (ObjectNode) JSON.readTree(KubernetesWire.fixture("hpa-list-web.json")).get("items").get(0)
                    .deepCopy();
            ((ObjectNode) h.get("metadata")).put("name", name).put("namespace", namespace)
                    .put("resourceVersion", Long.toString(++version));
            ObjectNode spec = (ObjectNode) h.get("spec");
            ((ObjectNode) spec.get("scaleTargetRef")).put("name", target).put("kind", kind.kind());
            spec.put("minReplicas", min).put("maxReplicas", max);
            hpas.put(namespace + "/" + name, h);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized int minReplicas(String key) {
        return hpas.get(key).get("spec").get("minReplicas").asInt();
    }

    public synchronized Map<String, String> hpaAnnotations(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        hpas.get(key).path("metadata").path("annotations").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    public synchronized int replicas(String key) {
        return workloads.get(key).get("spec").get("replicas").asInt();
    }

    public synchronized Map<String, String> annotations(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        workloads.get(key).path("metadata").path("annotations").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        var req = event.getRequest();
        String path = req.getUrl().replaceFirst("\\?.*$", "");
        String method = req.getMethod().getName();
        Matcher hpa = HPAS.matcher(path);
        Matcher oneHpa = HPA.matcher(path);
        String kind = hpa.matches() ? "LIST" : oneHpa.matches() ? "HPA_" + method : method;
        Deque<Fault> q = faults.get(kind);
        Fault f = q == null ? null : q.poll();
        if (f != null && f != Fault.LOST) {
            return switch (f) {
                case SERVER_ERROR -> status(500, "InternalError", "etcdserver: request timed out");
                case CONFLICT -> status(409, "Conflict", "the object has been modified; please apply your changes "
                        + "to the latest version and try again");
                case NOT_FOUND -> status(404, "NotFound", "not found");
                case EMPTY_200 -> respond(200, "");
                case MALFORMED -> respond(200, "<html>proxy</html>");
                default -> throw new IllegalStateException();
            };
        }
        ResponseDefinition ok;
        if (hpa.matches()) {
            StringBuilder items = new StringBuilder();
            for (var e : hpas.entrySet()) {
                if (e.getKey().startsWith(hpa.group(1) + "/")) {
                    items.append(items.length() == 0 ? "" : ",").append(e.getValue());
                }
            }
            ok = respond(200, "{\"kind\":\"HorizontalPodAutoscalerList\",\"apiVersion\":\"autoscaling/v2\","
                    + "\"metadata\":{\"resourceVersion\":\"" + version + "\"},\"items\":[" + items + "]}");
        } else if (oneHpa.matches()) {
            String key = oneHpa.group(1) + "/" + oneHpa.group(2);
            ObjectNode stored = hpas.get(key);
            if (stored == null) {
                ok = status(404, "NotFound", "horizontalpodautoscalers.autoscaling \"" + oneHpa.group(2) + "\" not found");
            } else if (method.equals("GET")) {
                ok = respond(200, stored.toString());
            } else if (method.equals("PUT")) {
                ok = replace(hpas, "horizontalpodautoscalers.autoscaling", "minReplicas", key, stored,
                        req.getBodyAsString(), req.getUrl().contains("dryRun=All"));
            } else {
                ok = status(405, "MethodNotAllowed", method);
            }
        } else {
            Matcher m = WORKLOAD.matcher(path);
            if (!m.matches()) {
                ok = status(404, "NotFound", "the fake serves deployments and statefulsets only: " + path);
            } else {
                String key = m.group(1) + "/" + m.group(3);
                ObjectNode stored = workloads.get(key);
                // one map for both kinds, so a path of the other kind must not find it
                boolean sameKind = stored != null && stored.path("kind").asText().toLowerCase(java.util.Locale.ROOT)
                        .equals(m.group(2).replaceFirst("s$", ""));
                if (!sameKind) {
                    ok = status(404, "NotFound", m.group(2) + ".apps \"" + m.group(3) + "\" not found");
                } else if (method.equals("GET")) {
                    ok = respond(200, stored.toString());
                } else if (method.equals("PUT")) {
                    ok = replace(workloads, stored.path("kind").asText(), "replicas", key, stored,
                            req.getBodyAsString(), req.getUrl().contains("dryRun=All"));
                } else {
                    ok = status(405, "MethodNotAllowed", method);
                }
            }
        }
        return f == Fault.LOST ? status(500, "InternalError", "response lost") : ok;
    }

    /**
     * A PUT as the API server takes it into {@code store}: refused with 409 on a stale resourceVersion (the conflict
     * naming {@code resource}), else stored with a new resourceVersion and the status kept, a change of
     * {@code spec.<counted>} counted in {@link #writes}; a dry run only answers.
     */
    private ResponseDefinition replace(Map<String, ObjectNode> store, String resource, String counted, String key,
                                       ObjectNode stored, String body, boolean dryRun) {
        try {
            ObjectNode sent = (ObjectNode) JSON.readTree(body);
            String rv = sent.path("metadata").path("resourceVersion").asText("");
            if (!rv.equals(stored.path("metadata").path("resourceVersion").asText())) {
                return status(409, "Conflict", "Operation cannot be fulfilled on " + resource + ": the object has been "
                        + "modified; please apply your changes to the latest version and try again");
            }
            if (dryRun) {
                return respond(200, sent.toString());
            }
            int before = stored.get("spec").get(counted).asInt();
            ((ObjectNode) sent.get("metadata")).put("resourceVersion", Long.toString(++version));
            sent.set("status", stored.get("status"));
            store.put(key, sent);
            if (sent.path("spec").path(counted).asInt() != before) {
                writes.merge(key, 1, Integer::sum);
            }
            return respond(200, sent.toString());
        } catch (IOException e) {
            return status(400, "BadRequest", "not JSON");
        }
    }

    private static ResponseDefinition status(int code, String reason, String message) {
        return respond(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":" + quote(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition respond(int code, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(code)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
