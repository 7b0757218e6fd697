package io.prescale.providers.k8s;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.SchedulingV1Api;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerList;
import io.prescale.providers.spi.ProviderException;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link KubernetesApi} over the official client ({@link AppsV1Api}, {@link AutoscalingV2Api}).
 *
 * <p>The {@link ApiClient} is created on the first call, not before: building one reads the kubeconfig and may run
 * an exec credential plugin. Each call has a deadline of {@code callTimeout}, attempts included: the client's
 * connect, read and write timeouts are set to it, and each attempt's OkHttp call timeout is what is left of it.
 * Throttling (429) is retried with jittered exponential backoff (honouring {@code Retry-After}); reads are also
 * retried on 5xx and I/O errors. Writes are not retried on those: a replace whose response was lost may have been
 * applied, and its retry would then fail with a misleading 409.
 *
 * <p>The client's models reject any field they do not know (client-java 27.0.0 validates every response), so an
 * object that was read is fully represented by its model and replacing it cannot drop a field set by a newer API
 * server. Such a response is reported as a {@link ProviderException} rather than half-read. The models write
 * absent lists and maps back as empty ones ({@code []}, {@code {}}); for built-in kinds the API server treats the
 * two alike (semantic equality, and storage drops empty collections), so a replace changes only what prescale set.
 */
final class ClientJavaKubernetesApi implements KubernetesApi, NodePoolApi {

    /** Waits between attempts; a test passes one that does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        static Sleeper system() {
            return d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());
        }
    }

    @FunctionalInterface
    private interface CallBuilder {
        okhttp3.Call build() throws ApiException;
    }

    static final Duration BASE_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final String DRY_RUN_ALL = "All";

    private final Supplier<ApiClient> clients;
    private final Duration callTimeout;
    private final int maxAttempts;
    private final Sleeper sleeper;

    private ApiClient client;
    private AppsV1Api apps;
    private AutoscalingV2Api autoscaling;
    private SchedulingV1Api scheduling;
    private CustomObjectsApi customObjects;
    private boolean closed;

    /**
     * @param clients     builds the client on first use (from a kubeconfig, in-cluster config, or a test's base path)
     * @param callTimeout deadline of each call, attempts included
     * @param maxAttempts attempts per call, at least 1
     */
    ClientJavaKubernetesApi(Supplier<ApiClient> clients, Duration callTimeout, int maxAttempts, Sleeper sleeper) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        this.maxAttempts = Math.max(1, maxAttempts);
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public V1Deployment readDeployment(String namespace, String name) throws ApiException {
        return call(true, () -> apps().readNamespacedDeployment(name, namespace).buildCall(null), V1Deployment.class);
    }

    @Override
    public V1StatefulSet readStatefulSet(String namespace, String name) throws ApiException {
        return call(true, () -> apps().readNamespacedStatefulSet(name, namespace).buildCall(null),
                V1StatefulSet.class);
    }

    @Override
    public List<V2HorizontalPodAutoscaler> listHorizontalPodAutoscalers(String namespace) throws ApiException {
        List<V2HorizontalPodAutoscaler> all = new ArrayList<>();
        String cont = null;
        do {
            String page = cont;
            V2HorizontalPodAutoscalerList list = call(true, () -> {
                var request = autoscaling().listNamespacedHorizontalPodAutoscaler(namespace).limit(500);
                return (page == null ? request : request._continue(page)).buildCall(null);
            }, V2HorizontalPodAutoscalerList.class);
            if (list.getItems() != null) {
                all.addAll(list.getItems());
            }
            cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
        return all;
    }

    @Override
    public V1Deployment replaceDeployment(V1Deployment d, boolean serverDryRun) throws ApiException {
        V1ObjectMeta m = requireResourceVersion(d.getMetadata());
        return call(false, () -> {
            var request = apps().replaceNamespacedDeployment(m.getName(), m.getNamespace(), d);
            return (serverDryRun ? request.dryRun(DRY_RUN_ALL) : request).buildCall(null);
        }, V1Deployment.class);
    }

    @Override
    public V1StatefulSet replaceStatefulSet(V1StatefulSet s, boolean serverDryRun) throws ApiException {
        V1ObjectMeta m = requireResourceVersion(s.getMetadata());
        return call(false, () -> {
            var request = apps().replaceNamespacedStatefulSet(m.getName(), m.getNamespace(), s);
            return (serverDryRun ? request.dryRun(DRY_RUN_ALL) : request).buildCall(null);
        }, V1StatefulSet.class);
    }

    @Override
    public V2HorizontalPodAutoscaler replaceHorizontalPodAutoscaler(V2HorizontalPodAutoscaler h, boolean serverDryRun)
            throws ApiException {
        V1ObjectMeta m = requireResourceVersion(h.getMetadata());
        return call(false, () -> {
            var request = autoscaling().replaceNamespacedHorizontalPodAutoscaler(m.getName(), m.getNamespace(), h);
            return (serverDryRun ? request.dryRun(DRY_RUN_ALL) : request).buildCall(null);
        }, V2HorizontalPodAutoscaler.class);
    }

    @Override
    public V1Deployment createDeployment(V1Deployment d) throws ApiException {
        return call(false, () -> apps().createNamespacedDeployment(d.getMetadata().getNamespace(), d).buildCall(null),
                V1Deployment.class);
    }

    @Override
    public void deleteDeployment(String namespace, String name) throws ApiException {
        delete(() -> apps().deleteNamespacedDeployment(name, namespace).buildCall(null));
    }

    @Override
    public V1PriorityClass readPriorityClass(String name) throws ApiException {
        return call(true, () -> scheduling().readPriorityClass(name).buildCall(null), V1PriorityClass.class);
    }

    @Override
    public V1PriorityClass createPriorityClass(V1PriorityClass pc) throws ApiException {
        return call(false, () -> scheduling().createPriorityClass(pc).buildCall(null), V1PriorityClass.class);
    }

    @Override
    public void deletePriorityClass(String name) throws ApiException {
        delete(() -> scheduling().deletePriorityClass(name).buildCall(null));
    }

    @Override
    public JsonObject readNodePool(String name) throws ApiException {
        return call(true, () -> customObjects().getClusterCustomObject(GROUP, VERSION, PLURAL, name).buildCall(null),
                JsonObject.class);
    }

    @Override
    public JsonObject replaceNodePool(JsonObject nodePool) throws ApiException {
        JsonObject meta = nodePool.getAsJsonObject("metadata");
        if (meta == null || !meta.has("resourceVersion") || meta.get("resourceVersion").getAsString().isEmpty()) {
            throw new IllegalArgumentException("replace without metadata.resourceVersion: NodePool "
                    + (meta == null || !meta.has("name") ? "?" : meta.get("name").getAsString()));
        }
        String name = meta.get("name").getAsString();
        return call(false, () -> customObjects().replaceClusterCustomObject(GROUP, VERSION, PLURAL, name, nodePool)
                .buildCall(null), JsonObject.class);
    }

    /**
     * A DELETE, its answer not read: API servers answer with a {@code Status} or with the object being deleted,
     * depending on the kind and its finalizers, and either means the delete was accepted.
     */
    private void delete(CallBuilder builder) throws ApiException {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            okhttp3.Call call = builder.build();
            call.timeout().timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            try {
                client().execute(call, null);
                return;
            } catch (ApiException e) {
                if (attempt >= maxAttempts || e.getCode() != 429) {
                    throw e;
                }
                Duration wait = backoff(attempt, e);
                if (System.nanoTime() + wait.toNanos() >= deadline) {
                    throw e;
                }
                pause(wait);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            okhttp3.OkHttpClient http = client.getHttpClient();
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Without a resourceVersion a replace would overwrite blindly: a programming error here, never sent. */
    private static V1ObjectMeta requireResourceVersion(V1ObjectMeta m) {
        if (m == null || m.getResourceVersion() == null || m.getResourceVersion().isEmpty()) {
            throw new IllegalArgumentException("replace without metadata.resourceVersion: "
                    + (m == null ? "no metadata" : m.getNamespace() + "/" + m.getName()));
        }
        return m;
    }

    private <T> T call(boolean idempotent, CallBuilder builder, Type type) throws ApiException {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ApiException("deadline of " + callTimeout + " exceeded after " + (attempt - 1)
                        + " attempt(s)", new InterruptedIOException("timeout"), 0, null, null);
            }
            okhttp3.Call call = builder.build();
            call.timeout().timeout(left, TimeUnit.NANOSECONDS);
            try {
                T data = client().<T>execute(call, type).getData();
                if (data == null) {
                    // a 200 with nothing in it (a proxy, a truncated answer): not an object prescale can act on
                    throw new ProviderException("read response of " + call.request().method() + " "
                            + call.request().url().encodedPath() + ": the API server's answer was empty", null);
                }
                return data;
            } catch (ApiException e) {
                if (attempt >= maxAttempts || !retryable(e, idempotent)) {
                    throw e;
                }
                Duration wait = backoff(attempt, e);
                if (System.nanoTime() + wait.toNanos() >= deadline) {
                    throw e;
                }
                pause(wait);
            } catch (IllegalArgumentException | com.google.gson.JsonParseException e) {
                throw new ProviderException("read response of " + call.request().method() + " "
                        + call.request().url().encodedPath() + ": not understood by client-java 27.0.0 ("
                        + firstSentence(e.getMessage()) + "); prescale does not replace objects it cannot read"
                        + " in full", e);
            }
        }
    }

    private static boolean retryable(ApiException e, boolean idempotent) {
        int code = e.getCode();
        if (code == 429) {
            return true;
        }
        return idempotent && (code == 0 || code == 500 || code == 502 || code == 503 || code == 504);
    }

    /** Full jitter over an exponential ceiling; the server's {@code Retry-After} (seconds) when it sent one. */
    static Duration backoff(int attempt, ApiException e) {
        if (e.getResponseHeaders() != null) {
            for (var h : e.getResponseHeaders().entrySet()) {
                if ("retry-after".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                    try {
                        Duration asked = Duration.ofSeconds(Math.max(0, Long.parseLong(h.getValue().get(0).strip())));
                        return asked.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : asked;
                    } catch (NumberFormatException ignored) {
                        // an HTTP date: fall back to our own backoff
                    }
                }
            }
        }
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 10));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting to retry a Kubernetes call", e);
        }
    }

    private static String firstSentence(String s) {
        if (s == null) {
            return "unreadable response";
        }
        int json = s.indexOf(". JSON:");
        String head = json < 0 ? s : s.substring(0, json);
        return head.length() > 300 ? head.substring(0, 300) + "..." : head;
    }

    private synchronized ApiClient client() {
        if (closed) {
            throw new ProviderException("Kubernetes client is closed");
        }
        if (client == null) {
            ApiClient c = clients.get();
            int ms = (int) Math.min(Integer.MAX_VALUE, callTimeout.toMillis());
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setWriteTimeout(ms);
            c.setHttpClient(c.getHttpClient().newBuilder().callTimeout(callTimeout).build());
            apps = new AppsV1Api(c);
            autoscaling = new AutoscalingV2Api(c);
            scheduling = new SchedulingV1Api(c);
            customObjects = new CustomObjectsApi(c);
            client = c;
        }
        return client;
    }

    private synchronized AppsV1Api apps() {
        client();
        return apps;
    }

    private synchronized CustomObjectsApi customObjects() {
        client();
        return customObjects;
    }

    private synchronized SchedulingV1Api scheduling() {
        client();
        return scheduling;
    }

    private synchronized AutoscalingV2Api autoscaling() {
        client();
        return autoscaling;
    }
}
