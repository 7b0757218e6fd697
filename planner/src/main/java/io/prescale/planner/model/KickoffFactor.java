package io.prescale.planner.model;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * An audience factor for events whose kickoff falls on given days and/or between given local times, e.g. weekend
 * matches on a site people read from work ({@code days: [saturday, sunday], factor: 10%}) or evening kickoffs
 * ({@code from: "20:00", to: "24:00", factor: 55%}). Local times are in the scenario's zone.
 *
 * @param days  days the rule applies on; empty means every day
 * @param from  first local time the rule applies at (inclusive); empty means from midnight
 * @param to    local time the rule stops at (exclusive); empty means until midnight
 * @param stated whether the scenario gave the factor; a rule without one is 100% until calibrate has seen an event
 *               under it, and before that follows the site's own rhythm (see the calibrator)
 */
public record KickoffFactor(String label, Set<DayOfWeek> days, Optional<LocalTime> from, Optional<LocalTime> to,
                            double factor, boolean stated) {

    public KickoffFactor(String label, Set<DayOfWeek> days, Optional<LocalTime> from, Optional<LocalTime> to,
                         double factor) {
        this(label, days, from, to, factor, true);
    }

    public KickoffFactor {
        days = Set.copyOf(days);
        if (factor < 0) {
            throw new IllegalArgumentException("a kickoff factor must not be negative, got " + factor);
        }
    }

    /** The same rule with another factor, stated or not as this one is. */
    public KickoffFactor withFactor(double f) {
        return new KickoffFactor(label, days, from, to, f, stated);
    }

    /** Whether a kickoff, seen in the scenario's zone, falls under this rule. */
    public boolean matches(ZonedDateTime localKickoff) {
        if (!days.isEmpty() && !days.contains(localKickoff.getDayOfWeek())) {
            return false;
        }
        LocalTime t = localKickoff.toLocalTime();
        return from.map(f -> !t.isBefore(f)).orElse(true) && to.map(t::isBefore).orElse(true);
    }
}
