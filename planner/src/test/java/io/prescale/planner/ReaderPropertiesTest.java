package io.prescale.planner;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Property-based tests of every input reader (scenario files, calendars in each format, state files, traces) with
 * jqwik: inputs made by editing real ones (the shipped examples, published feeds) the way tired operators and
 * broken exports do, and by raw bytes. Whatever the input, the reader gives a valid result or errors naming their
 * file, never another exception, each try within 10 seconds; jqwik shrinks a failure to a small input and replays it
 * first next time. {@code -Djqwik.tries.default=5000} runs a longer campaign than CI's 150 tries per property.
 */
class ReaderPropertiesTest {
    /** What breaks readers: edge numbers, overflowing durations, impossible dates, YAML and CSV syntax, encodings. */
    static final List<String> TOKENS = List.of("NaN", "-1", "0", "1e309", "-0", "9223372036854775807", "Infinity",
            "1e-320", "2147483648", "99999999999999999999", "NaN%", "-5%", "1e308rps", "106751991167300d",
            "9223372036854775807ms", "P99999999999D", "-999999999-01-01T00:00Z", "+999999999-12-31T23:59:59Z",
            "2026-11-31", "2026-02-29", "26:00", "24:00", "20261131T190000Z", "COUNT=-1", "INTERVAL=0", ";COUNT=0",
            "FREQ=SECONDLY", "EXDATE:", "DTSTART:20260614T190000Z\n", "RRULE:FREQ=DAILY\n", "BEGIN:VEVENT\n",
            "END:VEVENT\n", "&a [1]", "*a", "<<: *a", "!!binary", "!!python/object", "{", "}", "[", "]", ":", ",", "\"",
            "'", "#", "\t", "\r", "\n", "\n  - ", "- ", "\u0000", "\u0001", "\ufeff", "\ufffd", "\ud83d\ude00",
            "\u00e9", "null", "~", "[]", "{}", "\"\"", "1.5", "2.0", "-", "\\", "%", "x".repeat(300));

    private Path dir;

    @BeforeTry
    void newDir() throws IOException {
        dir = Files.createTempDirectory("prescale-prop");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property
    void scenario_anyEditOfOneFile_validPlanOrErrorsNamingTheirFile(
            @ForAll("scenarioEdits") Tuple.Tuple2<String, byte[]> edit) {
        within(() -> ReaderTargets.scenario(dir, edit.get1(), edit.get2()));
    }

    @Property
    void calendar_anyEditOfAFeed_eventsOrErrorsNamingTheirFile(@ForAll("calendarEdits") Tuple.Tuple2<String, byte[]> edit) {
        within(() -> ReaderTargets.calendar(edit.get1(), edit.get2()));
    }

    @Property
    void stateFile_anyText_observedStateOrErrorsNamingTheFile(@ForAll("stateFiles") byte[] bytes) {
        within(() -> ReaderTargets.stateFile(bytes));
    }

    @Property
    void trace_anyEdit_traceOrErrorsNamingTheFile(@ForAll("traces") byte[] bytes) {
        within(() -> ReaderTargets.trace(dir, bytes));
    }

    /**
     * Plan files edited in their text or in one JSON value, then given a digest that matches again (as a tool that
     * edits plans would): the digest no longer stops them, so what is behind it is reached. A fixed seed: the
     * cases are the same in every build.
     */
    @Property(seed = "20261205")
    void planFile_anyEditWithItsDigestMadeAgain_planOrAnErrorNamingTheField(@ForAll("planEdits") byte[] bytes) {
        within(() -> ReaderTargets.planFile(bytes));
    }

    private static String tinyPlan;

    private static synchronized String tinyPlan() {
        if (tinyPlan == null) {
            try {
                Path d = Files.createTempDirectory("prescale-plan");
                tinyPlan = ReaderTargets.tinyPlan(d);
                try (Stream<Path> files = Files.walk(d)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyPlan;
    }

    /** What a JSON value of a plan is replaced with: wrong types, edge numbers, impossible times, nothing. */
    static final List<String> JSON_VALUES = List.of("null", "-1", "0", "2147483648", "9223372036854775807", "1e308",
            "1.5", "\"NaN\"", "\"\"", "\"x\"", "true", "[]", "{}", "\"+999999999-12-31T23:59:59Z\"",
            "\"1899-12-31T23:59:59Z\"", "\"PT-5M\"", "\"P99999D\"", "\"SCALE_OUT\"", "\"CHECK\"", "[null]",
            "{\"x\": null}");

    @Provide
    Arbitrary<byte[]> planEdits() {
        Arbitrary<byte[]> valueEdits = Combinators.combine(Arbitraries.doubles().between(0, 1),
                Arbitraries.of(JSON_VALUES), Arbitraries.integers().between(0, 3)).as((at, value, op) -> {
                    try {
                        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                        var tree = mapper.readTree(tinyPlan());
                        List<com.fasterxml.jackson.databind.JsonNode[]> slots = new ArrayList<>();
                        List<Object> keys = new ArrayList<>();
                        slots(tree, slots, keys);
                        int i = (int) (at * (slots.size() - 1));
                        var parent = slots.get(i)[0];
                        var v = mapper.readTree(value);
                        if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                            if (op == 0) {
                                o.remove((String) keys.get(i));
                            } else {
                                o.set((String) keys.get(i), v);
                            }
                        } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
                            int k = (Integer) keys.get(i);
                            switch (op) {
                                case 0 -> a.remove(k);
                                case 1 -> a.insert(k, a.get(k).deepCopy());
                                default -> a.set(k, v);
                            }
                        }
                        return mapper.writeValueAsBytes(tree);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        Arbitrary<byte[]> textEdits = Arbitraries.just(0).flatMap(x -> edited(List.of(tinyPlan())));
        return Arbitraries.frequencyOf(Tuple.of(3, valueEdits), Tuple.of(1, textEdits))
                .map(io.prescale.planner.plan.PlanDigests::redigest);
    }

    /** Every value of the tree but the format version and the digest, with its parent and its key or index. */
    private static void slots(com.fasterxml.jackson.databind.JsonNode n, List<com.fasterxml.jackson.databind.JsonNode[]> out,
                              List<Object> keys) {
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(k -> {
                if (!k.equals("formatVersion") && !k.equals("bodyDigest")) {
                    out.add(new com.fasterxml.jackson.databind.JsonNode[] {n});
                    keys.add(k);
                    slots(n.get(k), out, keys);
                }
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.add(new com.fasterxml.jackson.databind.JsonNode[] {n});
                keys.add(i);
                slots(n.get(i), out, keys);
            }
        }
    }

    private static void within(Runnable r) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), r::run);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, byte[]>> scenarioEdits() {
        return Arbitraries.of(ReaderTargets.TINY_FILES).flatMap(f -> edited(List.of(ReaderTargets.TINY.get(f)))
                .map(b -> Tuple.of(f, b)));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, byte[]>> calendarEdits() {
        List<String> names = new ArrayList<>(feeds());
        names.add("fixtures.yaml");
        return Arbitraries.of(names).flatMap(n -> edited(List.of(n.equals("fixtures.yaml")
                ? ReaderTargets.TINY.get(n) : read(Path.of("src/test/resources/calendar", n)))).map(b -> Tuple.of(n, b)));
    }

    @Provide
    Arbitrary<byte[]> stateFiles() {
        return edited(List.of("{\"units\": {\"web\": 40, \"api\": 3}, \"observedAt\": \"2026-06-12T18:00:00Z\"}\n",
                "{\"web\": 40}", "{\"units\": {}}"));
    }

    @Provide
    Arbitrary<byte[]> traces() {
        StringBuilder perSecond = new StringBuilder("timestamp,requests\n");
        for (int i = 0; i < 300; i++) {
            perSecond.append(1_781_290_800L + i).append(',').append(100 + i % 37).append('\n');
        }
        return edited(List.of("minute_utc,web,api\n2026-06-12T19:00:00Z,6000,600\n2026-06-12T19:01:00Z,6600,610\n"
                        + "2026-06-12T19:02:00Z,7000,650\n",
                "timestamp,requests,layer\n1781290800,1520,web\n1781290800,31,api\n1781290860,1498,web\n1781290860,30,api\n",
                "time;edge_rps\n2026-06-12 19:00:00+02:00;91.2k\n2026-06-12 19:05:00+02:00;93k\n", perSecond.toString()));
    }

    /** Seeds edited up to four times (a token put in, a span cut, a line doubled or lost, the end cut), or raw bytes. */
    static Arbitrary<byte[]> edited(List<String> seeds) {
        Arbitrary<String> seed = Arbitraries.of(seeds);
        Arbitrary<List<Edit>> edits = edit().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<byte[]> editedText = Combinators.combine(seed, edits).as((s, es) -> {
            String t = s;
            for (Edit e : es) {
                t = e.apply(t);
            }
            return t.getBytes(StandardCharsets.UTF_8);
        });
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> otherEncoding = seed.map(s -> s.getBytes(StandardCharsets.UTF_16LE));
        return Arbitraries.frequencyOf(Tuple.of(10, editedText), Tuple.of(1, raw), Tuple.of(1, otherEncoding));
    }

    /** One edit at a relative position of the text. */
    record Edit(int kind, double at, double to, String token) {
        String apply(String t) {
            int i = (int) (at * t.length());
            int j = Math.min(t.length(), i + (int) (to * 40));
            return switch (kind) {
                case 0 -> t.substring(0, i) + token + t.substring(i);
                case 1 -> t.substring(0, i) + token + t.substring(j); // a value replaced
                case 2 -> t.substring(0, i) + t.substring(j); // a span lost
                case 3 -> { // a line doubled
                    int s = t.lastIndexOf('\n', Math.max(0, i - 1)) + 1;
                    int e = t.indexOf('\n', i);
                    e = e < 0 ? t.length() : e + 1;
                    yield t.substring(0, e) + t.substring(s, e) + t.substring(e);
                }
                default -> t.substring(0, i); // cut short
            };
        }
    }

    static Arbitrary<Edit> edit() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1), Arbitraries.of(TOKENS)).as(Edit::new);
    }

    static List<String> feeds() {
        Path root = Path.of("src/test/resources/calendar");
        // the published feeds of calendar/real/ too (its SOURCES.md is no calendar)
        try (Stream<Path> files = Files.walk(root)) {
            List<String> out = new ArrayList<>();
            files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
