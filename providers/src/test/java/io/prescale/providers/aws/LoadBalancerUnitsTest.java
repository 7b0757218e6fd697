package io.prescale.providers.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.model.Dimension;
import io.prescale.planner.model.LoadTerm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The LCU arithmetic against AWS's published definitions (Elastic Load Balancing pricing): an Application Load
 * Balancer's LCU is 25 new connections a second, 3,000 active connections, 1 GB processed an hour (EC2 and IP
 * targets) or 1,000 rule evaluations a second, whichever needs most; a Network Load Balancer's NLCU is 800 new TCP
 * flows a second, 100,000 active flows or 1 GB an hour.
 */
class LoadBalancerUnitsTest {

    static Map<String, Dimension> dims(LoadBalancerUnits.Type type, double connectionsPerViewer, double bytes,
                                       int rules) {
        return LoadBalancerUnits.dimensions(type, List.of(new LoadTerm.PerViewer("api", 1, 0.1),
                        new LoadTerm.PerJoin("session", 1, 3)), connectionsPerViewer, bytes, rules).stream()
                .collect(Collectors.toMap(Dimension::name, d -> d));
    }

    /** One unit of each dimension, at the published figure, is exactly one unit. */
    @ParameterizedTest(name = "{0} {1}: {2} a unit")
    @CsvSource({
            "APPLICATION, new connections, 25",
            "APPLICATION, active connections, 3000",
            "NETWORK, new connections, 800",
            "NETWORK, active connections, 100000"})
    void connections_atThePublishedFigure_needOneUnit(LoadBalancerUnits.Type type, String dimension, double perUnit) {
        Dimension d = dims(type, 1, 1000, 0).get(dimension);
        assertEquals(1.0, d.units(perUnit), 1e-12);
        assertEquals(40.0, d.units(40 * perUnit), 1e-9);
    }

    @Test
    void processedBytes_oneGigabyteAnHour_isOneUnit() {
        // 10 kB a request: 1 GB an hour is 1e9 / 3600 / 1e4 = 27.78 requests a second
        Dimension d = dims(LoadBalancerUnits.Type.APPLICATION, 1, 10_000, 0).get(LoadBalancerUnits.PROCESSED_BYTES);
        assertEquals(1.0, d.units(1e9 / 3600 / 10_000), 1e-12);
        assertEquals("1 GB/h processed", d.describe(1e9 / 3600 / 10_000));
        assertEquals(1.0, dims(LoadBalancerUnits.Type.NETWORK, 1, 10_000, 0).get(LoadBalancerUnits.PROCESSED_BYTES)
                .units(1e9 / 3600 / 10_000), 1e-12);
    }

    @Test
    void ruleEvaluations_theFirstTenRulesAreFree() {
        // 15 rules: 5 counted a request; 1,000 evaluations a second (one LCU) at 200 requests a second
        Dimension d = dims(LoadBalancerUnits.Type.APPLICATION, 1, 1000, 15).get(LoadBalancerUnits.RULE_EVALUATIONS);
        assertEquals(1.0, d.units(200), 1e-12);
        assertTrue(!dims(LoadBalancerUnits.Type.APPLICATION, 1, 1000, 10).containsKey(LoadBalancerUnits.RULE_EVALUATIONS),
                "10 rules or fewer cost nothing");
        assertTrue(!dims(LoadBalancerUnits.Type.NETWORK, 1, 1000, 50).containsKey(LoadBalancerUnits.RULE_EVALUATIONS),
                "a network load balancer has no rules");
    }

    @Test
    void connections_followTheViewersTheirJoinsAndThePushedSubscribers() {
        List<Dimension> d = LoadBalancerUnits.dimensions(LoadBalancerUnits.Type.APPLICATION, List.of(
                new LoadTerm.PerViewer("api", 0.8, 0.1), new LoadTerm.AdBreak("beacons", 0.3, 20, java.util.Optional.empty()),
                new LoadTerm.GoalPush("push", 1, 2_000_000, 1, Duration.ofSeconds(60))), 2, 5_000, 0);
        Dimension fresh = d.get(0);
        assertEquals(LoadBalancerUnits.NEW_CONNECTIONS, fresh.name());
        assertEquals(List.of(new LoadTerm.PerJoin("joins", 0.8, 2),
                new LoadTerm.GoalPush("push", 1, 4_000_000, 0, Duration.ofSeconds(60))), fresh.terms());
        assertEquals(List.of(new LoadTerm.PerViewer("viewers", 0.8, 2)), d.get(1).terms());
    }

    /**
     * A goal brings viewers back at once: during the surge new connections need more units than anything else, so
     * they drive the reservation. 2,000,000 viewers with 2 connections each are 4,000,000 active connections (1,333.3
     * LCU); 400,000 of them coming back within a minute after a goal, 2 connections each, are 13,333 new connections
     * a second (533.3 LCU) and more: a surge within 10 s is 80,000 a second, 3,200 LCU. Requests: 2,000,000 x 0.1 =
     * 200,000 a second, at 800 B 576 GB/h (576 LCU) and at 12 rules (2 counted) 400,000 evaluations a second (400
     * LCU).
     */
    @Test
    void goalSurge_newConnectionsDriveTheReservation() {
        Map<String, Dimension> d = dims(LoadBalancerUnits.Type.APPLICATION, 2, 800, 12);
        double viewers = 2_000_000;
        double active = d.get(LoadBalancerUnits.ACTIVE_CONNECTIONS).units(viewers * 2);
        double bytes = d.get(LoadBalancerUnits.PROCESSED_BYTES).units(viewers * 0.1);
        double rules = d.get(LoadBalancerUnits.RULE_EVALUATIONS).units(viewers * 0.1);
        double surge = d.get(LoadBalancerUnits.NEW_CONNECTIONS).units(400_000 * 2 / 10.0);
        assertEquals(1333.33, active, 0.01);
        assertEquals(576.0, bytes, 1e-9);
        assertEquals(400.0, rules, 1e-9);
        assertEquals(3200.0, surge, 1e-9);
        assertTrue(surge > Math.max(active, Math.max(bytes, rules)));
    }

    @Test
    void bytes_parsesDecimalAndBinarySizes() {
        assertEquals(12_000, LoadBalancerUnits.bytes("12KB"));
        assertEquals(800, LoadBalancerUnits.bytes("800 B"));
        assertEquals(1_500_000, LoadBalancerUnits.bytes("1.5MB"));
        assertEquals(4096, LoadBalancerUnits.bytes("4KiB"));
        assertThrows(IllegalArgumentException.class, () -> LoadBalancerUnits.bytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> LoadBalancerUnits.bytes("0KB"));
        assertThrows(IllegalArgumentException.class, () -> LoadBalancerUnits.bytes("99999999GB"));
    }

    @Test
    void positive_pastAMillion_isRefused() {
        assertEquals(0.2, LoadBalancerUnits.positive("0.2"), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadBalancerUnits.positive("1e308"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
}
