package io.prescale.providers.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * prescale's annotations on the object it writes (the HPA, or the workload when there is no HPA).
 *
 * <ul>
 *   <li>{@value #ORIGINAL}: the values found before the first pre-scale, as JSON: {@code {"minReplicas":2,
 *   "maxReplicas":10}} on an HPA, {@code {"replicas":3}} on a workload. Written once, by the first scale-out;
 *   later scale-outs keep it; the final scale-in restores these values and removes it.</li>
 *   <li>{@value #PLAN_DIGEST}: the digest of the plan that last changed the object, present while
 *   {@value #ORIGINAL} is.</li>
 * </ul>
 */
final class Annotations {
    static final String ORIGINAL = "prescale.io/original";
    static final String PLAN_DIGEST = "prescale.io/plan-digest";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The saved original values; {@code replicas} for a workload, {@code minReplicas}/{@code maxReplicas} for an HPA. */
    record Original(int minReplicas, int maxReplicas, int replicas) {
        static Original ofHpa(int min, int max) {
            return new Original(min, max, -1);
        }

        static Original ofReplicas(int replicas) {
            return new Original(-1, -1, replicas);
        }

        String toJson() {
            return replicas >= 0 ? "{\"replicas\":" + replicas + "}"
                    : "{\"minReplicas\":" + minReplicas + ",\"maxReplicas\":" + maxReplicas + "}";
        }
    }

    /** The annotation cannot be read: someone edited it. The user must fix or remove it. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private Annotations() {
    }

    static Optional<String> get(V1ObjectMeta m, String key) {
        return Optional.ofNullable(m.getAnnotations()).map(a -> a.get(key));
    }

    /** The original HPA values saved on {@code m}, if any. */
    static Optional<Original> hpaOriginal(V1ObjectMeta m) throws Unreadable {
        Optional<JsonNode> n = parse(m);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        int min = intAtLeast(n.get(), "minReplicas", 0); // 0 with the HPAScaleToZero feature gate
        int max = intAtLeast(n.get(), "maxReplicas", 1);
        if (min > max) {
            throw new Unreadable(ORIGINAL + " has minReplicas " + min + " above maxReplicas " + max);
        }
        return Optional.of(Original.ofHpa(min, max));
    }

    /** The original replicas saved on {@code m}, if any. */
    static Optional<Original> replicasOriginal(V1ObjectMeta m) throws Unreadable {
        Optional<JsonNode> n = parse(m);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        JsonNode r = n.get().get("replicas");
        if (r == null || !r.canConvertToInt() || !r.isIntegralNumber() || r.intValue() < 0) {
            throw new Unreadable(ORIGINAL + " has no replicas count: " + n.get());
        }
        return Optional.of(Original.ofReplicas(r.intValue()));
    }

    /** Sets or (with a null value) removes annotations, leaving the others as they are. */
    static void put(V1ObjectMeta m, String key, String value) {
        Map<String, String> a = m.getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(m.getAnnotations());
        if (value == null) {
            if (!a.containsKey(key)) {
                return;
            }
            a.remove(key);
        } else {
            a.put(key, value);
        }
        m.setAnnotations(a);
    }

    private static Optional<JsonNode> parse(V1ObjectMeta m) throws Unreadable {
        Optional<String> raw = get(m, ORIGINAL);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(raw.get());
            if (n == null || !n.isObject()) {
                throw new Unreadable(ORIGINAL + " is not a JSON object: " + raw.get());
            }
            return Optional.of(n);
        } catch (JsonProcessingException e) {
            throw new Unreadable(ORIGINAL + " is not JSON: " + raw.get());
        }
    }

    private static int intAtLeast(JsonNode n, String field, int least) throws Unreadable {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < least) {
            throw new Unreadable(ORIGINAL + " has no valid " + field + ": " + n);
        }
        return v.intValue();
    }
}
