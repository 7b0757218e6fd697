package io.prescale.planner;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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

    @FuzzTest(maxDuration = "5m")
    void trace(byte[] data) {
        ReaderTargets.trace(dir(), data);
    }
}
