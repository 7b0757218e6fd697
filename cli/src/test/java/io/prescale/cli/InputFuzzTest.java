package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.examples.ScenarioFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over mutated copies of the shipped examples, of published calendar feeds and of a saved plan (its
 * digest made again: {@link #apply_planEditedWithItsDigestMadeAgain_refusedAtTheFieldOrAppliedWithinBounds}):
 * whatever one file of a scenario says, {@code plan} ends
 * with exit 0 (a valid plan) or exit 1 with an error naming a file and a line, in bounded time; never exit 3, never
 * an exception's name or a stack trace. Each case is a seed, so a failure is reproduced by its name. The mutations
 * are the ones a tired operator or a broken export makes: a line lost or doubled, a number replaced by an edge
 * value, a duration or date pushed past what java.time holds, indentation broken, a stray character, a truncation.
 */
class InputFuzzTest {
    static final List<String> EXAMPLES = List.of("invidi-ads", "nowtv-linear", "clevertap-ipl", "broadcaster-wc-2018",
            "conviva-fifa-2014", "tv-call-to-action");
    static final String[] EDGE_NUMBERS = {"NaN", "-1", "0", "1e309", "-0", "9223372036854775807", "Infinity", "1e-320",
            "2147483648", "-2147483649", "0x1F", "1_000", ".", "%", "1e308rps", "-5%", "NaN%", "99999999999999999999"};
    static final String[] EDGE_DURATIONS = {"106751991167300d", "9223372036854775807ms", "P99999999999D", "-5m", "0s",
            "1e9h", "5x", "m"};
    static final String[] EDGE_DATES = {"-999999999-01-01T00:00Z", "+999999999-12-31T23:59:59Z", "2026-02-30T19:00Z",
            "2026-13-01T19:00Z", "2026-06-12T25:00Z", "1899-12-31T23:59Z"};

    @TempDir
    Path tmp;

    static Stream<Arguments> seeds() {
        // 120 cases in CI (a few seconds); -Dprescale.fuzz.cases=5000 for a longer campaign
        return IntStream.range(0, Integer.getInteger("prescale.fuzz.cases", 120)).mapToObj(i -> Arguments.of(EXAMPLES.get(i % EXAMPLES.size()), i));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void plan_mutatedExample_validPlanOrAnErrorWithFileAndLine(String example, int seed) throws Exception {
        // given: a copy of the example with one of its files mutated
        Path dir = ScenarioFolders.copy(Path.of("../examples").resolve(example), tmp.resolve(example));
        Random rnd = new Random(seed * 7919L + example.hashCode());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".csv")
                    || p.toString().endsWith(".ics")).sorted().toList();
        }
        Path victim = files.get(rnd.nextInt(files.size()));
        String before = Files.readString(victim);
        String after = mutate(before, rnd);
        Files.writeString(victim, after);

        // when
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CliTest.run("plan", dir.toString(), "--no-save"));

        // then
        String said = r.out() + r.err();
        String what = victim.getFileName() + " mutated:\n" + diff(before, after) + "\n--- prescale said:\n" + said;
        assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + " for " + what);
        assertTrue(!said.matches("(?s).*(?:\\bjava\\.|\\bjavax\\.|[a-z][A-Za-z]*(?:Exception|Error)\\b).*"),
                "a Java exception name for " + what);
        assertTrue(!said.contains("\tat "), "a stack trace for " + what);
        if (r.code() == 1) {
            assertTrue(said.matches("(?s).*\\S+\\.(?:yaml|csv|ics):\\d+(?::\\d+)?: error: .*")
                    || said.matches("(?s).*\\S+\\.(?:yaml|csv|ics): error: .*"), "an error without its file for " + what);
        }
    }

    /** Calendar feeds as published (the planner's fixtures): iCalendar, CSV and JSON, each with its planning year. */
    static final List<String[]> FEEDS = List.of(
            new String[] {"google-worldcup2026.ics", "2026-06-01T00:00:00Z", "UTC"},
            new String[] {"real-feed-patterns.ics", "2023-07-01T00:00:00Z", "Australia/Sydney"},
            new String[] {"outlook-export.ics", "2026-01-01T00:00:00Z", "UTC"},
            new String[] {"weekly-show.ics", "2026-10-01T00:00:00Z", "Europe/London"},
            new String[] {"worldcup98-schedule.csv", "1998-06-01T00:00:00Z", "Europe/Paris"},
            new String[] {"football-data-matches.json", "2022-11-01T00:00:00Z", "UTC"},
            new String[] {"openfootball-worldcup.json", "2022-11-01T00:00:00Z", "Asia/Qatar"});

    static Stream<Arguments> feeds() {
        return IntStream.range(0, Integer.getInteger("prescale.fuzz.cases", 120))
                .mapToObj(i -> Arguments.of(FEEDS.get(i % FEEDS.size())[0], i));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("feeds")
    void forecast_mutatedFeed_forecastOrAnErrorWithFileAndLine(String feed, int seed) throws Exception {
        // given: a scenario planning over the feed's months, the feed mutated
        String[] f = FEEDS.stream().filter(x -> x[0].equals(feed)).findFirst().orElseThrow();
        Path dir = Files.createDirectories(tmp.resolve("feed"));
        String before = Files.readString(Path.of("../planner/src/test/resources/calendar").resolve(feed));
        String after = mutate(before, new Random(seed * 104729L + feed.hashCode()));
        Files.writeString(dir.resolve(feed), after);
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: feed
                zone: UTC
                plan: {from: %s, horizon: 120d}
                calendar: {file: %s, zone: %s}
                audience: {base: {p50: 100k, p90: 120k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, min: 1, terms: [{type: per-viewer, every: 10s}]}
                """.formatted(f[1], feed, f[2]));

        // when
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CliTest.run("forecast", dir.toString(), "--output", "csv"));

        // then
        String said = r.err();
        String what = feed + " mutated:\n" + diff(before, after) + "\n--- prescale said:\n" + said;
        assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + " for " + what);
        assertTrue(!said.matches("(?s).*(?:\\bjava\\.|\\bjavax\\.|[a-z][A-Za-z]*(?:Exception|Error)\\b).*"),
                "a Java exception name for " + what);
        assertTrue(!said.contains("\tat "), "a stack trace for " + what);
        if (r.code() == 1) {
            assertTrue(said.contains(feed) || said.contains("prescale.yaml"), "an error without its file for " + what);
        }
    }

    /** What a JSON value of a saved plan becomes: wrong types, edge numbers, impossible times, nothing. */
    static final String[] PLAN_VALUES = {"null", "-1", "0", "2147483647", "9223372036854775807", "1e308", "1.5",
            "\"NaN\"", "\"\"", "\"x\"", "true", "[]", "{}", "\"+999999999-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"PT-5M\"", "\"P9999D\"", "\"SCALE_OUT\"", "\"SCALE_IN\"", "\"CHECK\"", "[null]", "5000", "400"};

    static Stream<Arguments> plans() {
        return IntStream.range(0, Integer.getInteger("prescale.fuzz.cases", 120) / 2).mapToObj(Arguments::of);
    }

    /**
     * A saved plan edited in up to three JSON values and given a digest that matches again (as a tool that "fixes"
     * plans would), then applied to fake providers: the edit is refused naming the plan file, its line and the
     * field, or what is applied stays a unit count within the plan's layers' bounds; never exit 3 (a change without
     * its time stopped apply with a NullPointerException), never a count of -1 sent on.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("plans")
    void apply_planEditedWithItsDigestMadeAgain_refusedAtTheFieldOrAppliedWithinBounds(int seed) throws Exception {
        // given: the example's plan, made once, edited
        Random rnd = new Random(seed * 15485863L);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(basePlan(tmp));
        StringBuilder edits = new StringBuilder();
        for (int k = 0, n = 1 + rnd.nextInt(3); k < n; k++) {
            List<Object[]> slots = new ArrayList<>();
            slots(tree, "", slots);
            Object[] slot = slots.get(rnd.nextInt(slots.size()));
            String value = PLAN_VALUES[rnd.nextInt(PLAN_VALUES.length)];
            edits.append(slot[2]).append(" = ").append(value).append('\n');
            if (slot[0] instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.set((String) slot[1], mapper.readTree(value));
            } else {
                ((com.fasterxml.jackson.databind.node.ArrayNode) slot[0]).set((Integer) slot[1], mapper.readTree(value));
            }
        }
        var digest = io.prescale.planner.plan.PlanJson.class.getDeclaredMethod("bodyDigest",
                com.fasterxml.jackson.databind.JsonNode.class);
        digest.setAccessible(true); // package-private: a plan is not meant to be made outside PlanJson
        tree.put("bodyDigest", (String) digest.invoke(null, tree));
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        var seq = new java.util.concurrent.atomic.AtomicLong();
        var fakes = List.of(new io.prescale.providers.apply.FakeProvider("aws-asg", seq),
                new io.prescale.providers.apply.FakeProvider("aws-elbv2", seq),
                new io.prescale.providers.apply.FakeProvider("k8s-deployment", seq),
                new io.prescale.providers.apply.FakeProvider("k8s-karpenter-nodepool", seq));
        fakes.get(0).units.putAll(java.util.Map.of("ad-edge-use1", 50, "tracking-buffer-use1", 100));
        fakes.get(1).units.put("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/beacons/"
                + "50dc6c495c0c9188", 0);
        fakes.get(2).units.put("ads/beacon-processor", 20);
        fakes.get(3).units.put("beacon-processor", 5);

        // when: applied as the plan's first changes fall due
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.capture((out, err) -> Main.run(
                java.time.Clock.fixed(java.time.Instant.parse("2026-06-13T00:50:00Z"), java.time.ZoneOffset.UTC),
                new java.io.BufferedReader(new java.io.StringReader("")), () -> {
                    var reg = new io.prescale.providers.spi.ProviderRegistry();
                    fakes.forEach(f -> reg.register(f.factory()));
                    return reg;
                }, out, err, "apply", plan.toString(), "--auto-approve")));

        // then
        String said = r.out() + r.err();
        String what = "edits:\n" + edits + "--- prescale said:\n" + said;
        assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + " for " + what);
        assertTrue(!said.matches("(?s).*(?:\\bjava\\.|\\bjavax\\.|fasterxml|[a-z][A-Za-z]*(?:Exception|Error)\\b).*"),
                "a Java exception name for " + what);
        assertTrue(!said.contains("\tat "), "a stack trace for " + what);
        if (r.err().contains(plan.toString())) {
            assertTrue(r.err().matches("(?s)prescale: \\S*plan\\.json(?::\\d+)?: .*"), "the plan file's error for " + what);
        }
        for (var f : fakes) {
            f.units.forEach((name, units) -> assertTrue(units >= 0 && units <= 3000,
                    f.type() + " " + name + " set to " + units + " for " + what));
        }
    }

    private static String basePlan;

    /** The invidi-ads example planned at 00:30 on June 13 (its changes due over the next hour), made once. */
    private static synchronized String basePlan(Path tmp) throws Exception {
        if (basePlan == null) {
            Path out = tmp.resolve("base-plan.json");
            CliRun r = CliRun.run(java.time.Clock.fixed(java.time.Instant.parse("2026-06-13T00:30:00Z"),
                    java.time.ZoneOffset.UTC), "plan", "../examples/invidi-ads", "--at", "2026-06-13T00:30:00Z",
                    "--out", out.toString(), "-q");
            assertTrue(r.code() == 0, r.err());
            basePlan = Files.readString(out);
        }
        return basePlan;
    }

    /** Every value of the tree but the format version and the digest: its parent, key or index, and path. */
    private static void slots(com.fasterxml.jackson.databind.JsonNode n, String path, List<Object[]> out) {
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(k -> {
                if (!k.equals("formatVersion") && !k.equals("bodyDigest")) {
                    out.add(new Object[] {n, k, path + "/" + k});
                    slots(n.get(k), path + "/" + k, out);
                }
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.add(new Object[] {n, i, path + "/" + i});
                slots(n.get(i), path + "/" + i, out);
            }
        }
    }

    static String mutate(String text, Random rnd) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n && !lines.isEmpty(); k++) {
            int i = rnd.nextInt(lines.size());
            String l = lines.get(i);
            switch (rnd.nextInt(9)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, l);
                case 2 -> lines.set(i, l.replaceFirst("-?\\d+(?:\\.\\d+)?", pick(EDGE_NUMBERS, rnd)));
                case 3 -> lines.set(i, l.replaceFirst("\\d+(?:ms|s|m|h|d)\\b", pick(EDGE_DURATIONS, rnd)));
                case 4 -> lines.set(i, l.replaceFirst("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2})?(?:Z|[+-]\\d{2}:\\d{2})?",
                        pick(EDGE_DATES, rnd)));
                case 5 -> lines.set(i, l.startsWith("  ") ? l.substring(1) : " " + l);
                case 6 -> {
                    int at = l.isEmpty() ? 0 : rnd.nextInt(l.length());
                    lines.set(i, l.substring(0, at) + pick(new String[] {":", "{", "[", "\"", "'", "#", ",", "\t", "&a",
                            "*a", "!!x", "\u0000", "\ufffd"}, rnd) + l.substring(at));
                }
                case 7 -> {
                    int j = rnd.nextInt(lines.size());
                    lines.set(i, lines.get(j));
                    lines.set(j, l);
                }
                default -> {
                    while (lines.size() > i + 1) {
                        lines.remove(lines.size() - 1);
                    }
                    lines.set(i, l.substring(0, l.isEmpty() ? 0 : rnd.nextInt(l.length())));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String pick(String[] xs, Random rnd) {
        return xs[rnd.nextInt(xs.length)].replace("$", "\\$");
    }

    private static String diff(String a, String b) {
        List<String> x = List.of(a.split("\n", -1));
        List<String> y = List.of(b.split("\n", -1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String p = i < x.size() ? x.get(i) : "";
            String q = i < y.size() ? y.get(i) : "";
            if (!p.equals(q)) {
                sb.append(i + 1).append(": -").append(p).append("\n").append(i + 1).append(": +").append(q).append("\n");
            }
            if (sb.length() > 800) {
                break;
            }
        }
        return sb.toString();
    }
}
