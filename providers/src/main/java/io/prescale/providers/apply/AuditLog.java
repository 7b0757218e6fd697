package io.prescale.providers.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.plan.PlanJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Append-only audit log, one JSON object a line: when, which plan (digest), which resource, before, after and the
 * result. Lines are written whole under a lock and flushed, so concurrent applies in one process never interleave.
 * Nothing secret goes in: providers' details carry no credentials.
 */
public final class AuditLog {
    private static final ObjectMapper JSON = PlanJson.mapper().disable(
            com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    /** A log that keeps nothing, for callers that do not want one. */
    public static AuditLog none() {
        return new AuditLog(null);
    }

    public Path file() {
        return file;
    }

    public synchronized void record(Instant at, String planDigest, boolean dryRun, ResourceResult r,
                                    Map<String, String> details) {
        line(at, planDigest, dryRun, r.layer(), r.resource(), r.action().name(), r.before(), r.after(),
                r.status().name(), r.message(), details);
    }

    /**
     * A change of a managed target found on a read, not made by this run: what the log last knew, what was found,
     * and what that probably was (a write whose answer was lost, or someone else's change).
     */
    public synchronized void observed(Instant at, String planDigest, String layer, String resource, int expected,
                                      int found, String note) {
        line(at, planDigest, false, layer, resource, "OBSERVE", expected, found, "FOUND",
                "found at " + found + ", expected " + expected + ": " + note, Map.of());
    }

    /** One line, its fields in the order every line has them (what {@link #lastKnown} and tools read). */
    private void line(Instant at, String planDigest, boolean dryRun, String layer, String resource, String action,
                      int before, int after, String result, String message, Map<String, String> details) {
        if (file == null) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("time", at.toString());
        n.put("planDigest", planDigest);
        n.put("dryRun", dryRun);
        n.put("layer", layer);
        n.put("resource", resource);
        n.put("action", action);
        n.put("before", before);
        n.put("after", after);
        n.put("result", result);
        n.put("message", message);
        ObjectNode d = n.putObject("details");
        details.forEach(d::put);
        append(n);
    }

    /** The layer's capacity as this log last recorded it (what a run applied or found), if any. */
    public synchronized java.util.Optional<Integer> lastKnown(String layer) {
        Integer last = null;
        for (com.fasterxml.jackson.databind.JsonNode n : entries(layer)) {
            String result = n.path("result").asText();
            int after = n.path("after").asInt(-1);
            if (!n.path("dryRun").asBoolean() && after >= 0 && (result.equals("APPLIED") || result.equals("FOUND")
                    || result.equals("UNCHANGED"))) {
                last = after;
            }
        }
        return java.util.Optional.ofNullable(last);
    }

    /** Units prescale asked the layer's target for in changes whose outcome it could not confirm. */
    public synchronized java.util.Set<Integer> unconfirmed(String layer) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode n : entries(layer)) {
            if (n.path("result").asText().equals("FAILED") && n.path("details").has("asked")) {
                out.add(n.path("details").path("asked").asInt());
            }
        }
        return out;
    }

    private List<com.fasterxml.jackson.databind.JsonNode> entries(String layer) {
        List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.contains("\"" + layer + "\"")) {
                    continue;
                }
                try {
                    com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(line);
                    if (layer.equals(n.path("layer").asText())) {
                        out.add(n);
                    }
                } catch (IOException e) {
                    // a torn last line (a crash mid-write) says nothing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read audit log " + file, e);
        }
        return out;
    }

    private void append(ObjectNode n) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("write audit log " + file, e);
        }
    }

    /**
     * The values prescale itself set on a layer's target under this plan (APPLIED results in this log): a target
     * found at one of them was changed by prescale, not by someone else.
     */
    public synchronized java.util.Set<Integer> written(String planDigest, String layer) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode n : entries(layer)) {
            if (planDigest.equals(n.path("planDigest").asText()) && "APPLIED".equals(n.path("result").asText())
                    && !n.path("dryRun").asBoolean() && n.path("after").asInt(-1) >= 0) {
                out.add(n.path("after").asInt());
            }
        }
        return out;
    }
}
