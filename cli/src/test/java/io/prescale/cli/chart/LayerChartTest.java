package io.prescale.cli.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chart model's checks and the drawing helpers: axis numbers, step points, time axes in odd zones. */
class LayerChartTest {
    static final long START = Instant.parse("2026-05-30T13:00:00Z").getEpochSecond() / 60;

    @Test
    void build_seriesOfAnotherLength_isRefusedNamingIt() {
        var b = LayerChart.builder("alb", "rps", START, new double[] {1, 2, 3}).observed("observed", new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("layer alb: series observed has 2 values, the forecast 3", e.getMessage());
    }

    @Test
    void build_twoSeriesWithOneLabel_isRefused() {
        var b = LayerChart.builder("alb", "rps", START, new double[] {1, 2}).baseline("forecast", new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("two series are labelled forecast"), e.getMessage());
    }

    @Test
    void plannedUnits_isLoadTermsAndKeepsTheLoadPerUnit() {
        LayerChart c = LayerChart.builder("edge", "rps", START, new double[] {0, 0, 0})
                .plannedUnits("planned", new int[] {50, 386, 50}, 340).build();
        assertArrayEquals(new double[] {17_000, 131_240, 17_000}, c.planned().orElseThrow().load());
        assertEquals(340, c.planned().orElseThrow().loadPerUnit());
        assertEquals(Instant.parse("2026-05-30T13:02:00Z"), c.minute(2));
    }

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource({"0, 0", "0.25, 0.25", "950, 950", "9500, 9500", "12500, 12.5k", "131000, 131k", "1000000, 1M",
        "1250000, 1.25M", "2500000000, 2.5G"})
    void compact_axisNumbers(double v, String expected) {
        assertEquals(expected, AxisLabels.compact(v));
    }

    @ParameterizedTest(name = "{0} rounds up to {1}")
    @CsvSource({"141480, 150000", "1034640, 1200000", "7, 8", "0.9, 1", "0, 1", "100, 100"})
    void niceCeil_roundsUpToAReadableTop(double v, double expected) {
        assertEquals(expected, AxisLabels.niceCeil(v), 1e-9);
    }

    @Test
    void steps_keepOnlyChangesAndTheEndOfTheLastMinute() {
        TimeAxis axis = new TimeAxis(ZoneId.of("UTC"), Instant.EPOCH, Instant.EPOCH.plusSeconds(3600));
        LayerPlot.Points p = LayerPlot.steps(axis, 0, new double[] {5, 5, 5, 9, 9, 5});
        assertEquals(java.util.List.of(5.0, 9.0, 5.0, 5.0), p.y());
        assertEquals(java.util.List.of(new Date(0), new Date(180_000), new Date(300_000), new Date(360_000)), p.x());
    }

    @Test
    void line_dropsOnlyTheInsideOfFlatRuns() {
        TimeAxis axis = new TimeAxis(ZoneId.of("UTC"), Instant.EPOCH, Instant.EPOCH.plusSeconds(3600));
        LayerPlot.Points p = LayerPlot.line(axis, 0, new double[] {1, 1, 1, 1, 4, 2, 2});
        assertEquals(java.util.List.of(1.0, 1.0, 4.0, 2.0, 2.0), p.y());
    }

    @Test
    void timeAxis_halfHourZone_shiftsSoTicksFallOnLocalHours() {
        // given Kolkata (+05:30 all year)
        Instant start = Instant.parse("2026-05-30T13:00:00Z");
        TimeAxis axis = new TimeAxis(ZoneId.of("Asia/Kolkata"), start, start.plusSeconds(6 * 3600));

        // then x reads as local wall time in UTC, with the zone's name as literal text
        assertEquals(start.toEpochMilli() + 19_800_000, axis.x(start));
        assertEquals("MMM d HH:mm 'IST'", axis.datePattern());
        assertEquals("UTC", axis.timeZone().getID());
    }

    @Test
    void timeAxis_acrossADaylightSavingChange_readsRealInstantsInTheZone() {
        Instant start = Instant.parse("2026-03-28T20:00:00Z"); // London moves to BST at 01:00Z on Mar 29
        TimeAxis axis = new TimeAxis(ZoneId.of("Europe/London"), start, start.plusSeconds(12 * 3600));
        assertEquals(start.toEpochMilli(), axis.x(start));
        assertEquals("MMM d HH:mm z", axis.datePattern());
        assertEquals("Europe/London", axis.timeZone().getID());
    }
}
