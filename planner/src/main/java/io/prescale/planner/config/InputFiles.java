package io.prescale.planner.config;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an input file (a scenario, a calendar, a trace) before it is opened: a directory fails to read with a
 * Java exception's name, a FIFO blocks forever and {@code /dev/zero} fills the heap, so only regular files are read.
 * Files larger than their stated limit are refused before they are read: a 50 MB YAML string parsed for over ten
 * minutes, and a 6 MB one took 11-24 s to reach SnakeYAML's own 3 MB limit.
 */
public final class InputFiles {
    /** The largest YAML file (scenario, section, YAML calendar, recurring schedules): SnakeYAML's own limit. */
    public static final long MAX_YAML_BYTES = 3L * 1024 * 1024;
    /** The largest iCalendar or CSV calendar, file or feed. */
    public static final long MAX_CALENDAR_BYTES = 5L * 1024 * 1024;

    private InputFiles() {
    }

    /** Why {@code p} is not read as an input file, or empty when it is a regular file or does not exist at all. */
    public static Optional<String> refusal(Path p) {
        if (!Files.exists(p) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("is a symbolic link that leads nowhere (its target is missing, or the links form a loop)");
        }
        if (Files.isDirectory(p)) {
            return Optional.of("is a directory, not a file");
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            return Optional.of("is not a regular file (a pipe, a device or a socket is not read as input)");
        }
        return Optional.empty();
    }

    /** The size limit of a file named {@code name}: YAML files have theirs, any other input is a calendar. */
    public static long limitFor(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") ? MAX_YAML_BYTES : MAX_CALENDAR_BYTES;
    }

    /** Why {@code p} is too large to read, or empty when it is within {@code maxBytes} (or its size is unknown). */
    public static Optional<String> tooLarge(Path p, long maxBytes) {
        try {
            return tooLarge(Files.size(p), maxBytes);
        } catch (IOException e) {
            return Optional.empty(); // reading it reports the problem
        }
    }

    /** Why {@code bytes} is too large, e.g. {@code is 50.0 MB, more than the 3 MB limit}, or empty when not. */
    public static Optional<String> tooLarge(long bytes, long maxBytes) {
        if (bytes <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "is %.1f MB, more than the %d MB limit", bytes / 1048576.0,
                maxBytes / (1024 * 1024)));
    }

    /** Why reading a file failed, in words (an exception's name means nothing to whoever fixes the file). */
    public static String why(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(java.util.Locale.ROOT);
            default -> e.getMessage() == null ? "an input/output error" : e.getMessage();
        };
    }

    /** The line {@code maxBytes} into {@code p} falls on (1-based): where a file over its limit stops being read. */
    public static int lineAtLimit(Path p, long maxBytes) {
        int line = 1;
        byte[] buf = new byte[65536];
        long left = maxBytes;
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line++;
                    }
                }
                left -= n;
            }
        } catch (IOException e) {
            return 0; // the size is refused anyway; the line is a courtesy
        }
        return line;
    }

    /**
     * The UTF-8 text of an input file's bytes, or empty with one error at the line and column where they stop being
     * text: a UTF-16 or UTF-32 file (a spreadsheet's "Unicode text" export), a NUL byte (binary content), or a byte
     * that is not UTF-8 (a Latin-1 export). Decoded with replacement, such files were read as U+FFFD characters and
     * headers nobody could match, or failed inside the parser with no line. A UTF-8 byte-order mark is dropped.
     */
    public static Optional<String> text(String file, byte[] bytes, Diagnostics diags) {
        int n = bytes.length;
        if (n >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))
                || n >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == (byte) 0xFE && bytes[3] == (byte) 0xFF) {
            diags.error(new SourceLocation(file, 1, 1, ""), "the file is UTF-16 or UTF-32 text, not UTF-8",
                    "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)");
            return Optional.empty();
        }
        int start = n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        for (int i = start; i < n; i++) {
            if (bytes[i] == 0) {
                // ASCII in UTF-16 has a NUL beside every character
                boolean utf16 = n - start >= 4 && (bytes[start] == 0) != (bytes[start + 1] == 0)
                        && (bytes[start + 2] == 0) != (bytes[start + 3] == 0);
                diags.error(at(file, bytes, start, utf16 ? start : i), utf16
                        ? "the file is UTF-16 text, not UTF-8" : "the file holds a NUL byte: binary content, not text",
                        utf16 ? "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)" : "give the text file itself");
                return Optional.empty();
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, n - start);
        CharBuffer out = CharBuffer.allocate(n - start);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            diags.error(at(file, bytes, start, in.position()), String.format(java.util.Locale.ROOT,
                    "the file is not UTF-8 text: byte 0x%02X at offset %d cannot start or continue a character",
                    bytes[in.position()], in.position()),
                    "save it as UTF-8 (a Latin-1 or Windows-1252 export: iconv -f WINDOWS-1252 -t UTF-8)");
            return Optional.empty();
        }
        dec.flush(out);
        return Optional.of(out.flip().toString());
    }

    /** File, line and column (in characters) of byte {@code offset}. */
    private static SourceLocation at(String file, byte[] bytes, int start, int offset) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
        return new SourceLocation(file, line, column, "");
    }
}
