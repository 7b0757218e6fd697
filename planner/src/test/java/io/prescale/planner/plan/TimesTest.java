package io.prescale.planner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void format_namesMonthDayTimeAndZone() {
        assertEquals("Jun 12 19:00 EDT", Times.format(Instant.parse("2026-06-12T23:00:00Z"),
                ZoneId.of("America/New_York")));
        assertEquals("Jan 1 00:05 GMT", Times.format(Instant.parse("2026-01-01T00:05:00Z"), ZoneId.of("Europe/London")));
    }

    @Test
    void format_writesWhatItsPatternWrites() {
        // the month by hand must read as the formatter's: every month, hours and minutes around 10, zones with
        // and without summer time, offsets and UTC
        List<ZoneId> zones = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/London"),
                ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Sydney"), ZoneId.of("America/Sao_Paulo"),
                ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"));
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(1_700_000_000L + random.nextLong(400_000_000L));
            ZoneId zone = zones.get(random.nextInt(zones.size()));
            assertEquals(Times.SHORT.format(t.atZone(zone)), Times.format(t, zone), t + " in " + zone);
        }
    }
}
