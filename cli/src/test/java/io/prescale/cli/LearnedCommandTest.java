package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.schedules.LearnedVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale learned}: the re-fit versions, which is in force, and what each changed. */
class LearnedCommandTest {
    @TempDir
    Path dir;

    void scenario(boolean learn) throws Exception {
        Files.writeString(dir.resolve("prescale.yaml"), """
                name: learning
                zone: Europe/Paris
                events:
                  - {id: M1, stage: group, teams: [A, B], kickoff: 2026-06-12T19:00:00Z, audience: {p50: 10k, p90: 12k}}
                layers:
                  - {name: web, unit: instances, rpsPerUnit: 100rps, terms: [{type: per-viewer, every: 10s}]}
                live:
                  observe:
                    web: {type: trace, file: observed.csv}
                """ + (learn ? "  learn: {structure: structure, into: learned}\n" : ""));
    }

    @Test
    void learned_twoVersionsOneRejected_listsBothMarksTheOneInForceAndShowsADiff() throws Exception {
        // given
        scenario(true);
        LearnedVersions store = new LearnedVersions(dir.resolve("learned"));
        Instant t = Instant.parse("2026-06-12T22:00:00Z");
        store.write(Map.of("audience.yaml", "audience:\n  base: 9000\n"), new LearnedVersions.Version(0, t, "web", 3, t,
                120, Double.NaN, "active", "", 1), "--- audience.yaml\n+   base: 9000\n", true);
        store.write(Map.of("audience.yaml", "audience:\n  base: 20000\n"), new LearnedVersions.Version(0, t.plusSeconds(86400),
                "web", 5, t.plusSeconds(86400), 300, 150, "rejected", "fit worse than the fragments in force: not applied "
                        + "(acceptWorse: false)", 2), "--- audience.yaml\n-   base: 9000\n+   base: 20000\n", false);

        // when
        CliRun table = CliTest.run("learned", dir.toString());
        CliRun json = CliTest.run("learned", dir.toString(), "--output", "json");
        CliRun diff = CliTest.run("learned", dir.toString(), "--diff", "2");

        // then
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("* 1 "), table.out());
        assertTrue(table.out().contains("rejected: fit worse than the fragments in force"), table.out());
        assertTrue(json.out().contains("\"active\" : 1"), json.out());
        assertEquals("--- audience.yaml\n-   base: 9000\n+   base: 20000\n", diff.out());
        assertEquals("9000", Files.readString(dir.resolve("learned/audience.yaml")).lines().toList().get(1)
                .replace("  base: ", ""), "the rejected version did not replace the fragments in force");
    }

    @Test
    void learned_versionJsonDamaged_listsTheOthersNamesTheFileAndExitsOne() throws Exception {
        // given: two versions, the second's version.json cut short (it was left out, and with none readable the
        // list said "no version yet")
        scenario(true);
        LearnedVersions store = new LearnedVersions(dir.resolve("learned"));
        Instant t = Instant.parse("2026-06-12T22:00:00Z");
        for (int i = 0; i < 2; i++) {
            store.write(Map.of("audience.yaml", "audience:\n  base: 9000\n"), new LearnedVersions.Version(0, t, "web", 3,
                    t, 120, Double.NaN, "active", "", 1), "", true);
        }
        Path json = dir.resolve("learned/versions/0002/version.json");
        Files.writeString(json, Files.readString(json).substring(0, 40));

        // when
        CliRun r = CliTest.run("learned", dir.toString());

        // then
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("  1 "), r.out());
        assertTrue(r.err().startsWith(json + ": error: not JSON at line "), r.err());
        assertTrue(r.err().contains("version 2 is left out"), r.err());
    }

    @Test
    void learned_scenarioThatDoesNotLearn_saysHowToAndExitsOne() throws Exception {
        scenario(false);

        CliRun r = CliTest.run("learned", dir.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not learn: add live: learn:"), r.err());
    }
}
