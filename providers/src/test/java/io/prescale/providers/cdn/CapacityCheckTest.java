package io.prescale.providers.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.providers.spi.ChangeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityCheckTest {
    private static final CdnSettings.Limit CONTRACT = new CdnSettings.Limit(3000, "contracted");

    @ParameterizedTest(name = "{0} Gbps needed of 2,400 available -> {1}")
    @CsvSource({
            "0, PASSED",
            "1800, PASSED",
            "2159, PASSED",
            "2160, WARNED",
            "2400, WARNED",
            "2401, FAILED",
            "3000, FAILED",
    })
    void check_neededAgainstAvailable_judgedWithTenPercentMargin(int needed, ChangeStatus expected) {
        assertEquals(expected, new CapacityCheck("Gbps", needed, CONTRACT, 0.2, 0).status());
    }

    @Test
    void check_withHeadroom_messageShowsTheNumbers() {
        var c = new CapacityCheck("Gbps", 1800, CONTRACT, 0.2, 0);
        assertEquals("peak 1,800 Gbps needed vs 2,400 Gbps available (3,000 contracted, 20% headroom)", c.message());
    }

    @Test
    void check_otherTraffic_subtractedAndNamed() {
        var c = new CapacityCheck("Gbps", 1800, CONTRACT, 0.2, 800);
        assertEquals(1600, c.available());
        assertEquals(ChangeStatus.FAILED, c.status());
        assertEquals("peak 1,800 Gbps needed vs 1,600 Gbps available (3,000 contracted, 20% headroom, "
                + "800 in use by other traffic): short by 200 Gbps", c.message());
    }

    @Test
    void check_noHeadroomWithinMargin_warnsInWords() {
        var c = new CapacityCheck("rps", 240_000, new CdnSettings.Limit(250_000, "default CloudFront quota"), 0, 0);
        assertEquals(ChangeStatus.WARNED, c.status());
        assertEquals("peak 240,000 rps needed vs 250,000 rps available (250,000 default CloudFront quota, "
                + "no headroom): less than 10% margin", c.message());
    }
}
