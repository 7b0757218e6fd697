package io.prescale.schedules;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.impl.calendar.HolidayCalendar;

/**
 * When a recurring schedule fires, computed with the same Quartz {@link CronExpression} (in the schedule's zone,
 * so 21:30 stays 21:30 across DST changes) and {@link HolidayCalendar} (the excluded dates) that its trigger uses,
 * so the release times the daemon schedules agree with the firings Quartz makes.
 */
final class RecurringTimes {
    /** How far back to look for the latest firing before an instant, widening step by step. */
    private static final Duration[] LOOK_BACK = {Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(8), Duration.ofDays(32), Duration.ofDays(367)};
    private static final int MAX_STEPS = 20_000;

    private final RecurringSchedule schedule;
    private final CronExpression cron;
    private final HolidayCalendar calendar;

    private RecurringTimes(RecurringSchedule schedule) {
        this.schedule = schedule;
        this.cron = expression(schedule.cron(), schedule.zone().getId());
        this.calendar = calendar(schedule);
    }

    static RecurringTimes of(RecurringSchedule s) {
        return new RecurringTimes(s);
    }

    /** Parses a cron expression in a zone; an invalid one is an {@link IllegalArgumentException} with Quartz's reason. */
    static CronExpression expression(String text, String zone) {
        try {
            CronExpression e = new CronExpression(text);
            e.setTimeZone(TimeZone.getTimeZone(zone));
            return e;
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid Quartz cron expression \"" + text + "\": " + e.getMessage()
                    + " (fields: second minute hour day-of-month month day-of-week [year], e.g. \"0 30 21 ? * FRI\")");
        }
    }

    /** The excluded dates as a Quartz calendar in the schedule's zone (a whole local day each). */
    static HolidayCalendar calendar(RecurringSchedule s) {
        HolidayCalendar c = new HolidayCalendar();
        c.setTimeZone(TimeZone.getTimeZone(s.zone()));
        c.setDescription("prescale recurring " + s.name() + ": excluded dates " + s.exclude());
        for (LocalDate d : s.exclude()) {
            c.addExcludedDate(Date.from(d.atStartOfDay(s.zone()).toInstant()));
        }
        return c;
    }

    /** The first firing strictly after {@code t}, skipping excluded dates. */
    Optional<Instant> next(Instant t) {
        Date d = Date.from(t);
        for (int i = 0; i < MAX_STEPS; i++) {
            d = cron.getNextValidTimeAfter(d);
            if (d == null) {
                return Optional.empty();
            }
            if (calendar.isTimeIncluded(d.getTime())) {
                return Optional.of(d.toInstant());
            }
        }
        return Optional.empty();
    }

    /** The latest firing at or before {@code t} (Quartz cron has no backwards search: scan forward from earlier). */
    Optional<Instant> latestAtOrBefore(Instant t) {
        for (Duration back : LOOK_BACK) {
            Instant from = t.minus(back);
            Optional<Instant> best = Optional.empty();
            Optional<Instant> n = next(from.minusMillis(1));
            int steps = 0;
            while (n.isPresent() && !n.get().isAfter(t) && steps++ < MAX_STEPS) {
                best = n;
                n = next(n.get());
            }
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    /** The firing whose hold covers {@code t} ({@code firing <= t < firing + hold}), if any. */
    Optional<Instant> activeAt(Instant t) {
        return latestAtOrBefore(t).filter(o -> o.plus(schedule.hold()).isAfter(t));
    }

    RecurringSchedule schedule() {
        return schedule;
    }
}
