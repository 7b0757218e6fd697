package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.providers.examples.ScenarioFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.TriggerUtils;
import org.quartz.impl.triggers.CronTriggerImpl;
import org.quartz.spi.OperableTrigger;

/** Recurring schedules: reading and validating them, and when they fire across zones, DST and excluded dates. */
class RecurringTest {
    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    static RecurringSchedule friday(List<LocalDate> exclude) {
        return new RecurringSchedule("friday-show", "", "0 30 21 ? * FRI", STOCKHOLM, Map.of("edge", 40),
                Duration.ofHours(2), exclude, null);
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @ParameterizedTest(name = "after {0}: {1}")
    @CsvSource({
            // 21:30 in Stockholm: 20:30Z in winter (CET), 19:30Z in summer (CEST)
            "2030-03-22T00:00:00Z, 2030-03-22T20:30:00Z",
            "2030-03-23T00:00:00Z, 2030-03-29T20:30:00Z",   // the last Friday before DST starts (Sun 31 March)
            "2030-03-30T00:00:00Z, 2030-04-05T19:30:00Z",   // the first after: an hour earlier in UTC
            "2030-10-20T00:00:00Z, 2030-10-25T19:30:00Z",   // the last Friday of summer time (ends Sun 27 October)
            "2030-10-26T00:00:00Z, 2030-11-01T20:30:00Z",
            "2030-12-21T00:00:00Z, 2031-01-03T20:30:00Z"})  // 27 December is excluded
    void cron_inZone_keepsLocalTimeAcrossDst_andSkipsExcludedDates(String after, String next) {
        RecurringTimes times = RecurringTimes.of(friday(List.of(LocalDate.parse("2030-12-27"))));

        assertEquals(Optional.of(t(next)), times.next(t(after)));
    }

    @Test
    void cron_agreesWithTheQuartzTriggerAndCalendarTheDaemonStores() throws Exception {
        RecurringSchedule r = friday(List.of(LocalDate.parse("2030-12-27"), LocalDate.parse("2031-03-28")));
        OperableTrigger trigger = (OperableTrigger) Triggers.trigger("cup", new DesiredJob.Cron("recurring/x/scale-out", r),
                t("2030-09-01T00:00:00Z"));
        ((CronTriggerImpl) trigger).setStartTime(Date.from(t("2030-09-01T00:00:00Z")));

        List<Date> quartz = TriggerUtils.computeFireTimes(trigger, RecurringTimes.calendar(r), 40);

        List<Date> ours = new ArrayList<>();
        Instant at = t("2030-08-31T23:59:59Z");
        for (int i = 0; i < 40; i++) {
            at = RecurringTimes.of(r).next(at).orElseThrow();
            ours.add(Date.from(at));
        }
        assertEquals(quartz, ours);
        assertTrue(ours.stream().noneMatch(d -> d.toInstant().atZone(STOCKHOLM).toLocalDate()
                .equals(LocalDate.parse("2030-12-27"))));
    }

    @Test
    void cron_inTheDstGap_isSkippedThatDay_likeQuartz() throws Exception {
        // 02:30 does not exist in Stockholm on 31 March 2030 (clocks jump from 02:00 to 03:00)
        RecurringSchedule r = new RecurringSchedule("night", "", "0 30 2 * * ?", STOCKHOLM, Map.of("edge", 20),
                Duration.ofMinutes(30), List.of(), null);
        RecurringTimes times = RecurringTimes.of(r);

        Instant next = times.next(t("2030-03-30T12:00:00Z")).orElseThrow();

        OperableTrigger trigger = (OperableTrigger) Triggers.trigger("cup", new DesiredJob.Cron("recurring/night/scale-out", r),
                t("2030-03-30T12:00:00Z"));
        ((CronTriggerImpl) trigger).setStartTime(Date.from(t("2030-03-30T12:00:00Z")));
        Date quartz = TriggerUtils.computeFireTimes(trigger, null, 1).get(0);
        assertEquals(quartz.toInstant(), next);
        assertEquals(t("2030-04-01T00:30:00Z"), next, "Quartz skips a firing whose local time does not exist");
        // the day before and the day after fire at 02:30 local
        assertEquals(t("2030-03-30T01:30:00Z"), times.next(t("2030-03-29T12:00:00Z")).orElseThrow());
        assertEquals(t("2030-04-01T00:30:00Z"), times.next(t("2030-03-31T12:00:00Z")).orElseThrow());
        // when clocks go back, 02:30 happens twice (CEST, then CET): Quartz fires once, at the second
        Instant first = times.next(t("2030-10-26T12:00:00Z")).orElseThrow();
        assertEquals(t("2030-10-27T01:30:00Z"), first);
        assertEquals(t("2030-10-28T01:30:00Z"), times.next(first).orElseThrow());
    }

    @Test
    void cron_activeAt_coversTheHoldAfterEachFiring() {
        RecurringTimes times = RecurringTimes.of(friday(List.of()));

        assertEquals(Optional.of(t("2030-06-07T19:30:00Z")), times.activeAt(t("2030-06-07T19:30:00Z")));
        assertEquals(Optional.of(t("2030-06-07T19:30:00Z")), times.activeAt(t("2030-06-07T21:29:59Z")));
        assertEquals(Optional.empty(), times.activeAt(t("2030-06-07T21:30:00Z")));
        assertEquals(Optional.empty(), times.activeAt(t("2030-06-07T19:29:59Z")));
    }

    @Test
    void recurringJobs_duringAHold_cronTriggerAndTheCurrentRelease() {
        List<DesiredJob> jobs = JobSchedule.recurringJobs(friday(List.of()), t("2030-06-07T20:00:00Z"));

        assertEquals(List.of("recurring/friday-show/scale-out", "recurring/friday-show/release-20300607T193000Z"),
                jobs.stream().map(DesiredJob::name).toList());
        assertEquals(t("2030-06-07T21:30:00Z"), ((DesiredJob.OneShot) jobs.get(1)).fireAt());
    }

    @Test
    void recurringJobs_theDayAfter_keepTheLastReleaseInCaseItHasNotRun() {
        List<DesiredJob> jobs = JobSchedule.recurringJobs(friday(List.of()), t("2030-06-08T10:00:00Z"));

        assertEquals(List.of("recurring/friday-show/scale-out", "recurring/friday-show/release-20300607T193000Z",
                "recurring/friday-show/release-20300614T193000Z"), jobs.stream().map(DesiredJob::name).toList());
    }

    @Test
    void read_cupFixture() {
        List<RecurringSchedule> rs = Fixtures.cupRecurring(t("2030-06-01T00:00:00Z"));

        assertEquals(1, rs.size());
        RecurringSchedule r = rs.get(0);
        assertEquals("friday-show", r.name());
        assertEquals(STOCKHOLM, r.zone());
        assertEquals(Map.of("edge", 40), r.set());
        assertEquals(Duration.ofHours(2), r.hold());
        assertEquals(List.of(LocalDate.parse("2030-12-27")), r.exclude());
    }

    @Test
    void read_invalid_reportsEveryProblemWithFileLineAndField(@TempDir Path tmp) throws IOException {
        ScenarioFolders.copy(Fixtures.CUP, tmp.resolve("s"));
        Path yaml = tmp.resolve("s/prescale.yaml");
        String text = Files.readString(yaml);
        text = text.substring(0, text.indexOf("recurring:")) + """
                recurring:
                  - name: friday-show
                    cron: "0 30 25 ? * FRI"
                    zone: Europe/Stockholm
                    set: {edge: 40, web: 3}
                    hold: -2h
                    exclude: [2026-13-01]
                  - name: bad name
                    crn: "0 0 * * * ?"
                    set: {api: 500}
                    hold: 1h
                """;
        Files.writeString(yaml, text);
        Instant now = t("2030-06-01T00:00:00Z");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ScenarioSource(tmp.resolve("s"),
                List.of(), Duration.ofMinutes(5)).load(now));

        List<String> errors = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
        String all = String.join("\n", errors);
        assertTrue(all.contains("prescale.yaml:40:11: error: recurring[0].cron: not a valid Quartz cron expression"), all);
        assertTrue(all.contains("recurring[0].set.web: unknown layer 'web'"), all);
        assertTrue(all.contains("recurring[0].hold: must be a positive duration"), all);
        assertTrue(all.contains("recurring[0].exclude[0]: expected a date such as 2026-12-25"), all);
        assertTrue(all.contains("recurring[1].name: a recurring schedule's name is part of job keys"), all);
        assertTrue(all.contains("recurring[1].zone: missing required field 'zone'"), all);
        assertTrue(all.contains("recurring[1].crn: unknown field 'crn' (did you mean 'cron'?)"), all);
        assertTrue(all.contains("recurring[1].set.api: layer api may hold 4 to 200 pods, not 500"), all);
        assertTrue(errors.size() >= 9, all);
    }
}
