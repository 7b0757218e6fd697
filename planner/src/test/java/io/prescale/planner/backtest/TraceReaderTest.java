package io.prescale.planner.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trace format of docs/trace-format.md: layouts, intervals, timestamps, gaps and bad rows. */
class TraceReaderTest {
    private static final String FILE = "trace.csv";
    private static final long MINUTE_1900Z = Instant.parse("2026-06-12T19:00:00Z").getEpochSecond() / 60;

    private final Diagnostics diags = new Diagnostics();

    private Trace read(String text) {
        Optional<Trace> t = TraceReader.read(FILE, text, diags);
        assertEquals(List.of(), diags.errors(), () -> "errors: " + diags.all());
        return t.orElseThrow();
    }

    private List<String> errors(String text) {
        Optional<Trace> t = TraceReader.read(FILE, text, diags);
        assertTrue(t.isEmpty(), "a trace with errors is not returned");
        return diags.errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void read_perSecondTraceOfADay_aggregatesEveryRowIntoItsMinute() {
        // given: 86,400 per-second rows, each 1..60 requests by its second (took 5.3 GB for 10M rows as row objects)
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        long start = Instant.parse("2026-06-12T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 86_400; i++) {
            csv.append(start + i).append(',').append(i % 60 + 1).append('\n');
        }

        // when
        Trace t = read(csv.toString());

        // then: every minute holds 1 + 2 + ... + 60 = 1830 requests
        assertEquals(Duration.ofSeconds(1), t.interval());
        assertEquals(1440, t.length());
        TraceSeries s = t.series().get(0);
        assertEquals(86_400 / 60 * 1830.0, s.requests(), 1e-6);
        assertEquals(1830 / 60.0, s.rps()[0], 1e-9);
        assertEquals(1830 / 60.0, s.rps()[1439], 1e-9);
        assertEquals(60.0, s.peakRps()[0], 1e-9);
    }

    @Test
    void read_rowsOutOfOrder_sortedBeforeResampling() {
        Trace t = read("""
                minute_utc,requests
                2026-06-12T19:02:00Z,0
                2026-06-12T19:00:00Z,6000
                2026-06-12T19:01:00Z,12000
                """);

        assertArrayEquals(new double[] {100, 200, 0}, t.series().get(0).rps(), 1e-9);
    }

    @Test
    void read_moreRowsThanTheLimit_oneErrorAtTheLineThatPassedIt() {
        // given
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        for (int i = 0; i < 1_500; i++) {
            csv.append(1_781_000_000L + i).append(",5\n");
        }

        // when
        Optional<Trace> t = TraceReader.read(FILE, csv.toString(), diags, 1_000);

        // then
        assertTrue(t.isEmpty());
        assertEquals(List.of("trace.csv:1002: error: the trace has more than 1000 rows; reading stopped (resample it to a "
                + "coarser interval, e.g. per minute (see docs/trace-format.md))"),
                diags.all().stream().map(Diagnostic::format).toList());
    }

    @Test
    void read_perMinuteCounts_areRequestsOverSixty() {
        // when
        Trace t = read("""
                minute_utc,requests
                2026-06-12T19:00:00Z,6000
                2026-06-12T19:01:00Z,12000
                2026-06-12T19:02:00Z,0
                """);

        // then
        assertEquals(Duration.ofMinutes(1), t.interval());
        assertEquals(Trace.ValueKind.COUNT, t.valueKind());
        assertEquals("per-minute counts", t.describe());
        assertEquals(MINUTE_1900Z, t.startMinute());
        assertEquals(3, t.length());
        TraceSeries s = t.series().get(0);
        assertTrue(s.unnamed(), "a requests column names no layer");
        assertArrayEquals(new double[] {100, 200, 0}, s.rps(), 1e-9);
        assertArrayEquals(new double[] {100, 200, 0}, s.peakRps(), 1e-9);
        assertEquals(18_000, s.requests(), 1e-6);
    }

    @Test
    void read_perSecondCounts_aggregateToPerMinuteRatesAndKeepTheBurst() {
        // given: 120 seconds of epoch-second rows: 100 requests a second, but 1,000 in second 30 of the first minute
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        long t0 = MINUTE_1900Z * 60;
        for (int s = 0; s < 120; s++) {
            csv.append(t0 + s).append(',').append(s == 30 ? 1000 : 100).append('\n');
        }

        // when
        Trace t = read(csv.toString());

        // then: the minute's rate is its requests / 60; its peak keeps the one-second burst
        assertEquals(Duration.ofSeconds(1), t.interval());
        assertEquals("per-second counts", t.describe());
        assertEquals(2, t.length());
        TraceSeries s = t.series().get(0);
        assertEquals((59 * 100 + 1000) / 60.0, s.rps()[0], 1e-9);
        assertEquals(100, s.rps()[1], 1e-9);
        assertEquals(1000, s.peakRps()[0], 1e-9);
        assertEquals(100, s.peakRps()[1], 1e-9);
    }

    @Test
    void read_fiveMinuteCounts_spreadEvenlyOverTheirMinutes() {
        // when
        Trace t = read("""
                time,count
                2026-06-12T19:00:00Z,30000
                2026-06-12T19:05:00Z,60000
                """);

        // then
        assertEquals(Duration.ofMinutes(5), t.interval());
        assertEquals(10, t.length());
        assertEquals(100, t.series().get(0).rps()[0], 1e-9);
        assertEquals(100, t.series().get(0).rps()[4], 1e-9);
        assertEquals(200, t.series().get(0).rps()[5], 1e-9);
    }

    @Test
    void read_wideFormat_oneSeriesPerLayerColumn_rpsSuffixMeansRates() {
        // when: both columns already in requests per second
        Trace t = read("""
                timestamp,web_rps,api (rps)
                2026-06-12T21:00:00+02:00,100,12.5
                2026-06-12T21:01:00+02:00,50,25
                """);

        // then
        assertEquals(Trace.ValueKind.RPS, t.valueKind(), "a ...rps column holds rates");
        assertEquals("per-minute rates", t.describe());
        assertEquals(MINUTE_1900Z, t.startMinute(), "the offset is honoured");
        assertArrayEquals(new double[] {100, 50}, t.series("web").orElseThrow().rps(), 1e-9);
        assertArrayEquals(new double[] {12.5, 25}, t.series("api").orElseThrow().rps(), 1e-9);
        assertEquals(2, t.series().size());
    }

    @Test
    void read_wideFormat_countsInEveryColumn() {
        // when
        Trace t = read("""
                timestamp,web,api
                2026-06-12T19:00:00Z,6000,60
                2026-06-12T19:01:00Z,3000,120
                """);

        // then
        assertEquals(List.of("web", "api"), t.series().stream().map(TraceSeries::name).toList());
        assertArrayEquals(new double[] {100, 50}, t.series("web").orElseThrow().rps(), 1e-9);
        assertArrayEquals(new double[] {1, 2}, t.series("api").orElseThrow().rps(), 1e-9);
    }

    @Test
    void read_longFormatWithLayerColumn_oneSeriesPerLayer_epochMillis() {
        // given
        long ms = MINUTE_1900Z * 60_000;

        // when: rows out of order and interleaved
        Trace t = read("""
                timestamp,requests,layer
                %d,600,api
                %d,6000,web
                %d,1200,api
                %d,12000,web
                """.formatted(ms + 60_000, ms, ms, ms + 60_000));

        // then
        assertArrayEquals(new double[] {100, 200}, t.series("web").orElseThrow().rps(), 1e-9);
        assertArrayEquals(new double[] {20, 10}, t.series("api").orElseThrow().rps(), 1e-9);
    }

    @Test
    void read_missingRows_readAsZeroWithOneWarning() {
        // when: 19:02 and 19:03 have no row
        Trace t = read("""
                minute_utc,requests
                2026-06-12T19:00:00Z,60
                2026-06-12T19:01:00Z,60
                2026-06-12T19:04:00Z,60
                2026-06-12T19:05:00Z,60
                """);

        // then
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 1}, t.series().get(0).rps(), 1e-9);
        assertEquals(1, t.warnings().size());
        Diagnostic w = t.warnings().get(0);
        assertEquals(4, w.location().line(), "the row after the gap");
        assertTrue(w.summary().startsWith("2 intervals of 1m have no row (the first at 2026-06-12T19:02:00Z"), w.summary());
    }

    @Test
    void read_commentsBlankLinesQuotesAndSemicolons_areAccepted() {
        // when
        Trace t = read("""
                # exported from the CDN's logs
                "minute";"requests"

                "2026-06-12 19:00:00 UTC";60
                "2026-06-12 21:01:00+0200";120
                """);

        // then
        assertEquals(MINUTE_1900Z, t.startMinute());
        assertArrayEquals(new double[] {1, 2}, t.series().get(0).rps(), 1e-9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ISO with Z               | 2026-06-12T19:00:00Z
            ISO with offset          | 2026-06-12T21:00:00+02:00
            space and compact offset | 2026-06-12 21:00:00+0200
            without seconds          | 2026-06-12T19:00Z
            UTC suffix               | 2026-06-12 19:00:00 UTC
            epoch seconds            | 1781290800
            epoch milliseconds       | 1781290800000
            fractional seconds       | 2026-06-12T19:00:00.000Z
            """)
    void parseInstant_acceptedForms(String name, String text) {
        assertEquals(Instant.parse("2026-06-12T19:00:00Z"), TraceReader.parseInstant(text, false));
    }

    @Test
    void read_badRows_reportLineAndFieldOfEveryProblem() {
        // when
        List<String> errors = errors("""
                minute_utc,requests
                2026-06-12T19:00:00Z,60
                2026-06-12 19:01,60
                2026-06-12T19:02:00Z,sixty
                2026-06-12T19:03:00Z,-5
                2026-06-12T19:04:00Z
                2026-06-12T19:05:00Z,
                2026-06-12T19:00:00Z,60
                """);

        // then: every bad row, with its line and column name
        assertEquals(List.of(
                "trace.csv:3: error: minute_utc: timestamp \"2026-06-12 19:01\" has no offset: add Z (UTC) or one such "
                        + "as +02:00, or write epoch seconds",
                "trace.csv:4: error: requests: expected a number of requests (got \"sixty\")",
                "trace.csv:5: error: requests: must not be negative (got \"-5\")",
                "trace.csv:6: error: expected 2 fields (minute_utc,requests), found 1",
                "trace.csv:7: error: requests: empty value: write 0 for an interval without requests"), errors.subList(0, 5));
        assertEquals("trace.csv:8: error: minute_utc: duplicate timestamp: 2026-06-12T19:00:00Z (first on line 2)",
                errors.get(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file                 | ''                                                   | trace.csv: error: the trace is empty
            no header                  | '2026-06-12T19:00:00Z,60\\n2026-06-12T19:01:00Z,60'  | trace.csv:1: error: no header row
            header only                | 'minute_utc,requests'                                | trace.csv:1: error: the trace has a header but no rows
            one row                    | 'minute_utc,requests\\n2026-06-12T19:00:00Z,60'      | trace.csv:1: error: requests: the series has one row
            two generic columns        | 'time,requests,count\\n2026-06-12T19:00:00Z,1,2'     | trace.csv:1: error: count: columns requests and count name no layer
            layer and two values       | 'time,layer,web,api\\n2026-06-12T19:00:00Z,a,1,2'    | trace.csv:1: error: a trace with a layer column has exactly one value column, found 2
            rates and counts mixed     | 'time,web,api_rps\\n2026-06-12T19:00:00Z,1,2'        | trace.csv:1: error: api_rps: column 'api_rps' holds rates but an earlier column holds counts
            """)
    void read_badLayouts_areDiagnosed(String name, String text, String expected) {
        List<String> errors = errors(text.replace("\\n", "\n"));
        assertTrue(errors.get(0).startsWith(expected), () -> errors.toString());
    }

    @Test
    void read_millisecondsReadAsSeconds_isCaughtBySpan() {
        // given: two rows almost four years apart (2026 and 2030): more than a trace of events spans
        List<String> errors = errors("""
                timestamp,requests
                1781290800,1
                1900000000,1
                """);
        assertTrue(errors.get(0).contains("the trace spans"), errors.toString());
    }

    @Test
    void load_missingFile_isAnInvalidInput(@TempDir Path dir) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceReader.load(dir.resolve("x.csv")));
        assertTrue(e.diagnostics().get(0).summary().endsWith("no such file"), e.diagnostics().toString());
    }

    @Test
    void load_file_namesItInDiagnostics(@TempDir Path dir) throws Exception {
        // given
        Path f = dir.resolve("observed.csv");
        Files.writeString(f, "minute_utc,requests\n2026-06-12T19:00:00Z,x\n");

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceReader.load(f));

        // then
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.location().file().endsWith("observed.csv"), d.format());
        assertEquals(2, d.location().line());
    }

    @ParameterizedTest(name = "trace that is {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a directory", "a FIFO", "/dev/zero"})
    @org.junit.jupiter.api.Timeout(30) // a FIFO opened for reading blocks until someone writes; /dev/zero never ends
    void load_notARegularFile_isOneInvalidInputNamingTheFile(String kind, @TempDir Path dir) {
        Path f = io.prescale.planner.TestScenarios.notARegularFile(kind, dir.resolve("trace.csv"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceReader.load(f));

        assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.summary().startsWith("cannot read trace ") && d.summary().contains(f.getFileName().toString()),
                d.format());
        assertTrue(d.detail().isEmpty() && !d.summary().contains("Exception"), d.format());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> notText() {
        StringBuilder late = new StringBuilder("minute_utc,requests\n");
        for (int i = 0; i < 3000; i++) {
            late.append(Instant.parse("2026-06-12T19:00:00Z").plusSeconds(60L * i)).append(",1\n");
        }
        byte[] head = late.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1Late = java.util.Arrays.copyOf(head, head.length + 26);
        System.arraycopy("2026-06-14T21:00:00Z,1\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0,
                latin1Late, head.length, 24);
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("a NUL byte (was \"expected a number (got 100)\")",
                        "minute_utc,requests\n2026-06-12T19:00:00Z,100\0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        2, "NUL byte"),
                org.junit.jupiter.params.provider.Arguments.of("UTF-16 (headers matched nothing)",
                        "minute_utc,requests\n2026-06-12T19:00:00Z,100\n".getBytes(java.nio.charset.StandardCharsets.UTF_16),
                        1, "not UTF-8"),
                org.junit.jupiter.params.provider.Arguments.of("a Latin-1 byte on line 3002, past the decoder's buffer",
                        java.util.Arrays.copyOf(latin1Late, head.length + 24), 3002, "not UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("notText")
    void load_notText_oneErrorAtTheLineThatIsNot(String name, byte[] bytes, int line, String message, @TempDir Path dir)
            throws Exception {
        Path f = Files.write(dir.resolve("trace.csv"), bytes);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceReader.load(f));

        assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
        Diagnostic d = e.diagnostics().get(0);
        assertEquals(line, d.location().line(), d.format());
        assertTrue(d.summary().contains(message), d.format());
    }

    // ---- streaming: rows in time order are binned as they are read; a trace out of order is read again whole

    /** Per-second rows with values that vary, a gap of 90 s after row {@code gapAt} (0: none). */
    private static List<String> perSecondRows(int n, int gapAt) {
        List<String> rows = new java.util.ArrayList<>();
        long t = Instant.parse("2026-06-12T18:00:00Z").getEpochSecond();
        for (int i = 0; i < n; i++) {
            rows.add(t + "," + (100 + (i * 7919) % 500));
            t += i + 1 == gapAt ? 91 : 1;
        }
        return rows;
    }

    private static String csv(List<String> rows) {
        return "timestamp,requests\n" + String.join("\n", rows) + "\n";
    }

    @Test
    void read_longTraceInOrder_binnedAsReadEqualsTheSameRowsSorted() {
        // given: 40,000 rows (past the 10,000 kept to learn the interval), one gap after row 25,000
        List<String> rows = perSecondRows(40_000, 25_000);
        List<String> shuffled = new java.util.ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));

        // when: in order (streamed) and shuffled (kept whole and sorted)
        Trace streamed = read(csv(rows));
        List<Diagnostic> streamedWarnings = streamed.warnings();
        Diagnostics other = new Diagnostics();
        Trace sorted = TraceReader.read(FILE, csv(shuffled), other).orElseThrow();

        // then
        assertEquals(sorted.length(), streamed.length());
        assertEquals(sorted.start(), streamed.start());
        assertArrayEquals(sorted.series().get(0).rps(), streamed.series().get(0).rps(), 1e-9);
        assertArrayEquals(sorted.series().get(0).peakRps(), streamed.series().get(0).peakRps(), 1e-9);
        assertEquals(1, streamedWarnings.size(), streamedWarnings.toString());
        assertEquals(25_002, streamedWarnings.get(0).location().line(), "the row after the gap");
        assertTrue(streamedWarnings.get(0).summary().startsWith("90 intervals of 1s have no row"),
                streamedWarnings.get(0).summary());
        assertEquals(streamedWarnings.get(0).summary(), sorted.warnings().get(0).summary());
    }

    @Test
    void read_duplicateTimestampAfterTheFirstRows_errorNamingBothLines() {
        List<String> rows = perSecondRows(20_000, 0);
        rows.set(15_000, rows.get(14_999).split(",")[0] + ",7");

        List<String> errors = errors(csv(rows));

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("trace.csv:15002: error: timestamp: duplicate timestamp: ")
                && errors.get(0).endsWith("(first on line 15001)"), errors.get(0));
    }

    @Test
    void read_intervalChangesAfterTheFirstRows_readAgainWithTheTracesOwnInterval() {
        // given: 12,000 rows 10 s apart, then 50,000 rows 1 s apart: the trace's interval is 1 s
        StringBuilder text = new StringBuilder("timestamp,requests\n");
        long t = Instant.parse("2026-06-12T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 12_000; i++, t += 10) {
            text.append(t).append(",10\n");
        }
        for (int i = 0; i < 50_000; i++, t += 1) {
            text.append(t).append(",1\n");
        }

        // when
        Trace trace = read(text.toString());

        // then: as the whole trace says, 1 s rows; the 10 s rows' counts spread as 10 rps over 1 s each
        assertEquals(Duration.ofSeconds(1), trace.interval());
        assertEquals(12_000 * 10 + 50_000.0, trace.series().get(0).requests(), 1e-6);
    }

    @Test
    void read_rowBackInTimeAfterTheFirstRows_readWholeAndSorted() {
        List<String> rows = perSecondRows(30_000, 0);
        java.util.Collections.swap(rows, 20_000, 20_001);

        Trace t = read(csv(rows));

        assertEquals(perSecondRows(30_000, 0).stream().mapToDouble(r -> Double.parseDouble(r.split(",")[1])).sum(),
                t.series().get(0).requests(), 1e-6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            epoch seconds              | 1781290800           | 2026-06-12T19:00:00Z
            epoch milliseconds         | 1781290800000        | 2026-06-12T19:00:00Z
            ISO with Z                 | 2026-06-12T19:00:00Z | 2026-06-12T19:00:00Z
            ISO with a space, no secs  | 2026-06-12 19:00Z    | 2026-06-12T19:00:00Z
            February 29 of a leap year | 2028-02-29T00:00:00Z | 2028-02-29T00:00:00Z
            """)
    void epochMillis_fastForms_asTheGeneralParser(String name, String text, String expected) {
        assertEquals(Instant.parse(expected).toEpochMilli(), TraceReader.epochMillis(text, false));
        assertEquals(TraceReader.parseInstant(text, false).toEpochMilli(), TraceReader.epochMillis(text, false));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2026-11-31T19:00:00Z", "2026-02-29T00:00:00Z",
            "2026-06-12T24:00:00Z", "2026-06-12T19:60:00Z"})
    void epochMillis_impossibleTime_theGeneralParsersError(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceReader.epochMillis(text, false));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void read_timestampFarOutsideTheYears_errorAtItsLineNotAnOverflow() {
        // found by ReaderPropertiesTest: 9223372036854775807 read as epoch milliseconds overflowed the trace's span
        List<String> errors = errors("timestamp,requests\n1781290800,1\n1781290801,1\n9223372036854775807,1\n");

        assertEquals(List.of("trace.csv:4: error: timestamp: timestamp \"9223372036854775807\" is outside the years "
                + "1900-2200"), errors);
    }
}
