package io.prescale.planner.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks an input file (a scenario, a calendar, a trace) before it is opened: a directory fails to read with a
 * Java exception's name, a FIFO blocks forever and {@code /dev/zero} fills the heap, so only regular files are read.
 */
public final class InputFiles {
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
}
