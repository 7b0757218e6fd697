package io.prescale.planner.calibrate;

import io.prescale.planner.model.BackgroundProfile;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.KickoffFactor;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The prior of a kickoff rule no fitted event has fallen under and the scenario gave no factor: the site's own
 * traffic between events already says how its audience differs on those days or at those hours. Moving each fitted
 * kickoff under the rule (to the rule's days, at its own local time; or to the rule's hours, on its own day), the
 * ratio of the background there to the background where it really kicked off is the factor the rule starts from.
 * A site read from work, whose weekend background runs at a quarter of its weekdays, then does not forecast its
 * first weekend's matches at weekday size; a broadcaster busier at weekends gets the opposite. Once an event under
 * the rule is seen, the rule is fitted like any other.
 */
final class Rhythm {
    private Rhythm() {
    }

    /** The ratio, or empty when the fitted events give no background to compare with. */
    static OptionalDouble ratio(KickoffFactor rule, List<Event> seen, BackgroundProfile profile, ZoneId zone) {
        double there = 0;
        double here = 0;
        for (Event e : seen) {
            ZonedDateTime k = e.start().atZone(zone);
            here += mean(profile, List.of(k, k.plusHours(1)));
            List<ZonedDateTime> moved = new ArrayList<>();
            List<ZonedDateTime> days = new ArrayList<>();
            if (rule.days().isEmpty()) {
                days.add(k);
            } else {
                for (DayOfWeek d : rule.days()) {
                    days.add(k.with(TemporalAdjusters.nextOrSame(d)));
                }
            }
            for (ZonedDateTime d : days) {
                if (rule.from().isEmpty() && rule.to().isEmpty()) {
                    moved.add(d);
                    moved.add(d.plusHours(1));
                } else {
                    int from = rule.from().map(LocalTime::getHour).orElse(0);
                    int to = rule.to().map(t -> t.equals(LocalTime.MIDNIGHT) ? 24 : t.getHour()
                            + (t.getMinute() > 0 ? 1 : 0)).orElse(24);
                    for (int h = from; h < Math.max(from + 1, to); h++) {
                        moved.add(d.withHour(h % 24).withMinute(30));
                    }
                }
            }
            there += mean(profile, moved);
        }
        return here > 0 && there > 0 && Double.isFinite(there / here) ? OptionalDouble.of(there / here)
                : OptionalDouble.empty();
    }

    private static double mean(BackgroundProfile profile, List<ZonedDateTime> at) {
        double sum = 0;
        for (ZonedDateTime t : at) {
            sum += profile.median(Math.floorDiv(t.toEpochSecond(), 60));
        }
        return sum / at.size();
    }
}
