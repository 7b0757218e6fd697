package io.prescale.planner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} is {1} seconds")
    @CsvSource({"15m,900", "90s,90", "1h30m,5400", "2d,172800", "-10m,-600", "PT15M,900", "0.5m,30", "500ms,0"})
    void duration_withUnits_parses(String text, long seconds) {
        assertEquals(seconds, Quantities.duration(text).toSeconds());
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"15", "15 minutes", "m", "", "1x"})
    void duration_withoutUnit_isRejectedWithExample(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.duration(text));
        assertTrue(e.getMessage().contains("15m"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"300k,300000", "3.2M,3200000", "1.5B,1500000000", "42,42", "1_000,1000", "2e6,2000000"})
    void count_withSuffix_parses(String text, double value) {
        assertEquals(value, Quantities.count(text), 1e-6);
    }

    @ParameterizedTest(name = "{0} = {1} rps")
    @CsvSource({"400rps,400", "1.2Mrps,1200000", "200k/s,200000", "200k rps,200000", "50 req/s,50"})
    void rate_withUnit_parses(String text, double value) {
        assertEquals(value, Quantities.rate(text), 1e-6);
    }

    @Test
    void rate_withoutUnit_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Quantities.rate("400"));
    }

    @ParameterizedTest(name = "{0} = {1} bit/s")
    @CsvSource({"2.5Mbps,2500000", "150Gbps,150000000000", "40Tbps,40000000000000", "800kbps,800000"})
    void bitsPerSecond_withUnit_parses(String text, double value) {
        assertEquals(value, Quantities.bitsPerSecond(text), 1e-3);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"20%,0.2", "0.2,0.2", "100%,1.0", "0,0"})
    void fraction_percentOrDecimal_parses(String text, double value) {
        assertEquals(value, Quantities.fraction(text), 1e-9);
    }

    @Test
    void fraction_aboveOneWithoutPercent_isAmbiguousAndRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantities.fraction("20"));
        assertTrue(e.getMessage().contains("percentage"));
    }

    @Test
    void ratio_mayExceedOne() {
        assertEquals(1.5, Quantities.ratio("150%"), 1e-9);
        assertEquals(2.0, Quantities.ratio("2"), 1e-9);
        assertEquals(1000.0, Quantities.ratio("100000%"), 1e-9);
    }

    @Test
    void limits_theLargestValuesAllowedAreRead() {
        assertEquals(1e15, Quantities.count("1000T"), 1);
        assertEquals(1e15, Quantities.rate("1e15rps"), 1);
        assertEquals(1e10, Quantities.audience("10B"), 1);
        assertEquals(Integer.MAX_VALUE, Quantities.wholeCount("2147483647"));
    }

    @ParameterizedTest(name = "{0}s formats as {1}")
    @CsvSource({"5400,1h30m", "90,1m30s", "0,0s", "-600,-10m", "86400,1d"})
    void format_roundTripsWithParse(long seconds, String text) {
        assertEquals(text, Quantities.format(Duration.ofSeconds(seconds)));
        assertEquals(seconds, Quantities.duration(text).toSeconds());
    }

    @ParameterizedTest(name = "{0} \"{1}\" is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "count    | 1e309   | must be a finite number",
            "count    | -5k     | must not be negative",
            "rate     | 1e309rps | must be a finite number",
            "rate     | -200krps | must not be negative",
            "fraction | NaN%    | must be a finite number",
            "fraction | -Infinity | must be a finite number",
            "number   | NaN     | must be a finite number",
            "number   | Infinity | must be a finite number",
            "number   | -1e300  | too large: at most 10^15",
            "whole    | 1e308   | too large: at most 2147483647",
            "whole    | 2.5     | expected a whole number",
            // finite but past anything a platform serves: 9223372036854775807 pasted, a stray exponent
            "count    | 9223372036854775807 | too large: at most 10^15",
            "rate     | 1e308rps | too large: at most 10^15",
            "bandwidth | 2000000Tbps | too large: at most 10^15",
            "ratio    | 1e308%  | too large: a level or factor is at most 1000x",
            "ratio    | 1001x   | too large: a level or factor is at most 1000x",
            "audience | 20B     | too large for an audience: at most 10B viewers"})
    void parse_numberNoScenarioMeans_isRefusedWithTheRule(String kind, String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            switch (kind) {
                case "count" -> Quantities.count(text);
                case "rate" -> Quantities.rate(text);
                case "fraction" -> Quantities.fraction(text);
                case "number" -> Quantities.number(text);
                case "whole" -> Quantities.wholeCount(text);
                case "bandwidth" -> Quantities.bitsPerSecond(text);
                case "ratio" -> Quantities.ratio(text);
                case "audience" -> Quantities.audience(text);
                default -> throw new IllegalStateException(kind);
            }
        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} with {1} places")
    @CsvSource({"1.2345, 2, 1.23", "0.005, 2, 0.01", "1.005, 2, 1.01", "0.125, 2, 0.13", "99.995, 2, 100.00",
        "9.999, 2, 10.00", "-0.001, 2, -0.00", "2.5, 0, 3", "-2.5, 0, -3", "1e7, 0, 10000000", "1.5e-5, 2, 0.00",
        "123456.789, 1, 123456.8", "0, 3, 0.000"})
    void fixed_roundsHalfUpFromTheShortestDecimal(double v, int places, String text) {
        assertEquals(text, Quantities.fixed(v, places));
    }

    @Test
    void fixed_writesWhatFormatterWrites() {
        // the same text as String.format's %.Nf for values of every size and sign, halves and non-finite values
        java.util.Random random = new java.util.Random(7);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, -0.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e22, 1e-22,
                0.5, 1.5, 99.995, 999999.9999999, 0.045, 0.055, 1.0E-4, 9.5E-5));
        for (int i = 0; i < 200_000; i++) {
            double magnitude = Math.pow(10, random.nextInt(24) - 8);
            double v = switch (i % 3) {
                case 0 -> random.nextDouble() * magnitude;
                case 1 -> Math.round(random.nextDouble() * 100_000) / 1000.0 + 0.0005; // near a tie at 2 or 3
                default -> (random.nextInt(2_000_001) - 1_000_000) / Math.pow(10, random.nextInt(7));
            };
            values.add(random.nextBoolean() ? v : -v);
        }
        for (double v : values) {
            for (int places = 0; places <= 4; places++) {
                assertEquals(String.format(java.util.Locale.ROOT, "%." + places + "f", v), Quantities.fixed(v, places),
                        v + " with " + places + " places");
            }
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"1500000, 1.5M", "2000000, 2M", "12345, 12.35k", "150, 150", "0.333333, 0.33", "100, 100",
        "99.999, 100", "-2500000, -2.5M", "1.2e12, 1.2T"})
    void human_writesTheFigureAsPeopleDo(double v, String text) {
        assertEquals(text, Quantities.human(v));
    }
}
