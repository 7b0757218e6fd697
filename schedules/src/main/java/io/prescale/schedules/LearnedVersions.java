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

    /** The most versions a store numbers: one per event, for centuries; a folder numbered beyond is no version. */
    static final int MAX_VERSION = 999_999;

    /**
     * What the store holds: its readable versions, oldest first, and why each folder or file that should be a
     * version (or say which is in force) is not, naming the file.
     */
    public record Listing(List<Version> versions, List<String> problems) {
    }

    /** Every version, oldest first; a folder that is not a readable version is left out ({@link #read} says why). */
    public List<Version> list() {
        return read().versions();
    }

    /** Every readable version, oldest first, and the problems of those that are not. */
    public Listing read() {
        List<Version> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : folders()) {
            int number = number(p);
            if (number < 1 || number > MAX_VERSION) {
                problems.add(p + ": error: a version folder numbered beyond " + name(MAX_VERSION)
                        + "; it is left out (remove it)");
                continue;
            }
            read(p, number).ifPresentOrElse(out::add, () -> problems.add(why(p, number)));
        }
        out.sort(Comparator.comparingInt(Version::number));
        Path a = dir.resolve(ACTIVE);
        if (Files.exists(a) && active() == 0) {
            problems.add(a + ": error: " + activeText(a) + " is not the number of a version; no version is in force "
                    + "(write the number of one, or remove the file)");
        }
        return new Listing(List.copyOf(out), List.copyOf(problems));
    }

    /** The folders named as versions ({@code 0003}), readable or not: a new version is numbered after all of them. */
    private List<Path> folders() {
        Path v = dir.resolve(VERSIONS);
        if (!Files.isDirectory(v)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(v)) {
            return s.filter(x -> x.getFileName().toString().matches("\\d{4,}")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder's number, or -1 when it is beyond an int. */
    private static int number(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String activeText(Path a) {
        try {
            String t = Files.readString(a).strip();
            return "\"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        } catch (IOException | RuntimeException e) {
            return "what it holds";
        }
    }

    /** The active version's number, or 0 when none was activated. */
    public int active() {
        try {
            Path a = dir.resolve(ACTIVE);
            int n = Files.isRegularFile(a) ? Integer.parseInt(Files.readString(a).strip()) : 0;
            return n >= 1 && n <= MAX_VERSION ? n : 0;
        } catch (IOException | RuntimeException e) {
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
            // after every folder, readable or not: a version whose version.json was damaged keeps its number
            int number = folders().stream().mapToInt(LearnedVersions::number).filter(n -> n >= 1 && n <= MAX_VERSION)
                    .max().orElse(0) + 1 + attempt;
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
        // JSON has no NaN: Jackson would write one that it cannot read back, and the version would be lost
        if (Double.isFinite(v.rmsRps())) {
            n.put("rmsRps", v.rmsRps());
        } else {
            n.putNull("rmsRps");
        }
        if (!Double.isFinite(v.previousRmsRps())) {
            n.putNull("previousRmsRps");
        } else {
            n.put("previousRmsRps", v.previousRmsRps());
        }
        n.put("status", v.status());
        n.put("reason", v.reason());
        n.put("changedLines", v.changedLines());
        return n;
    }

    private static Optional<Version> read(Path p, int number) {
        try {
            return Optional.of(parse(p.resolve("version.json"), number));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why the folder is not a readable version: its version.json, the field, what is wrong. */
    private static String why(Path p, int number) {
        Path f = p.resolve("version.json");
        try {
            parse(f, number);
            return f + ": error: unreadable";
        } catch (IOException | RuntimeException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? "not JSON" + (j.getLocation() != null && j.getLocation().getLineNr() > 0 ? " at line "
                            + j.getLocation().getLineNr() : "") + ": " + plain(j.getOriginalMessage())
                    : e instanceof java.nio.file.NoSuchFileException ? "missing"
                    : e instanceof IOException ? "cannot be read (" + e.getMessage() + ")" : e.getMessage();
            return f + ": error: " + m + "; version " + number + " is left out (the daemon wrote it: restore it from a "
                    + "backup, or remove the folder)";
        }
    }

    /** Jackson's complaint without its settings' and classes' names, which say nothing to whoever reads it. */
    private static String plain(String m) {
        return String.valueOf(m).replaceAll("\\s*\\n.*", "").replaceAll("\\s*\\(start marker at .*", "")
                .replaceAll(":?\\s*enable `?[A-Za-z.]*Feature.*", "")
                .replaceAll("\\(?\\b(?:com\\.fasterxml|java)\\.[\\w.$]+\\)?", "").strip();
    }

    /** version.json of version {@code number}; an exception saying which field is wrong. */
    private static Version parse(Path f, int number) throws IOException {
        JsonNode n = JSON.readTree(Files.readString(f));
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        int version = whole(n, "version");
        if (version != number) {
            throw new IllegalArgumentException("version: " + version + " in the folder of version " + number);
        }
        return new Version(number, instant(n, "createdAt"), text(n, "layer"), whole(n, "events"),
                instant(n, "fittedUntil"), rms(n, "rmsRps"), rms(n, "previousRmsRps"), text(n, "status"),
                text(n, "reason"), whole(n, "changedLines"));
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return v;
    }

    private static int whole(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isInt() || v.intValue() < 0) {
            throw new IllegalArgumentException(name + ": " + v + " is not a whole number of 0 or more");
        }
        return v.intValue();
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + ": " + v + " is not a string");
        }
        return v.textValue();
    }

    private static Instant instant(JsonNode n, String name) {
        String t = text(n, name);
        try {
            Instant i = Instant.parse(t);
            int year = i.atOffset(java.time.ZoneOffset.UTC).getYear();
            if (year < io.prescale.planner.config.Kickoffs.FIRST_YEAR
                    || year > io.prescale.planner.config.Kickoffs.LAST_YEAR) {
                throw new IllegalArgumentException(name + ": " + t + " is outside the years "
                        + io.prescale.planner.config.Kickoffs.FIRST_YEAR + "-" + io.prescale.planner.config.Kickoffs.LAST_YEAR);
            }
            return i;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": \"" + t + "\" is not an instant (e.g. 2026-06-12T22:00:00Z)");
        }
    }

    /** An RMS error in rps, or NaN when the file has none (null: no version was in force to compare with). */
    private static double rms(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber() || !(v.doubleValue() >= 0) || Double.isInfinite(v.doubleValue())) {
            throw new IllegalArgumentException(name + ": " + v + " is not a rate of 0 or more");
        }
        return v.doubleValue();
    }
}
