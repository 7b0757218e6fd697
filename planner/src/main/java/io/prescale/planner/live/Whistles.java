package io.prescale.planner.live;

import io.prescale.planner.forecast.EventTimeline;
import io.prescale.planner.forecast.Forecast;
import io.prescale.planner.forecast.RpsForecaster;
import io.prescale.planner.model.Layer;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When the events already played finished: where {@link LiveController#learnHistory} looks for their surges. */
public final class Whistles {
    private Whistles() {
    }

    /** Latest whistles (epoch minutes) of the layer's events that kicked off in {@code [from, to)}. */
    public static List<Long> past(Scenario s, Layer l, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return List.of();
        }
        Scenario past = s.withPlanSettings(new PlanSettings(Optional.of(from), 0.5, s.plan().maxAge(),
                Duration.between(from, to)));
        Forecast f = new RpsForecaster().forecast(past, from, 0.5, e -> !e.start().isBefore(from)
                && e.start().isBefore(to));
        return f.events().stream().filter(t -> l.servesRegion(t.event().region())).map(EventTimeline::latestWhistle)
                .toList();
    }
}
