package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The learned versions on disk when a file of them is damaged: nothing lost without a word, no number reused. */
class LearnedVersionsTest {
    static final Instant T = Instant.parse("2026-06-12T22:00:00Z");

    @TempDir
    Path dir;

    LearnedVersions store() {
        return new LearnedVersions(dir.resolve("learned"));
    }

    LearnedVersions.Version write(double rms) throws Exception {
        return store().write(Map.of("audience.yaml", "base: {p50: 9k, p90: 12k}\n"),
                new LearnedVersions.Version(0, T, "web", 3, T, rms, Double.NaN, "active", "", 1), "", true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON         | {                                     | version.json: error: not JSON",
            "a NaN rate       | \"rmsRps\": 120.0→\"rmsRps\": NaN     | version.json: error: not JSON",
            "a negative count | \"events\": 3→\"events\": -3          | version.json: error: events: -3 is not a whole number",
            "another number   | \"version\": 2→\"version\": 7         | version.json: error: version: 7 in the folder of version 2",
            "no time          | \"createdAt\"→\"made\"                | version.json: error: createdAt: missing",
            "a time in 1e9    | 2026-06-12T22:00:00Z→+999999999-12-31T23:59:59Z | version.json: error: createdAt: +999999999"})
    void read_versionJsonDamaged_listsTheOthersAndNamesTheFileAndField(String what, String edit, String expected)
            throws Exception {
        // given: two versions, the second's version.json damaged
        write(120);
        write(120);
        Path json = dir.resolve("learned/versions/0002/version.json");
        String text = Files.readString(json);
        if (edit.contains("→")) {
            String[] ft = edit.split("→");
            String from = ft[0];
            assertTrue(text.contains(from.replace(": ", " : ")), what + ": the fixture must hold " + from + ":\n" + text);
            text = text.replace(from.replace(": ", " : "), ft[1]);
        } else {
            text = edit;
        }
        Files.writeString(json, text);

        // when
        LearnedVersions.Listing l = store().read();

        // then: version 1 listed; version 2 named as what it is, not left out in silence
        assertEquals(List.of(1), l.versions().stream().map(LearnedVersions.Version::number).toList(), what);
        assertEquals(1, l.problems().size(), l.problems().toString());
        assertTrue(l.problems().get(0).contains("versions/0002/" + expected), what + ": " + l.problems());
        assertTrue(l.problems().get(0).contains("version 2 is left out"), l.problems().get(0));
    }

    @Test
    void write_afterAVersionJsonClaimingTheLastNumber_takesTheNextFolder() throws Exception {
        // given: version 2's file says it is version 2147483647 (the next number was 2147483647 + 1, an overflow:
        // the new version went to a folder "-2147483648" that is never listed, and was lost)
        write(120);
        write(120);
        Path json = dir.resolve("learned/versions/0002/version.json");
        Files.writeString(json, Files.readString(json).replace("\"version\" : 2", "\"version\" : 2147483647"));

        // when
        LearnedVersions.Version v = write(100);

        // then
        assertEquals(3, v.number());
        assertTrue(Files.isDirectory(dir.resolve("learned/versions/0003")));
        assertEquals(3, store().active());
        assertEquals(List.of(1, 3), store().list().stream().map(LearnedVersions.Version::number).toList());
    }

    @Test
    void write_fitWithoutAnError_isReadBack() throws Exception {
        // a NaN written as JSON's NaN, which no JSON reader takes: the version was written, then never listed

        LearnedVersions.Version v = write(Double.NaN);

        LearnedVersions.Listing l = store().read();
        assertEquals(List.of(v.number()), l.versions().stream().map(LearnedVersions.Version::number).toList(),
                l.problems().toString());
        assertTrue(Double.isNaN(l.versions().get(0).rmsRps()));
    }

    @Test
    void read_activeFileNotANumber_saysNoVersionIsInForce() throws Exception {
        write(120);
        Files.writeString(dir.resolve("learned/ACTIVE"), "two\n");

        LearnedVersions.Listing l = store().read();

        assertEquals(0, store().active());
        assertEquals(1, l.problems().size(), l.problems().toString());
        assertTrue(l.problems().get(0).endsWith("ACTIVE: error: \"two\" is not the number of a version; no version is in "
                + "force (write the number of one, or remove the file)"), l.problems().get(0));
    }
}
