package io.prescale.providers.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.prescale.planner.model.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Karpenter NodePool as read ({@code karpenter.sh/v1}), and what prescale reads and writes of it: the
 * {@code spec.limits} that cap the capacity (the sum of its nodes' capacity) Karpenter may provision, the limits
 * found before the first pre-scale (annotation {@value Annotations#ORIGINAL}, as {@code {"limits":{...}}}, the values
 * exactly as written), and the taints its nodes carry ({@code spec.template.spec.taints}), which a pod must tolerate
 * for Karpenter to provision a node of this pool for it.
 */
final class NodePool {
    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    /** The label Karpenter puts on every node of a pool; a nodeSelector on it pins pods to the pool. */
    static final String POOL_LABEL = "karpenter.sh/nodepool";

    private final JsonObject json;

    NodePool(JsonObject json) {
        this.json = json.deepCopy();
    }

    JsonObject json() {
        return json.deepCopy();
    }

    String resourceVersion() {
        JsonElement v = metadata().get("resourceVersion");
        return v == null || v.isJsonNull() ? "" : v.getAsString();
    }

    /** {@code spec.limits} as written (quantities as strings or numbers); empty when the pool has none. */
    JsonObject limits() {
        JsonObject spec = json.getAsJsonObject("spec");
        JsonElement l = spec == null ? null : spec.get("limits");
        return l != null && l.isJsonObject() ? l.getAsJsonObject().deepCopy() : new JsonObject();
    }

    /** Whether the limits cap cpu or memory, the two prescale raises. */
    boolean capsCpuOrMemory() {
        JsonObject l = limits();
        return l.has(CPU) || l.has(MEMORY);
    }

    /** The limits saved by the first pre-scale, if any. */
    Optional<JsonObject> originalLimits() throws Annotations.Unreadable {
        JsonObject a = metadata().getAsJsonObject("annotations");
        JsonElement raw = a == null ? null : a.get(Annotations.ORIGINAL);
        if (raw == null || raw.isJsonNull()) {
            return Optional.empty();
        }
        try {
            JsonElement n = JsonParser.parseString(raw.getAsString());
            if (n.isJsonObject() && n.getAsJsonObject().get("limits") instanceof JsonObject l) {
                for (Map.Entry<String, JsonElement> e : l.entrySet()) {
                    quantity(e.getValue()); // each one readable, or the annotation was edited
                }
                return Optional.of(l);
            }
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            // reported below
        }
        throw new Annotations.Unreadable(Annotations.ORIGINAL + " has no readable limits: " + raw.getAsString());
    }

    /** Tolerations for exactly the taints of the pool's nodes. */
    List<V1Toleration> tolerations() {
        List<V1Toleration> out = new ArrayList<>();
        JsonObject spec = json.getAsJsonObject("spec");
        JsonObject template = spec == null ? null : spec.getAsJsonObject("template");
        JsonObject pod = template == null ? null : template.getAsJsonObject("spec");
        JsonElement taints = pod == null ? null : pod.get("taints");
        if (taints == null || !taints.isJsonArray()) {
            return out;
        }
        for (JsonElement t : taints.getAsJsonArray()) {
            JsonObject o = t.getAsJsonObject();
            String key = text(o, "key");
            String value = text(o, "value");
            V1Toleration tol = new V1Toleration().key(key).effect(text(o, "effect"));
            out.add(value == null ? tol.operator("Exists") : tol.operator("Equal").value(value));
        }
        return out;
    }

    /** This pool with its limits, and prescale's annotations set ({@code null} value: removed). */
    NodePool with(JsonObject limits, Map<String, String> annotations) {
        JsonObject next = json.deepCopy();
        next.getAsJsonObject("spec").add("limits", limits.deepCopy());
        JsonObject meta = next.getAsJsonObject("metadata");
        JsonObject a = meta.has("annotations") && meta.get("annotations").isJsonObject()
                ? meta.getAsJsonObject("annotations") : new JsonObject();
        annotations.forEach((k, v) -> {
            if (v == null) {
                a.remove(k);
            } else {
                a.addProperty(k, v);
            }
        });
        meta.add("annotations", a);
        return new NodePool(next);
    }

    /** The limits to hold {@code need}: each of cpu and memory the pool caps, raised to it where lower. */
    static JsonObject raised(JsonObject limits, Resources need) {
        JsonObject next = limits.deepCopy();
        if (next.has(CPU) && milliCpu(next.get(CPU)) < need.milliCpu()) {
            next.addProperty(CPU, Resources.formatCpu(need.milliCpu()));
        }
        if (next.has(MEMORY) && bytes(next.get(MEMORY)) < need.memoryBytes()) {
            next.addProperty(MEMORY, Resources.formatMemory(need.memoryBytes()));
        }
        return next;
    }

    /** Whether {@code limits} hold {@code need}: every cpu or memory limit at least what it asks. */
    static boolean holds(JsonObject limits, Resources need) {
        return (!limits.has(CPU) || milliCpu(limits.get(CPU)) >= need.milliCpu())
                && (!limits.has(MEMORY) || bytes(limits.get(MEMORY)) >= need.memoryBytes());
    }

    /** {@code cpu 160, memory 320Gi} as written. */
    static String describe(JsonObject limits) {
        if (limits.isEmpty()) {
            return "none";
        }
        Map<String, String> m = new LinkedHashMap<>();
        limits.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
        return String.join(", ", m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    static long milliCpu(JsonElement q) {
        return quantity(q).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    static long bytes(JsonElement q) {
        return quantity(q).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static BigDecimal quantity(JsonElement q) {
        if (q == null || !q.isJsonPrimitive()) {
            throw new NumberFormatException("not a quantity: " + q);
        }
        try {
            return new Quantity(q.getAsString()).getNumber();
        } catch (RuntimeException e) { // QuantityFormatException
            throw new NumberFormatException("not a quantity: " + q);
        }
    }

    private JsonObject metadata() {
        JsonObject m = json.getAsJsonObject("metadata");
        return m == null ? new JsonObject() : m;
    }

    private static String text(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }
}
