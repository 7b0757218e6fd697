package io.prescale.planner.config;

import java.io.IOException;
import java.nio.file.Files;
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
}
