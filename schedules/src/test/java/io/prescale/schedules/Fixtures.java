package io.prescale.schedules;

import io.prescale.planner.model.Event;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The test scenarios under src/test/resources, loaded as the daemon loads them. */
final class Fixtures {
    static final Path CUP = Path.of("src/test/resources/cup");

    private Fixtures() {
    }

    static Scenario cup(Instant now) {
        return ScenarioLoader.load(CUP, Optional.of(now), now);
    }

    static List<RecurringSchedule> cupRecurring(Instant now) {
        return RecurringReader.read(CUP, cup(now));
    }

    /** The scenario with each event passed through {@code f} (null drops it). */
    static Scenario mapEvents(Scenario s, UnaryOperator<Event> f) {
        return s.withEvents(s.events().stream().map(f).filter(e -> e != null).toList());
    }

    /** A copy of a fixture folder, for tests that edit the calendar. */
    static Path copy(Path from, Path to) {
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
