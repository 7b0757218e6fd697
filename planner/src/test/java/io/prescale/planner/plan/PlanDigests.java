package io.prescale.planner.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A plan file's digest made again over whatever it now holds, as a tool that edits plans (or a broken writer) would
 * make it: the fuzzers' edits then reach the checks behind the digest instead of stopping at it.
 */
public final class PlanDigests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanDigests() {
    }

    /** {@code bytes} with {@link PlanJson#BODY_DIGEST} made again when they are a JSON object, else unchanged. */
    public static byte[] redigest(byte[] bytes) {
        try {
            JsonNode tree = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (!(tree instanceof ObjectNode o)) {
                return bytes;
            }
            o.put(PlanJson.BODY_DIGEST, PlanJson.bodyDigest(o));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (java.io.IOException | RuntimeException e) {
            return bytes;
        }
    }
}
