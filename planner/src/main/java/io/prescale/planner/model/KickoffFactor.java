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
 */
public record KickoffFactor(String label, Set<DayOfWeek> days, Optional<LocalTime> from, Optional<LocalTime> to,
                            double factor) {

    public KickoffFactor {
        days = Set.copyOf(days);
        if (factor < 0) {
            throw new IllegalArgumentException("a kickoff factor must not be negative, got " + factor);
        }
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
