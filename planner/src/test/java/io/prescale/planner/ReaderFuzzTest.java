package io.prescale.planner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the input readers with Jazzer. By default (CI, {@code mvn verify}) each target runs
 * once on every file of its seed corpus, {@code src/test/resources/io/prescale/planner/ReaderFuzzTestInputs/<target>/}:
 * the shipped examples and published feeds, and every reproducer of issue 12 (each a case that once crashed, hung
 * or was accepted silently). {@code JAZZER_FUZZ=1 mvn -pl planner -am verify -Dtest=ReaderFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes instead, each target for its {@code maxDuration}; a finding is
 * written beside the seeds, where it stays as a regression case. The property is {@link ReaderTargets}'s: a valid
 * result, or errors naming their file, never another exception.
 */
class ReaderFuzzTest {
    /** Scenario files and calendar formats by the input's first byte. */
    static final List<String> CALENDARS = List.of("feed.ics", "fixtures.csv", "fixtures.yaml", "matches.json");

    private static Path dir;

    private static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("prescale-fuzz");
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** First byte: which file of the tiny scenario (prescale.yaml, fixtures, audience, shapes, layers); then its bytes. */
    @FuzzTest(maxDuration = "5m")
    void scenarioFile(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String file = ReaderTargets.TINY_FILES.get(Math.floorMod(data[0], ReaderTargets.TINY_FILES.size()));
        ReaderTargets.scenario(dir(), file, Arrays.copyOfRange(data, 1, data.length));
    }

    /**
     * A whole scenario folder, prescale.yaml with its layers, audience, shapes and calendar, packed as
     * {@link ReaderTargets#pack} writes it (seeds: each shipped example whole): the fuzzer changes the files and the
     * names that tie them together in one input, which {@link #scenarioFile}, one file of a fixed scenario, cannot.
     */
    @FuzzTest(maxDuration = "5m")
    void scenarioFolder(byte[] data) {
        ReaderTargets.folder(folderDir(), data);
    }

    private static Path folder;

    private static synchronized Path folderDir() {
        if (folder == null) {
            try {
                folder = Files.createDirectories(dir().resolve("folder"));
                folder.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /**
     * The folder target is only as good as its packing: every example and feed seed must unpack to a scenario that
     * loads and plans without an error, or the fuzzer would start from inputs that stop at "no prescale.yaml".
     */
    @Test
    void scenarioFolder_everyShippedSeedUnpacksToAScenarioThatLoads() throws IOException {
        Path seeds = Path.of("src/test/resources/io/prescale/planner/ReaderFuzzTestInputs/scenarioFolder");
        List<Path> shipped;
        try (var s = Files.list(seeds)) {
            shipped = s.filter(p -> p.getFileName().toString().matches("(?:example|feed)-.*")).sorted().toList();
        }
        assertTrue(shipped.size() >= 10, "seeds: " + shipped);
        int loaded = 0;
        for (Path seed : shipped) {
            // the load balancer type is the providers' (not on this class path): those examples load there
            if (new String(Files.readAllBytes(seed), java.nio.charset.StandardCharsets.UTF_8).contains("aws-elbv2")) {
                continue;
            }
            loaded++;
            Path dir = Files.createDirectories(dir().resolve("seed-" + seed.getFileName()));
            Map<String, byte[]> files = ReaderTargets.unpack(Files.readAllBytes(seed));
            assertTrue(files.containsKey("prescale.yaml") && files.size() >= 2, seed + ": " + files.keySet());
            for (var f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            Scenario s;
            try {
                s = ScenarioLoader.load(dir, Optional.empty(), ReaderTargets.FROM);
            } catch (io.prescale.planner.diag.InvalidInputException e) {
                throw new AssertionError(seed + " does not load: " + e.diagnostics(), e);
            }
            assertFalse(s.events().isEmpty(), seed + " planned no event");
            assertTrue(Arrays.equals(Files.readAllBytes(seed), ReaderTargets.pack(files)), seed + " packs back unchanged");
        }
        assertTrue(loaded >= 7, loaded + " seeds loaded");
    }

    /** First byte: the format (iCalendar, CSV, YAML, JSON fixtures); then the calendar's bytes. */
    @FuzzTest(maxDuration = "5m")
    void calendar(byte[] data) {
        if (data.length == 0) {
            return;
        }
        ReaderTargets.calendar(CALENDARS.get(Math.floorMod(data[0], CALENDARS.size())),
                Arrays.copyOfRange(data, 1, data.length));
    }

    @FuzzTest(maxDuration = "2m")
    void stateFile(byte[] data) {
        ReaderTargets.stateFile(data);
    }

    /** A plan file as apply reads it, its digest made again over the fuzzer's edit so the edit reaches the checks. */
    @FuzzTest(maxDuration = "2m")
    void planFile(byte[] data) {
        ReaderTargets.planFile(io.prescale.planner.plan.PlanDigests.redigest(data));
    }

    @FuzzTest(maxDuration = "5m")
    void trace(byte[] data) {
        ReaderTargets.trace(dir(), data);
    }
}
