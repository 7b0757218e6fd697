package io.prescale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.providers.apply.FakeProvider;
import io.prescale.providers.cdn.CdnProviders;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped examples' plans apply: what the plan checks is what apply checks, from the same figures. */
class ExamplesApplyTest {
    @TempDir
    Path tmp;

    @Test
    void broadcasterWc2018_cdnContractFromTheLayersMax_checksAtApplyAsAtPlan() {
        // given: the plan of the example, its CDN layer's contract given only as the layer's max (9000 Gbps)
        Instant at = Instant.parse("2018-06-14T13:20:00Z");
        FakeProvider asg = new FakeProvider("aws-asg", new AtomicLong());
        asg.units.put("live-api-euw2", 40);
        Path plan = tmp.resolve("plan.json");
        assertEquals(0, run(at, asg, "plan", "../examples/broadcaster-wc-2018", "--at", at.toString(), "--out",
                plan.toString()).code());

        // when: applied (dry run) when the first match's changes are due
        CliRun r = run(at.plusSeconds(600), asg, "apply", plan.toString(), "--dry-run");

        // then: the CDN check runs against 9000 Gbps instead of failing for want of capacityGbps
        assertTrue(r.out().contains("PASSED  cdn") || r.out().contains("PASSED   cdn"), r.out() + r.err());
        assertTrue(r.out().contains("9,000 contracted"), r.out());
        assertTrue(!r.out().contains("is not set"), r.out());
    }

    static CliRun run(Instant now, FakeProvider asg, String... args) {
        return CliRun.run(Clock.fixed(now, ZoneOffset.UTC),
                () -> new ProviderRegistry().register(asg.factory()).register(CdnProviders.cdn()), args);
    }
}
