package io.prescale.planner.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The plan file format: JSON, times as ISO-8601 UTC instants, durations as ISO-8601 ({@code PT1H}). */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PlanJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static String write(Plan plan) {
        try {
            return MAPPER.writeValueAsString(plan) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }

    /** Reads a plan file; a file that is not a plan gives an {@link IllegalArgumentException} saying why. */
    public static Plan read(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            int version = tree == null || !tree.has("formatVersion") ? -1 : tree.get("formatVersion").asInt(-1);
            if (version != Plan.FORMAT_VERSION) {
                throw new IllegalArgumentException(version < 0 ? "not a prescale plan: no formatVersion"
                        : "plan format version " + version + " is not supported (this prescale reads version "
                                + Plan.FORMAT_VERSION + ")");
            }
            return MAPPER.treeToValue(tree, Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a prescale plan: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
        }
    }
}
