package io.prescale.planner.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    private static final String FILE = "calendar.csv";

    @Test
    void diagnostics_manyOfOneKind_keepsFirstHundredAndCountsTheRest() {
        // given
        Diagnostics diags = new Diagnostics();

        // when: 100,000 rows repeat an id; the quoted id and the line differ, the kind does not
        for (int row = 0; row < 100_000; row++) {
            diags.error(new SourceLocation(FILE, row + 2, 0, "id"), "duplicate id 'M" + row + "'", "also on line 1");
        }

        // then
        assertEquals(100_000, diags.errorCount(), "every error is counted");
        assertTrue(diags.hasErrors());
        List<Diagnostic> all = diags.all();
        assertEquals(Diagnostics.PER_KIND + 1, all.size());
        assertEquals("duplicate id 'M99'", all.get(Diagnostics.PER_KIND - 1).summary());
        assertEquals("calendar.csv: error: ... and 99900 more like it (only the first 100 of a kind are shown)",
                all.get(Diagnostics.PER_KIND).format());
    }

    @Test
    void diagnostics_differentKinds_eachKeepsItsOwnHundred() {
        Diagnostics diags = new Diagnostics();
        for (int i = 0; i < 150; i++) {
            diags.error(SourceLocation.of(FILE), "duplicate id 'M" + i + "'");
            diags.warning(SourceLocation.of(FILE), "unknown column 'c" + i + "' ignored");
        }

        List<Diagnostic> all = diags.all();

        assertEquals(2 * (Diagnostics.PER_KIND + 1), all.size());
        assertEquals(2, all.stream().filter(d -> d.summary().equals("... and 50 more like it")).count());
        assertEquals(150, diags.errorCount(), "warnings are not errors");
    }

    @Test
    void diagnostics_throwIfErrors_messageCountsErrorsNotShown() {
        Diagnostics diags = new Diagnostics();
        for (int i = 0; i < 250; i++) {
            diags.error(SourceLocation.of(FILE), "duplicate id 'M" + i + "'");
        }

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> diags.throwIfErrors("calendar"));

        assertEquals("calendar: 250 error(s)", e.getMessage());
        assertEquals(Diagnostics.PER_KIND + 1, e.diagnostics().size());
    }

    @Test
    void diagnostics_rollback_forgetsWhatWasAddedSinceTheMark() {
        Diagnostics diags = new Diagnostics();
        diags.warning(SourceLocation.of(FILE), "first");
        Diagnostics.Mark mark = diags.mark();
        for (int i = 0; i < 150; i++) {
            diags.error(SourceLocation.of(FILE), "redone " + i);
        }

        diags.rollback(mark);
        diags.error(SourceLocation.of(FILE), "redone 1");

        assertEquals(1, diags.errorCount());
        assertEquals(List.of("first", "redone 1"), diags.all().stream().map(Diagnostic::summary).toList());
    }
}
