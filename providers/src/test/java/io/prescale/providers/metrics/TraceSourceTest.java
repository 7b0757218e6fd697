package io.prescale.providers.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSourceTest {
    @TempDir
    Path dir;

    @Test
    void read_replayedTrace_seesNothingFromTheClocksMinuteOn() throws Exception {
        // given: a per-minute count trace of 10 minutes; the clock is at the 6th
        StringBuilder csv = new StringBuilder("minute_utc,requests\n");
        for (int i = 0; i < 10; i++) {
            csv.append("2026-06-12T19:0").append(i).append(":00Z,").append(6000 * (i + 1)).append('\n');
        }
        Path trace = Files.writeString(dir.resolve("t.csv"), csv.toString());
        Instant now = Instant.parse("2026-06-12T19:05:30Z");
        long from = Instant.parse("2026-06-12T19:00:00Z").getEpochSecond() / 60;
        TraceSource s = new TraceSource(trace, Optional.empty(), Clock.fixed(now, ZoneOffset.UTC));

        // when
        MetricRead r = s.read(new MetricQuery("web", from, from + 10, 1e9, Duration.ofSeconds(5)));

        // then
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        assertEquals(100, r.values()[0], 1e-9, "6,000 a minute is 100 rps");
        assertEquals(500, r.values()[4], 1e-9);
        assertEquals(4, r.newest(), "minute 19:05 is not over at 19:05:30");
    }

    @Test
    void read_missingFile_isOneErrorNotAnException() {
        TraceSource s = new TraceSource(dir.resolve("absent.csv"), Optional.empty(), Clock.systemUTC());
        MetricRead r = s.read(new MetricQuery("web", 0, 10, 1e9, Duration.ofSeconds(5)));
        assertTrue(r.failed());
        assertEquals(1, r.diagnostics().size());
    }
}
