package io.prescale.planner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CPU and memory quantities: the quick path (no BigDecimal) reads every value as the exact one does. */
class ResourcesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500m, 500", "2, 2000", "1.5, 1500", "0.25, 250", "1.500, 1500", "2.0m, 2", "0, 0", "007, 7000",
        "1000000, 1000000000"})
    void milliCpu_readsCoresAndMillicores(String text, long milli) {
        assertEquals(milli, Resources.milliCpu(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1Gi, 1073741824", "600Mi, 629145600", "2G, 2000000000", "512k, 512000", "1.5Gi, 1610612736",
        "0.1Ki, 103", "123, 123", "1024Ti, 1125899906842624"})
    void memoryBytes_readsUnits_roundingUp(String text, long bytes) {
        assertEquals(bytes, Resources.memoryBytes(text));
    }

    @Test
    void quickPath_equalsTheExactReading_forEveryShapeOfValue() {
        // written values, typos and edges: each gives what the BigDecimal reading gives, the value or its message
        List<String> texts = new ArrayList<>(List.of("", "m", ".5", "5.", "1..5", "1.5.2", "-1", "+1", "1e3", "1E3m",
                "0.0005", "1.5m", "0.001", "1000000.001", "1000001", "999999999999999", "9999999999999999",
                "1 ", " 2", "0x10", "１", "1,5", "Gi", "1Gi ", "1gi", "1Xi", "1.Gi", ".5Gi", "1e2Mi", "1025Ti",
                "1024.0000001Ti", "0.0000001", "123456789012345", "1234567890123456Ki", "0.3333333Ki"));
        Random random = new Random(42);
        String[] units = {"", "m", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int digits = 1 + random.nextInt(random.nextBoolean() ? 4 : 17);
            for (int d = 0; d < digits; d++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(3) == 0) {
                b.insert(1 + random.nextInt(b.length()), '.');
            }
            texts.add(b + units[random.nextInt(units.length)]);
        }
        for (String t : texts) {
            assertEquals(outcome(Resources::milliCpuExact, t), outcome(Resources::milliCpu, t), "CPU '" + t + "'");
            assertEquals(outcome(Resources::memoryBytesExact, t), outcome(Resources::memoryBytes, t),
                    "memory '" + t + "'");
        }
    }

    private static String outcome(ToLongFunction<String> read, String text) {
        try {
            return Long.toString(read.applyAsLong(text));
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }
}
