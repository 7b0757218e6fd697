package io.prescale.schedules;

import io.prescale.planner.model.Event;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
}
