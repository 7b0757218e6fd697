package io.prescale.planner.backtest;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Quantities;
import java.io.IOException;

import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a recorded traffic trace from CSV (documented in {@code docs/trace-format.md}) and resamples it to
 * requests per second per minute:
 * <pre>
 * minute_utc,requests                       # one series: counts per row interval (here per minute)
 * 1998-06-10T15:30:00Z,91234
 *
 * timestamp,requests,layer                  # long: one series per layer
 * 1718217600,1520,web
 *
 * timestamp,web,api_rps                     # wide: one column per layer; a name ending in rps holds rates
 * 2026-06-12T19:00:00+02:00,91000,1200.5
 * </pre>
 * The row interval is detected from the spacing of the timestamps (the most common step), so per-second,
 * per-minute and per-5-minute files all read the same way: each row's requests are spread over the minutes it
 * covers, and a minute's rate is its requests / 60. Timestamps are ISO-8601 with an offset ({@code Z},
 * {@code +02:00}) or epoch seconds or milliseconds. Missing rows are 0 requests (with one warning per series);
 * every bad row is reported with its line and column, and the rest is still read.
 *
 * <p>The file is streamed: each series keeps its first {@value #HEAD_ROWS} rows to learn its interval, then bins every
 * row into per-minute arrays as it is read, so memory depends on the minutes the trace spans, not on its rows (a
 * 10M-row per-second trace took 25-44 s and 5.3 GB when it was split into lines and row objects up front). A trace
 * that goes back in time, or whose interval changes after its first rows, is read again keeping every row as three
 * primitive columns, at most {@value #MAX_UNORDERED_ROWS}. At most {@value #MAX_ROWS} rows are read; a larger trace
 * is an error naming the line where the limit was passed.
 */
public final class TraceReader {
    /** Header names (normalised) taken as the time column; otherwise the first column is. */
    private static final Set<String> TIME_NAMES = Set.of("timestamp", "time", "ts", "t", "minute", "minuteutc",
            "datetime", "instant", "date", "epoch", "epochs", "epochseconds", "epochms", "epochmillis", "unixtime",
            "second", "secondutc", "start", "timeutc", "timestamputc");
    private static final Set<String> LAYER_NAMES = Set.of("layer", "tier", "service");
    /** Value columns that name no layer. */
    private static final Set<String> GENERIC_VALUES = Set.of("requests", "request", "count", "hits", "value", "n",
            "rps", "load", "requestsperminute", "requestspersecond", "invocations", "invocationcount", "reqs", "total",
            "requestcount");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](.+)");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("(.*[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)([+-]\\d{2})(\\d{2})?");
    private static final Pattern RATE_SUFFIX = Pattern.compile("(?i)(.*?)[\\s_:.-]*\\(?rps\\)?");
    /** A trace longer than this is almost surely a misread timestamp (milliseconds read as seconds). */
    private static final long MAX_MINUTES = 3L * 366 * 24 * 60;
    /**
     * The most data rows a trace may have: a year and a half per second. Rows in time order are binned by minute as
     * they are read, so memory does not grow with them; only their reading time does (about a second per million).
     */
    public static final int MAX_ROWS = 50_000_000;
    /** The most rows of a trace that is not in time order: each is kept (20 bytes) until all can be sorted. */
    public static final int MAX_UNORDERED_ROWS = 5_000_000;
    /** The years a trace's times may fall in, as a scenario's. */
    private static final long FIRST_MILLIS = java.time.LocalDate.of(io.prescale.planner.config.Kickoffs.FIRST_YEAR, 1, 1)
            .toEpochDay() * 86_400_000L;
    private static final long END_MILLIS = java.time.LocalDate.of(io.prescale.planner.config.Kickoffs.LAST_YEAR + 1, 1, 1)
            .toEpochDay() * 86_400_000L;
    /** Rows of a series kept before it is binned: its interval is the most common step between them. */
    static final int HEAD_ROWS = 10_000;

    private TraceReader() {
    }

    /** Reads a trace file; throws {@link io.prescale.planner.diag.InvalidInputException} with every problem. */
    public static Trace load(Path file) {
        Diagnostics diags = new Diagnostics();
        String name = display(file);
        Optional<String> refusal = io.prescale.planner.config.InputFiles.refusal(file);
        if (refusal.isPresent()) {
            diags.error(SourceLocation.of(name), "cannot read trace " + name + ": " + refusal.get());
            diags.throwIfErrors("trace " + name);
        }
        Optional<Trace> t;
        try {
            t = read(name, () -> Files.newInputStream(file), diags, MAX_ROWS);
        } catch (NoSuchFileException e) {
            diags.error(SourceLocation.of(name), "cannot read trace " + name + ": no such file");
            diags.throwIfErrors("trace " + name);
            throw new IllegalStateException("unreachable");
        } catch (IOException e) {
            diags.error(SourceLocation.of(name), "cannot read trace " + name + ": " + io.prescale.planner.config.InputFiles.why(e));
            diags.throwIfErrors("trace " + name);
            throw new IllegalStateException("unreachable");
        }
        diags.throwIfErrors("trace " + name);
        return t.orElseThrow();
    }

    /** Parses a trace's text; problems go to {@code diags}. Empty when the text has errors. */
    public static Optional<Trace> read(String file, String text, Diagnostics diags) {
        return read(file, text, diags, MAX_ROWS);
    }

    /** As {@link #read(String, String, Diagnostics)} with at most {@code maxRows} data rows. */
    static Optional<Trace> read(String file, String text, Diagnostics diags, int maxRows) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return read(file, () -> new java.io.ByteArrayInputStream(bytes), diags, maxRows);
        } catch (IOException e) {
            throw new UncheckedIOException("read trace " + file, e); // a byte array does no I/O
        }
    }

    /** Opens the trace's bytes again: a trace not in time order is read a second time. */
    private interface Source {
        java.io.InputStream open() throws IOException;
    }

    /**
     * Reads in time order, binning each row into its minutes as it is read (bounded memory: a few arrays per series
     * and minute); a trace whose rows go back in time is read again keeping every row, at most
     * {@value #MAX_UNORDERED_ROWS} of them, so they can be sorted.
     */
    private static Optional<Trace> read(String file, Source source, Diagnostics diags, int maxRows) throws IOException {
        Diagnostics.Mark before = diags.mark();
        Reading streaming = new Reading(file, diags, maxRows, true);
        Optional<Trace> t;
        // bytes that are not UTF-8 stop the reading with an error at their line (a replacement character in a
        // header matched no column, and in a value read as "not a number" with the bad byte invisible)
        try (java.io.InputStream in = source.open()) {
            t = streaming.read(new Lines(in));
        }
        if (!streaming.restart) {
            return t;
        }
        diags.rollback(before);
        try (java.io.InputStream in = source.open()) {
            return new Reading(file, diags, Math.min(maxRows, MAX_UNORDERED_ROWS), false).read(new Lines(in));
        }
    }

    static String normalise(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-:()/.]+", "");
    }

    /**
     * An instant from ISO-8601 with an offset ({@code 2026-06-12T19:00:00Z}, {@code 2026-06-12 19:00:00+02:00},
     * {@code +0200}, {@code UTC}) or from epoch seconds or milliseconds (a number of 1e11 or more is taken as
     * milliseconds: 1e11 seconds is the year 5138).
     */
    static Instant parseInstant(String raw, boolean millisColumn) {
        String s = raw.strip();
        if (NUMBER.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            boolean millis = millisColumn || Math.abs(v) >= 1e11;
            long ms = Math.round(millis ? v : v * 1000);
            return Instant.ofEpochMilli(ms);
        }
        Matcher dt = DATE_TIME.matcher(s);
        if (!dt.matches()) {
            throw new IllegalArgumentException("expected a timestamp with an offset, e.g. 2026-06-12T19:00:00Z, or epoch "
                    + "seconds (got \"" + raw + "\")");
        }
        String rest = dt.group(2).replace(" ", "");
        if (rest.endsWith("UTC") || rest.endsWith("GMT")) {
            rest = rest.substring(0, rest.length() - 3) + "Z";
        }
        String iso = dt.group(1) + "T" + rest;
        Matcher compact = COMPACT_OFFSET.matcher(iso);
        if (compact.matches()) {
            iso = compact.group(1) + compact.group(2) + ":" + (compact.group(3) == null ? "00" : compact.group(3));
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeException e) {
            try {
                LocalDateTime.parse(iso);
            } catch (DateTimeException e2) {
                throw new IllegalArgumentException("expected a timestamp with an offset, e.g. 2026-06-12T19:00:00Z "
                        + "(got \"" + raw + "\")");
            }
            throw new IllegalArgumentException("timestamp \"" + raw + "\" has no offset: add Z (UTC) or one such as "
                    + "+02:00, or write epoch seconds");
        }
    }

    /**
     * {@link #parseInstant} as epoch milliseconds, with the forms nearly every trace uses read without a regular
     * expression or a formatter: epoch seconds or milliseconds as digits, {@code 2026-06-12T19:00:00Z} and
     * {@code 2026-06-12 19:00Z}. Anything else, or a field that is out of range, takes the general path and its message.
     */
    static long epochMillis(String raw, boolean millisColumn) {
        String s = raw;
        int n = s.length();
        if (n > 0 && n <= 13 && digits(s, 0, n)) {
            long v = Long.parseLong(s);
            return millisColumn || v >= 100_000_000_000L ? v : v * 1000;
        }
        if ((n == 20 || n == 17) && s.charAt(n - 1) == 'Z' && s.charAt(4) == '-' && s.charAt(7) == '-'
                && (s.charAt(10) == 'T' || s.charAt(10) == ' ') && s.charAt(13) == ':' && (n == 17 || s.charAt(16) == ':')
                && digits(s, 0, 4) && digits(s, 5, 7) && digits(s, 8, 10) && digits(s, 11, 13) && digits(s, 14, 16)
                && (n == 17 || digits(s, 17, 19))) {
            int year = Integer.parseInt(s, 0, 4, 10);
            int month = Integer.parseInt(s, 5, 7, 10);
            int day = Integer.parseInt(s, 8, 10, 10);
            int hour = Integer.parseInt(s, 11, 13, 10);
            int minute = Integer.parseInt(s, 14, 16, 10);
            int second = n == 17 ? 0 : Integer.parseInt(s, 17, 19, 10);
            if (month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
                    && hour < 24 && minute < 60 && second < 60) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
            }
        }
        return parseInstant(raw, millisColumn).toEpochMilli();
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A count or rate: plain digits (nearly every row) directly, anything else as {@link Quantities#count}. */
    static double plainCount(String v) {
        int n = v.length();
        if (n > 0 && n <= 15 && digits(v, 0, n)) {
            return Long.parseLong(v);
        }
        return Quantities.count(v);
    }

    private static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /**
     * A file's lines, decoded one at a time as strict UTF-8, so a byte that is not UTF-8 is reported on its own line
     * (a decoding reader fails chunks ahead of the line being read). ASCII lines, nearly all of a trace, are copied
     * without a decoder.
     */
    static final class Lines {
        private final java.io.InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Lines(java.io.InputStream in) {
            this.in = in;
        }

        /** The next line without its end ({@code \n} or {@code \r\n}), or null at the end of the input. */
        String next() throws IOException {
            int len = 0;
            boolean ascii = true;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return len == 0 && !pending ? null : finish(len, ascii);
                    }
                }
                pending = true;
                byte b = buf[pos++];
                if (b == '\n') {
                    return finish(len, ascii);
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, len * 2);
                }
                line[len++] = b;
                ascii &= b >= 0;
            }
        }

        private boolean pending;

        private String finish(int len, boolean ascii) throws CharacterCodingException {
            pending = false;
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (ascii) {
                return new String(line, 0, len, StandardCharsets.ISO_8859_1);
            }
            return utf8.decode(java.nio.ByteBuffer.wrap(line, 0, len)).toString();
        }
    }

    /** The rows of one series as primitive columns, in the order read until {@link #sort()}. */
    private static final class Rows {
        long[] millis = new long[16];
        double[] values = new double[16];
        int[] lines = new int[16];
        int size;

        void add(long t, double value, int line) {
            if (size == millis.length) {
                int n = size * 2;
                millis = Arrays.copyOf(millis, n);
                values = Arrays.copyOf(values, n);
                lines = Arrays.copyOf(lines, n);
            }
            millis[size] = t;
            values[size] = value;
            lines[size] = line;
            size++;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** By time, stable; a recorded trace is nearly always in order already, so that is checked first. */
        void sort() {
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = millis[i - 1] <= millis[i];
            }
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(millis[a], millis[b]));
            long[] m = new long[size];
            double[] v = new double[size];
            int[] l = new int[size];
            for (int i = 0; i < size; i++) {
                m[i] = millis[order[i]];
                v[i] = values[order[i]];
                l[i] = lines[order[i]];
            }
            millis = m;
            values = v;
            lines = l;
        }
    }

    /** The state of reading one file. */
    private static final class Reading {
        private final String file;
        private final Diagnostics diags;
        private final int errorsBefore;
        private String[] header;
        private int headerLine;
        private int timeCol;
        private int layerCol = -1;
        private boolean millisColumn;
        private final List<Integer> valueCols = new ArrayList<>();
        private final Map<Integer, String> seriesOfCol = new HashMap<>();
        private Trace.ValueKind kind;
        private final Map<String, Series> rows = new LinkedHashMap<>();
        private final int maxRows;
        private int rowCount;
        private final Map<String, SourceLocation> declared = new LinkedHashMap<>();
        private boolean notText;
        /** Bin series by minute once their interval is known (else keep every row to sort them). */
        private final boolean streaming;
        /** Set when streaming cannot go on (a row back in time, an interval that changed): read again, keeping rows. */
        boolean restart;
        /** Set when reading must stop (the span limit). */
        private boolean stopped;

        Reading(String file, Diagnostics diags, int maxRows, boolean streaming) {
            this.file = file;
            this.diags = diags;
            this.maxRows = maxRows;
            this.streaming = streaming;
            this.errorsBefore = diags.errorCount();
        }

        private SourceLocation at(int line, String field) {
            return new SourceLocation(file, line, 0, field);
        }

        Optional<Trace> read(Lines in) throws IOException {
            char delimiter = 0;
            int number = 0;
            for (String line = next(in, 1); line != null; line = next(in, number + 1)) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.indexOf('\0') >= 0) {
                    boolean utf16 = number == 1 && (line.startsWith("\uFFFE") || line.startsWith("\uFEFF")
                            || line.length() > 1 && (line.charAt(0) == 0) != (line.charAt(1) == 0));
                    diags.error(new SourceLocation(file, number, line.indexOf('\0') + 1, ""), utf16
                            ? "the trace is UTF-16 text, not UTF-8" : "the trace holds a NUL byte: binary content, "
                            + "not text", utf16 ? "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
                            : "give the CSV file itself; reading stopped");
                    return Optional.empty();
                }
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                if (header == null) {
                    delimiter = delimiter(line);
                    if (!readHeader(split(line, delimiter), number)) {
                        return Optional.empty();
                    }
                    continue;
                }
                if (++rowCount > maxRows) {
                    diags.error(at(number, ""), "the trace has more than " + maxRows + " rows; reading stopped",
                            streaming ? "resample it to a coarser interval, e.g. per minute (see docs/trace-format.md)"
                                    : "its rows are not in time order, so each is kept to be sorted: sort it by time "
                                    + "(up to " + MAX_ROWS + " rows), or resample it to a coarser interval");
                    return Optional.empty();
                }
                readRow(split(line, delimiter), number);
                if (restart || stopped) {
                    return Optional.empty();
                }
            }
            if (notText) {
                return Optional.empty();
            }
            if (header == null) {
                diags.error(SourceLocation.of(file), "the trace is empty",
                        "a trace needs a header row, e.g. timestamp,requests, and one row per interval");
                return Optional.empty();
            }
            if (rows.values().stream().allMatch(Series::isEmpty)) {
                diags.error(at(headerLine, ""), "the trace has a header but no rows");
                return Optional.empty();
            }
            for (var e : rows.entrySet()) {
                if (!e.getValue().binned()) {
                    e.getValue().head.sort();
                    duplicates(e.getKey(), e.getValue().head);
                } else if (e.getValue().intervalChanged()) {
                    restart = true; // the first rows' step is not the trace's: read again with every row
                    return Optional.empty();
                }
            }
            if (diags.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            return resample();
        }

        /** The next line, or null at the end; bytes that are not UTF-8 end the reading with an error at line {@code number}. */
        private String next(Lines in, int number) throws IOException {
            try {
                return in.next();
            } catch (CharacterCodingException e) {
                notText = true;
                diags.error(at(number, ""), "the trace is not UTF-8 text: a byte at this line cannot start or "
                        + "continue a character", "save it as UTF-8 (a UTF-16 or Latin-1 export: iconv -f UTF-16 -t "
                        + "UTF-8, or -f WINDOWS-1252)");
                return null;
            }
        }

        /** Reports rows of one series (sorted by time) that repeat a timestamp. */
        private void duplicates(String name, Rows rs) {
            for (int i = 1; i < rs.size; i++) {
                if (rs.millis[i] == rs.millis[i - 1]) {
                    duplicate(name, rs.millis[i], Math.max(rs.lines[i - 1], rs.lines[i]),
                            Math.min(rs.lines[i - 1], rs.lines[i]));
                }
            }
        }

        private void duplicate(String name, long millis, int line, int firstLine) {
            diags.error(at(line, header[timeCol]), "duplicate timestamp" + (name.isEmpty() ? "" : " of layer " + name)
                    + ": " + Instant.ofEpochMilli(millis), "first on line " + firstLine);
        }

        /**
         * One series while it is read. Its first {@value #HEAD_ROWS} rows are kept to learn its interval (the most
         * common step between them); from then on (when streaming) each row is spread over the minutes it covers as
         * it is read, as {@link #series} does at the end for a series kept whole. Rows must then come in time order.
         */
        private final class Series {
            final String name;
            Rows head = new Rows();
            long interval;
            long firstMillis;
            long lastMillis;
            int lastLine;
            long firstMinute;
            double[] requests;
            double[] peak;
            /** Steps between consecutive rows and how often each was seen (a few distinct ones in a real trace). */
            final Map<Long, Integer> steps = new HashMap<>();
            long missing;
            int firstGapLine = -1;
            long firstGapAt;

            Series(String name) {
                this.name = name;
            }

            boolean binned() {
                return head == null;
            }

            boolean isEmpty() {
                return !binned() && head.isEmpty();
            }

            void add(long t, double value, int line) {
                if (!binned()) {
                    head.add(t, value, line);
                    if (streaming && head.size >= HEAD_ROWS) {
                        startBinning();
                    }
                    return;
                }
                if (t < lastMillis) {
                    restart = true;
                    return;
                }
                if (t == lastMillis) {
                    duplicate(name, t, line, lastLine);
                    return;
                }
                step(lastMillis, t, line);
                spread(t, value, line);
                lastMillis = t;
                lastLine = line;
            }

            private void startBinning() {
                Rows h = head;
                h.sort();
                duplicates(name, h);
                interval = detectInterval(h);
                firstMillis = h.millis[0];
                firstMinute = Math.floorDiv(firstMillis, 60_000);
                int minutes = (int) Math.min(MAX_MINUTES + 2, Math.floorDiv(h.millis[h.size - 1] + interval, 60_000)
                        - firstMinute + 2);
                requests = new double[Math.max(1024, minutes * 2)];
                peak = new double[requests.length];
                for (int i = 0; i < h.size && !stopped; i++) {
                    if (i > 0 && h.millis[i] > h.millis[i - 1]) {
                        step(h.millis[i - 1], h.millis[i], h.lines[i]);
                    }
                    spread(h.millis[i], h.values[i], h.lines[i]);
                }
                lastMillis = h.millis[h.size - 1];
                lastLine = h.lines[h.size - 1];
                head = null;
            }

            /** The step from the row at {@code prev} to the next at {@code t} (on {@code line}): a gap when long. */
            private void step(long prev, long t, int line) {
                long d = t - prev;
                if (steps.size() < 256 || steps.containsKey(d)) {
                    steps.merge(d, 1, Integer::sum);
                }
                if (d * 2 > interval * 3) {
                    missing += Math.max(1, Math.round((double) d / interval) - 1);
                    if (firstGapLine < 0) {
                        firstGapLine = line;
                        firstGapAt = prev + interval;
                    }
                }
            }

            /** Adds one row's requests to the minutes it covers, as {@link #series} does. */
            private void spread(long from, double value, int line) {
                double rate = kind == Trace.ValueKind.RPS ? value : value / (interval / 1000.0);
                long to = from + interval;
                for (long m = Math.floorDiv(from, 60_000); m * 60_000 < to; m++) {
                    long overlap = Math.min(to, (m + 1) * 60_000) - Math.max(from, m * 60_000);
                    if (overlap <= 0) {
                        continue;
                    }
                    long i = m - firstMinute;
                    if (i >= requests.length) {
                        if (i > MAX_MINUTES) {
                            diags.error(at(line, header[timeCol]), "the trace spans more than " + (MAX_MINUTES / 1440)
                                    + " days, from " + Instant.ofEpochMilli(firstMillis) + " to " + Instant.ofEpochMilli(from),
                                    "more than 3 years: are epoch milliseconds read as seconds? name the column epoch_ms");
                            stopped = true;
                            return;
                        }
                        int n = (int) Math.min(MAX_MINUTES + 2, Math.max(i + 1, requests.length * 2L));
                        requests = Arrays.copyOf(requests, n);
                        peak = Arrays.copyOf(peak, n);
                    }
                    requests[(int) i] += rate * overlap / 1000.0;
                    peak[(int) i] = Math.max(peak[(int) i], rate);
                }
            }

            /** Whether the whole series' most common step differs from the one its first rows gave. */
            boolean intervalChanged() {
                long best = interval;
                int bestN = -1;
                for (var c : steps.entrySet()) {
                    if (c.getValue() > bestN || (c.getValue() == bestN && c.getKey() < best)) {
                        best = c.getKey();
                        bestN = c.getValue();
                    }
                }
                return bestN >= 0 && best != interval;
            }
        }

        private static char delimiter(String header) {
            if (header.indexOf(',') >= 0) {
                return ',';
            }
            if (header.indexOf(';') >= 0) {
                return ';';
            }
            return header.indexOf('\t') >= 0 ? '\t' : ',';
        }

        /** Splits a line; fields are trimmed and may be quoted (a trace's fields never hold the delimiter). */
        private static String[] split(String line, char delimiter) {
            int n = 1;
            for (int i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, i + 1)) {
                n++;
            }
            String[] f = new String[n];
            int from = 0;
            for (int k = 0; k < n; k++) {
                int to = k == n - 1 ? line.length() : line.indexOf(delimiter, from);
                f[k] = line.substring(from, to);
                from = to + 1;
            }
            for (int i = 0; i < f.length; i++) {
                String s = f[i].strip();
                if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                    s = s.substring(1, s.length() - 1).strip();
                }
                f[i] = s;
            }
            return f;
        }

        // ---- header

        private boolean readHeader(String[] h, int line) {
            header = h;
            headerLine = line;
            if (h.length > 0 && looksLikeData(h[0])) {
                diags.error(at(line, ""), "no header row",
                        "the first row must name the columns, e.g. timestamp,requests (see docs/trace-format.md)");
                return false;
            }
            if (h.length < 2) {
                diags.error(at(line, ""), "a trace needs a time column and at least one value column",
                        "e.g. timestamp,requests or timestamp,web,api");
                return false;
            }
            timeCol = 0;
            for (int i = 0; i < h.length; i++) {
                if (TIME_NAMES.contains(normalise(h[i]))) {
                    timeCol = i;
                    break;
                }
            }
            String tn = normalise(h[timeCol]);
            millisColumn = tn.endsWith("ms") || tn.contains("millis");
            for (int i = 0; i < h.length; i++) {
                if (i != timeCol && LAYER_NAMES.contains(normalise(h[i]))) {
                    if (layerCol >= 0) {
                        diags.error(at(line, h[i]), "two layer columns: '" + h[layerCol] + "' and '" + h[i] + "'");
                        return false;
                    }
                    layerCol = i;
                }
            }
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < h.length; i++) {
                if (i == timeCol || i == layerCol) {
                    continue;
                }
                if (h[i].isBlank()) {
                    diags.warning(at(line, ""), "column " + (i + 1) + " has no name; ignored");
                    continue;
                }
                Trace.ValueKind k = kindOf(h[i]);
                if (kind != null && k != kind) {
                    diags.error(at(line, h[i]), "column '" + h[i] + "' holds " + (k == Trace.ValueKind.RPS ? "rates" : "counts")
                            + " but an earlier column holds " + (kind == Trace.ValueKind.RPS ? "rates" : "counts"),
                            "a trace holds either request counts per row or rates (columns named ...rps); not both");
                    return false;
                }
                kind = k;
                valueCols.add(i);
                String series = seriesName(h[i]);
                if (series.isEmpty()) {
                    generic.add(h[i]);
                }
                seriesOfCol.put(i, series);
            }
            if (valueCols.isEmpty()) {
                diags.error(at(line, ""), "no value column", "add a requests column, or one column per layer");
                return false;
            }
            if (layerCol >= 0 && valueCols.size() != 1) {
                diags.error(at(line, ""), "a trace with a layer column has exactly one value column, found "
                        + valueCols.size(), "e.g. timestamp,requests,layer; or drop the layer column and use one column per layer");
                return false;
            }
            if (layerCol < 0 && generic.size() > 1) {
                diags.error(at(line, generic.get(1)), "columns " + String.join(" and ", generic) + " name no layer",
                        "in a wide trace every value column is named after its layer, e.g. timestamp,web,api");
                return false;
            }
            if (layerCol < 0) {
                Map<String, Integer> seen = new HashMap<>();
                for (int c : valueCols) {
                    Integer prev = seen.putIfAbsent(seriesOfCol.get(c), c);
                    if (prev != null) {
                        diags.error(at(line, h[c]), "columns '" + h[prev] + "' and '" + h[c] + "' are the same layer");
                        return false;
                    }
                    rows.put(seriesOfCol.get(c), new Series(seriesOfCol.get(c)));
                    declared.put(seriesOfCol.get(c), at(line, h[c]));
                }
            }
            return true;
        }

        private static boolean looksLikeData(String s) {
            if (NUMBER.matcher(s.strip()).matches()) {
                return true;
            }
            try {
                parseInstant(s, false);
                return true;
            } catch (IllegalArgumentException e) {
                return e.getMessage().contains("has no offset");
            }
        }

        private static Trace.ValueKind kindOf(String header) {
            String n = normalise(header);
            return n.endsWith("rps") || n.endsWith("persecond") || n.endsWith("persec") ? Trace.ValueKind.RPS
                    : Trace.ValueKind.COUNT;
        }

        /** The layer a value column names: its header without a rate suffix; "" for generic names. */
        private static String seriesName(String header) {
            if (GENERIC_VALUES.contains(normalise(header))) {
                return "";
            }
            Matcher m = RATE_SUFFIX.matcher(header.strip());
            if (m.matches() && !m.group(1).isBlank()) {
                return m.group(1).strip();
            }
            return header.strip();
        }

        // ---- rows

        private void readRow(String[] f, int line) {
            if (f.length != header.length) {
                diags.error(at(line, ""), "expected " + header.length + " fields (" + String.join(",", header)
                        + "), found " + f.length);
                return;
            }
            long t;
            try {
                t = epochMillis(f[timeCol], millisColumn);
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                diags.error(at(line, header[timeCol]), e.getMessage());
                return;
            }
            if (t < FIRST_MILLIS || t >= END_MILLIS) {
                // far beyond them a row's end and the span overflowed (9223372036854775807 read as a time)
                diags.error(at(line, header[timeCol]), "timestamp \"" + f[timeCol] + "\" is outside the years "
                        + io.prescale.planner.config.Kickoffs.FIRST_YEAR + "-" + io.prescale.planner.config.Kickoffs.LAST_YEAR);
                return;
            }
            String layer = null;
            if (layerCol >= 0) {
                layer = f[layerCol];
                if (layer.isEmpty()) {
                    diags.error(at(line, header[layerCol]), "empty layer name");
                    return;
                }
            }
            for (int c : valueCols) {
                String v = f[c];
                double value;
                try {
                    if (v.isEmpty()) {
                        throw new IllegalArgumentException("empty value: write 0 for an interval without requests");
                    }
                    value = plainCount(v);
                    if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                        throw new IllegalArgumentException("must not be negative (got \"" + v + "\")");
                    }
                } catch (IllegalArgumentException e) {
                    String msg = e.getMessage().startsWith("expected a number")
                            ? "expected a number of requests" + (kind == Trace.ValueKind.RPS ? " per second" : "")
                            + " (got \"" + v + "\")" : e.getMessage();
                    diags.error(at(line, header[c]), msg);
                    continue;
                }
                String series = layer != null ? layer : seriesOfCol.get(c);
                int ln = line;
                rows.computeIfAbsent(series, k -> {
                    declared.put(k, at(ln, header[c]));
                    return new Series(k);
                }).add(t, value, line);
            }
        }

        // ---- resampling

        private Optional<Trace> resample() {
            Map<String, Long> intervals = new LinkedHashMap<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (var e : rows.entrySet()) {
                Series sr = e.getValue();
                if (sr.binned()) {
                    intervals.put(e.getKey(), sr.interval);
                    first = Math.min(first, sr.firstMillis);
                    last = Math.max(last, sr.lastMillis + sr.interval);
                    gapWarning(e.getKey(), sr.missing, sr.firstGapLine, sr.firstGapAt, sr.interval);
                    continue;
                }
                Rows rs = sr.head;
                String label = e.getKey().isEmpty() ? "" : " of layer " + e.getKey();
                if (rs.size < 2) {
                    diags.error(declared.get(e.getKey()), "the series" + label + " has "
                            + (rs.isEmpty() ? "no rows" : "one row"), "at least two rows are needed to tell the interval");
                    continue;
                }
                long interval = detectInterval(rs);
                intervals.put(e.getKey(), interval);
                first = Math.min(first, rs.millis[0]);
                last = Math.max(last, rs.millis[rs.size - 1] + interval);
                gaps(e.getKey(), rs, interval);
            }
            if (diags.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            long startMinute = Math.floorDiv(first, 60_000);
            long endMinute = Math.floorDiv(last + 59_999, 60_000);
            long length = endMinute - startMinute;
            if (length > MAX_MINUTES) {
                diags.error(at(headerLine, header[timeCol]), "the trace spans " + (length / 1440) + " days, from "
                        + Instant.ofEpochMilli(first) + " to " + Instant.ofEpochMilli(last),
                        "more than 3 years: are epoch milliseconds read as seconds? name the column epoch_ms");
                return Optional.empty();
            }
            List<TraceSeries> series = new ArrayList<>();
            for (var e : rows.entrySet()) {
                Series sr = e.getValue();
                series.add(sr.binned() ? binned(sr, startMinute, (int) length)
                        : series(e.getKey(), sr.head, intervals.get(e.getKey()), startMinute, (int) length));
            }
            long common = intervals.values().stream().mapToLong(Long::longValue).min().orElse(60_000);
            return Optional.of(new Trace(file, Duration.ofMillis(common), kind, startMinute, (int) length, series,
                    diags.all().stream().filter(d -> !d.isError()).toList()));
        }

        /** A binned series on the trace's minutes: its sums of requests become rates. */
        private TraceSeries binned(Series sr, long startMinute, int length) {
            double[] rps = new double[length];
            double[] peak = new double[length];
            int offset = (int) (sr.firstMinute - startMinute);
            int n = (int) Math.min(Math.min(sr.requests.length, length - offset), Long.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                rps[offset + i] = sr.requests[i] / 60.0;
                peak[offset + i] = sr.peak[i];
            }
            return new TraceSeries(sr.name, rps, peak, declared.get(sr.name));
        }

        /** The most common step between consecutive rows (the smallest on ties): robust to gaps. */
        private static long detectInterval(Rows rs) {
            Map<Long, Integer> counts = new HashMap<>();
            for (int i = 1; i < rs.size; i++) {
                long d = rs.millis[i] - rs.millis[i - 1];
                if (d > 0) {
                    counts.merge(d, 1, Integer::sum);
                }
            }
            long best = 60_000;
            int bestN = -1;
            for (var c : counts.entrySet()) {
                if (c.getValue() > bestN || (c.getValue() == bestN && c.getKey() < best)) {
                    best = c.getKey();
                    bestN = c.getValue();
                }
            }
            return best;
        }

        private void gaps(String name, Rows rs, long interval) {
            long missing = 0;
            int firstLine = -1;
            long firstAt = 0;
            for (int i = 1; i < rs.size; i++) {
                long d = rs.millis[i] - rs.millis[i - 1];
                if (d * 2 > interval * 3) {
                    missing += Math.max(1, Math.round((double) d / interval) - 1);
                    if (firstLine < 0) {
                        firstLine = rs.lines[i];
                        firstAt = rs.millis[i - 1] + interval;
                    }
                }
            }
            gapWarning(name, missing, firstLine, firstAt, interval);
        }

        private void gapWarning(String name, long missing, int firstLine, long firstAt, long interval) {
            if (missing > 0) {
                diags.warning(at(firstLine, header[timeCol]), missing + " interval" + (missing == 1 ? "" : "s")
                        + " of " + Quantities.format(Duration.ofMillis(interval)) + (name.isEmpty() ? "" : " of layer " + name)
                        + " have no row (the first at " + Instant.ofEpochMilli(firstAt) + ", before this line): read as 0 "
                        + "requests");
            }
        }

        private TraceSeries series(String name, Rows rs, long interval, long startMinute, int length) {
            double[] requests = new double[length];
            double[] peak = new double[length];
            double seconds = interval / 1000.0;
            for (int r = 0; r < rs.size; r++) {
                double rate = kind == Trace.ValueKind.RPS ? rs.values[r] : rs.values[r] / seconds;
                long from = rs.millis[r];
                long to = from + interval;
                for (long m = Math.floorDiv(from, 60_000); m * 60_000 < to; m++) {
                    long overlap = Math.min(to, (m + 1) * 60_000) - Math.max(from, m * 60_000);
                    if (overlap <= 0) {
                        continue;
                    }
                    int i = (int) (m - startMinute);
                    requests[i] += rate * overlap / 1000.0;
                    peak[i] = Math.max(peak[i], rate);
                }
            }
            double[] rps = new double[length];
            for (int i = 0; i < length; i++) {
                rps[i] = requests[i] / 60.0;
            }
            return new TraceSeries(name, rps, peak, declared.get(name));
        }
    }
}
