package io.prescale.planner;

import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.calendar.CalendarContext;
import io.prescale.planner.calendar.Calendars;
import io.prescale.planner.config.InputFiles;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.plan.StateFile;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The input readers as the fuzzers see them (jqwik's {@code ReaderPropertiesTest} and Jazzer's {@code ReaderFuzzTest}),
 * each with the property every input must keep: a valid result, or errors that each name their file (and their line
 * where the file has lines), never any other exception. An exception escaping here is what {@code prescale} would
 * report as exit 3 with a stack trace; a problem without its file is an error nobody can find.
 */
public final class ReaderTargets {
    /** The files of a small valid scenario: the scenario target replaces one of them. */
    public static final Map<String, String> TINY = tiny();
    public static final List<String> TINY_FILES = List.copyOf(TINY.keySet());
    static final Instant FROM = Instant.parse("2026-06-12T12:00:00Z");
    static final CalendarContext YEAR = new CalendarContext(Optional.of(java.time.ZoneOffset.UTC),
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
    static final Set<String> LAYERS = Set.of("web", "api");

    private ReaderTargets() {
    }

    private static Map<String, String> tiny() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prescale.yaml", """
                name: tiny
                zone: UTC
                plan: {from: 2026-06-12T12:00:00Z, horizon: 30d}
                calendar: fixtures.yaml
                audience: audience.yaml
                shapes: shapes.yaml
                layers: layers.yaml
                baseline: {web: 2, api: 1}
                """);
        m.put("fixtures.yaml", """
                events:
                  - {id: m1, title: A vs B, kickoff: 2026-06-13T19:00:00Z, teams: [A, B], stage: group}
                  - {id: m2, title: C vs D, kickoff: 2026-06-14T19:00:00Z, teams: [C, D], stage: final}
                """);
        m.put("audience.yaml", "base: {p50: 100k, p90: 150k}\nteams: {A: 2x}\n");
        m.put("shapes.yaml", "football:\n  type: match\n  preMatch: 30m\n  adBreaks: {at: [half-time], window: 30s}\n");
        m.put("layers.yaml", """
                - {name: web, unit: instances, rpsPerUnit: 100rps, min: 2, warmup: 5m, terms: [{type: per-viewer, every: 10s}]}
                - {name: api, unit: pods, rpsPerUnit: 200rps, min: 1, max: 400, terms: [{type: per-viewer, every: 30s}]}
                """);
        return m;
    }

    /**
     * The tiny scenario with {@code file} replaced by {@code bytes}, loaded from {@code dir} as {@code prescale plan}
     * loads it and, when valid, planned.
     */
    public static void scenario(Path dir, String file, byte[] bytes) {
        try {
            for (var f : TINY.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            Files.write(dir.resolve(file), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loadAndPlan(dir, "scenario " + file);
    }

    /** Loads the folder as {@code prescale plan} does and, when valid, plans it; else every error names its file. */
    private static void loadAndPlan(Path dir, String what) {
        try {
            Scenario s = ScenarioLoader.load(dir, Optional.empty(), FROM);
            Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), FROM);
            Planner.plan(s, at, FROM, new ObservedState("fuzz", at, s.baseline()));
        } catch (InvalidInputException e) {
            everyErrorNamesItsFile(e.diagnostics(), what);
        }
    }

    /**
     * A whole scenario folder packed in one input, as {@link #pack} writes it: each file starts at a line
     * {@code #> name} (prescale.yaml, layers.yaml, audience.yaml, a calendar...), so the fuzzer changes several files
     * and the names that tie them together at once. The folder is emptied, the files written (a name that is no plain
     * file name is skipped), then loaded as {@code prescale plan} loads it and, when valid, planned.
     */
    public static void folder(Path dir, byte[] packed) {
        try {
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            for (var f : unpack(packed).entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loadAndPlan(dir, "scenario folder");
    }

    /** The files of a folder in {@link #folder}'s packing: {@code #> name} lines, each followed by its bytes. */
    public static byte[] pack(Map<String, byte[]> files) {
        var out = new java.io.ByteArrayOutputStream();
        files.forEach((name, bytes) -> {
            out.writeBytes(utf8("#> " + name + "\n"));
            out.writeBytes(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                out.write('\n');
            }
        });
        return out.toByteArray();
    }

    /** Splits a packed folder; bytes before the first {@code #> } line and unsafe names are dropped. */
    static Map<String, byte[]> unpack(byte[] packed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String name = null;
        int start = 0;
        for (int i = 0; i <= packed.length; i++) {
            boolean header = i < packed.length - 2 && (i == 0 || packed[i - 1] == '\n') && packed[i] == '#'
                    && packed[i + 1] == '>' && packed[i + 2] == ' ';
            if (!header && i < packed.length) {
                continue;
            }
            if (name != null) {
                files.put(name, java.util.Arrays.copyOfRange(packed, start, i));
            }
            if (i == packed.length) {
                break;
            }
            int end = i;
            while (end < packed.length && packed[end] != '\n') {
                end++;
            }
            String n = new String(packed, i + 3, end - i - 3, StandardCharsets.UTF_8).strip();
            name = n.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,60}") ? n : null;
            start = Math.min(packed.length, end + 1);
            i = end;
        }
        return files;
    }

    /** A calendar file named {@code name} (its extension picks the reader) holding {@code bytes}. */
    public static void calendar(String name, byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        InputFiles.text(name, bytes, diags).ifPresent(text -> Calendars.read(name, text, YEAR, diags));
        everyErrorNamesItsFile(diags.all(), "calendar " + name);
    }

    /** A state file holding {@code bytes}, for a scenario with layers web and api. */
    public static void stateFile(byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        Optional<ObservedState> s = InputFiles.text("state.json", bytes, diags)
                .flatMap(text -> StateFile.parse("state.json", text, LAYERS, FROM, diags));
        if (s.isPresent() == diags.hasErrors()) {
            throw new AssertionError("a state file is read or has errors, not both: " + diags.all());
        }
        s.ifPresent(st -> st.units().forEach((k, v) -> {
            if (!LAYERS.contains(k) || v < 0) {
                throw new AssertionError("state file read a unit count it should refuse: " + k + "=" + v);
            }
        }));
        everyErrorNamesItsFile(diags.all(), "state file");
    }

    /**
     * A plan file holding {@code bytes}, read as {@code apply} reads it: a plan whose every field apply uses is
     * there, or an error saying what is wrong (the field and its line when the digest matched but the content is no
     * plan), never another exception.
     */
    public static void planFile(byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        Optional<String> text = InputFiles.text("plan.json", bytes, diags);
        everyErrorNamesItsFile(diags.all(), "plan file");
        if (text.isEmpty()) {
            return;
        }
        io.prescale.planner.plan.Plan p;
        try {
            p = io.prescale.planner.plan.PlanJson.read(text.get());
        } catch (io.prescale.planner.plan.PlanJson.InvalidPlan e) {
            if (e.field().isEmpty() || e.line() < 1 || e.line() > text.get().split("\n", -1).length) {
                throw new AssertionError("plan file: an error without its field or line: line " + e.line() + ", "
                        + e.getMessage(), e);
            }
            inPlainWords(e.getMessage(), "plan file");
            return;
        } catch (IllegalArgumentException e) {
            inPlainWords(e.getMessage(), "plan file");
            return;
        }
        java.util.Set<String> layers = new java.util.HashSet<>();
        p.layers().forEach(l -> layers.add(java.util.Objects.requireNonNull(l.name(), "a layer's name")));
        for (var c : p.changes()) {
            if (c.at() == null || c.neededAt() == null || c.action() == null || c.target() == null || c.from() < 0
                    || c.to() < 0 || !layers.contains(c.layer())) {
                throw new AssertionError("plan file: a change apply cannot carry out was read: " + c);
            }
        }
        if (p.observed() == null || p.maxAge() == null || p.createdAt() == null || p.digest().length() < 19) {
            throw new AssertionError("plan file: a plan without what apply checks was read: " + p.observed() + ", "
                    + p.maxAge() + ", " + p.createdAt() + ", " + p.digest());
        }
    }

    /** The tiny scenario's plan as {@code prescale plan} writes it, made in {@code dir}: the plan fuzzers' seed. */
    public static String tinyPlan(Path dir) {
        try {
            for (var f : TINY.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), FROM);
        Instant at = ScenarioLoader.effectiveAt(s, Optional.empty(), FROM);
        return io.prescale.planner.plan.PlanJson.write(Planner.plan(s, at, FROM,
                new ObservedState("fuzz", at, s.baseline())).plan());
    }

    private static void inPlainWords(String message, String what) {
        if (message == null || message.matches(
                "(?s).*(?:\\bjava\\.|\\bjavax\\.|fasterxml|io\\.prescale|[a-z][A-Za-z]*(?:Exception|Error)\\b).*")) {
            throw new AssertionError(what + ": an error in a library's words: " + message);
        }
    }

    /** A recorded trace holding {@code bytes}, read from a file in {@code dir} as backtest and calibrate read it. */
    public static void trace(Path dir, byte[] bytes) {
        Path f = dir.resolve("trace.csv");
        try {
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TraceReader.load(f).series().forEach(s -> {
                for (double r : s.rps()) {
                    if (!(r >= 0) || Double.isInfinite(r)) {
                        throw new AssertionError("a trace read a rate that is not a finite non-negative number: " + r);
                    }
                }
            });
        } catch (InvalidInputException e) {
            everyErrorNamesItsFile(e.diagnostics(), "trace");
        }
    }

    /** Every error names its file; a line too unless it concerns the whole file (empty, too large, not text). */
    static void everyErrorNamesItsFile(List<Diagnostic> diagnostics, String what) {
        for (Diagnostic d : diagnostics) {
            if (!d.isError()) {
                continue;
            }
            if (d.location() == null || d.location().file().isBlank()) {
                throw new AssertionError(what + ": an error without its file: " + d.format());
            }
            String shown = d.format();
            // ical4j's package, net.fortuna: a team may be called Fortuna (FSV Fortuna Pankow, Fortuna Düsseldorf)
            if (shown.matches("(?s).*(?:\\bjava\\.|\\bjavax\\.|fasterxml|net\\.fortuna|snakeyaml|[a-z][A-Za-z]*(?:Exception|Error)\\b).*")) {
                throw new AssertionError(what + ": an error in a library's words: " + shown);
            }
        }
    }

    /** Text as UTF-8 bytes. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
