package io.prescale.providers.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Scenario folders for tests that edit one: shared with the scheduler's and the CLI's tests through the test-jar. */
public final class ScenarioFolders {
    private ScenarioFolders() {
    }

    /** A copy of the folder {@code from} (a shipped example, a fixture) at {@code to}, which it returns. */
    public static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
