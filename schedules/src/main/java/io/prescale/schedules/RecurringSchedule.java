package io.prescale.schedules;

import io.prescale.planner.diag.SourceLocation;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Recurring scaling from a cron expression, read from {@code recurring:} in prescale.yaml:
 * <pre>
 * recurring:
 *   - name: friday-show
 *     cron: "0 30 21 ? * FRI"     # Quartz cron: sec min hour day-of-month month day-of-week [year]
 *     zone: Europe/Stockholm      # the cron's wall clock (DST included)
 *     set: {web: 40}              # hold these layers at least at these units ...
 *     hold: 2h                    # ... for this long after each firing
 *     exclude: [2026-12-25]       # no firing on these dates (in zone)
 * </pre>
 *
 * @param set     units per layer held from each firing until {@code hold} later (never lowered by it)
 * @param exclude local dates (in {@code zone}) on which the schedule does not fire
 */
public record RecurringSchedule(String name, String description, String cron, ZoneId zone, Map<String, Integer> set,
                                Duration hold, List<LocalDate> exclude, SourceLocation source) {
    public RecurringSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        description = description == null ? "" : description;
        set = Map.copyOf(set);
        exclude = List.copyOf(exclude);
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("hold must be positive, got " + hold);
        }
    }

    /** Everything that decides when and what it fires: a change to any of it reschedules the trigger. */
    String fingerprint() {
        return cron + "|" + zone.getId() + "|" + hold + "|" + exclude + "|" + set.entrySet().stream().sorted(
                Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
