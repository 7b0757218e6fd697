package io.prescale.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The versions of a scenario's learned fragments ({@code live: learn: into:}), on disk:
 * <pre>
 * learned/audience.yaml, shapes.yaml, layers.yaml   the active fragments (what the scenario names)
 * learned/ACTIVE                                     the active version's number
 * learned/versions/0003/                             each re-fit: its three fragments, version.json, diff.txt
 * </pre>
 * A version is written to a temporary folder and renamed into place, and the active fragments are each replaced by
 * an atomic move, so a crash leaves either the old state or the new one, never a half-written file.
 */
public final class LearnedVersions {
    public static final String ACTIVE = "ACTIVE";
    public static final String VERSIONS = "versions";
    static final List<String> FILES = List.of("audience.yaml", "shapes.yaml", "layers.yaml");

    /**
     * One version: when it was fitted, on what, how well (RMS error of the median forecast, rps, on the structure's
     * windows of the history read) against the version in force on the same minutes, and what became of it.
     */
    public record Version(int number, Instant createdAt, String layer, int events, Instant fittedUntil,
                          double rmsRps, double previousRmsRps, String status, String reason, int changedLines) {
        public boolean active(int activeNumber) {
            return number == activeNumber;
        }
    }

    private final Path dir;

    public LearnedVersions(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every version, oldest first; a folder that is not a readable version is left out. */
    public List<Version> list() {
        Path v = dir.resolve(VERSIONS);
        if (!Files.isDirectory(v)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(v)) {
            for (Path p : s.filter(x -> x.getFileName().toString().matches("\\d{4,}")).toList()) {
                read(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingInt(Version::number));
        return out;
    }

    /** The active version's number, or 0 when none was activated. */
    public int active() {
        try {
            Path a = dir.resolve(ACTIVE);
            return Files.isRegularFile(a) ? Integer.parseInt(Files.readString(a).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The diff a version recorded against the fragments in force when it was made. */
    public Optional<String> diff(int number) {
        Path d = dir.resolve(VERSIONS).resolve(name(number)).resolve("diff.txt");
        try {
            return Files.isRegularFile(d) ? Optional.of(Files.readString(d)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The active fragments' text, by file name (a missing file is absent). */
    public Map<String, String> activeFragments() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FILES) {
            Path p = dir.resolve(f);
            try {
                if (Files.isRegularFile(p)) {
                    out.put(f, Files.readString(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Writes a new version (numbered after the last one) and, when {@code activate}, makes it the active one. */
    public Version write(Map<String, String> fragments, Version meta, String diff, boolean activate) throws IOException {
        Path versions = dir.resolve(VERSIONS);
        Files.createDirectories(versions);
        Version v = null;
        // two re-fits at once (two events ending together, two daemons) each take the next free number: the rename
        // of a folder onto an existing one fails rather than replacing it
        for (int attempt = 0; v == null; attempt++) {
            int number = list().stream().mapToInt(Version::number).max().orElse(0) + 1 + attempt;
            Version candidate = new Version(number, meta.createdAt(), meta.layer(), meta.events(), meta.fittedUntil(),
                    meta.rmsRps(), meta.previousRmsRps(), meta.status(), meta.reason(), meta.changedLines());
            Path tmp = Files.createTempDirectory(versions, ".tmp-");
            for (var e : fragments.entrySet()) {
                Files.writeString(tmp.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(tmp.resolve("diff.txt"), diff, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("version.json"), json(candidate), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, versions.resolve(name(number)), StandardCopyOption.ATOMIC_MOVE);
                v = candidate;
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(tmp);
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        if (activate) {
            synchronized (LearnedVersions.class) {
                // a later version never gives way to an earlier one that finished after it
                if (v.number() > active()) {
                    for (var e : fragments.entrySet()) {
                        replace(dir.resolve(e.getKey()), e.getValue());
                    }
                    replace(dir.resolve(ACTIVE), v.number() + "\n");
                }
            }
        }
        return v;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static void replace(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String name(int number) {
        return String.format(java.util.Locale.ROOT, "%04d", number);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(Version v) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(v)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version as JSON, as version.json holds it and {@code prescale learned --output json} lists it. */
    public static ObjectNode toJson(Version v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", v.number());
        n.put("createdAt", v.createdAt().toString());
        n.put("layer", v.layer());
        n.put("events", v.events());
        n.put("fittedUntil", v.fittedUntil().toString());
        n.put("rmsRps", v.rmsRps());
        if (Double.isNaN(v.previousRmsRps())) {
            n.putNull("previousRmsRps");
        } else {
            n.put("previousRmsRps", v.previousRmsRps());
        }
        n.put("status", v.status());
        n.put("reason", v.reason());
        n.put("changedLines", v.changedLines());
        return n;
    }

    private static Optional<Version> read(Path p) {
        try {
            JsonNode n = JSON.readTree(Files.readString(p.resolve("version.json")));
            return Optional.of(new Version(n.get("version").asInt(), Instant.parse(n.get("createdAt").asText()),
                    n.get("layer").asText(), n.get("events").asInt(), Instant.parse(n.get("fittedUntil").asText()),
                    n.get("rmsRps").asDouble(), n.get("previousRmsRps").isNull() ? Double.NaN
                    : n.get("previousRmsRps").asDouble(), n.get("status").asText(), n.get("reason").asText(),
                    n.get("changedLines").asInt()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
