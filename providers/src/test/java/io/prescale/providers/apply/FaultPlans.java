package io.prescale.providers.apply;

import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the fault-injection suites share: a final at 19:00Z on one layer, raised from {@code low} to {@code high}
 * before it (due at {@link #DURING}) and lowered back after its latest end (due at {@link #AFTER}), applied through
 * the real engine with one provider.
 */
public final class FaultPlans {
    public static final Instant KICKOFF = Instant.parse("2026-07-19T19:00:00Z");
    public static final Instant DURING = Instant.parse("2026-07-19T18:50:00Z");
    public static final Instant AFTER = Instant.parse("2026-07-19T22:20:00Z");

    private FaultPlans() {
    }

    /** @param raise the raising action (SCALE_OUT, or PREWARM for a load balancer) */
    public static Plan plan(String layer, String type, String target, String unit, int low, int high, Action raise) {
        Instant made = Instant.parse("2026-07-19T17:00:00Z");
        LayerSummary l = new LayerSummary(layer, unit, type, target, Map.of(), 1, 0, high, high, low,
                Math.max(1500, high), KICKOFF, "FINAL", Map.of());
        List<Change> changes = List.of(
                new Change(layer, type, target, raise, Instant.parse("2026-07-19T18:00:00Z"), DURING, low, high, unit,
                        List.of("FINAL"), "pre-scale"),
                new Change(layer, type, target, Action.SCALE_IN, Instant.parse("2026-07-19T22:00:00Z"),
                        Instant.parse("2026-07-19T22:00:00Z"), high, low, unit, List.of("FINAL"), "scale-in"));
        List<PlanEvent> events = List.of(new PlanEvent("FINAL", "A v B", "final", true, KICKOFF,
                Instant.parse("2026-07-19T18:15:00Z"), Instant.parse("2026-07-19T21:41:00Z"), 4e6, "test",
                List.of(layer)));
        return new Plan(Plan.FORMAT_VERSION, "faults", made, made, "sha256:faults", List.of(), 0.9, Duration.ofDays(2),
                new ObservedState("baseline", made, Map.of(layer, low)), true, events, List.of(l), changes, List.of());
    }

    /**
     * A suite's cases: each phase (during the event, after it), each call the phase {@code makes}, each fault, once
     * and on every attempt; as arguments (name, after, call, fault, persistent), named e.g.
     * {@code during UpdateAutoScalingGroup THROTTLING (once)}.
     */
    public static <F extends Enum<F>> Stream<Arguments> cases(List<String> calls, BiPredicate<Boolean, String> makes,
                                                             F[] faults) {
        List<Arguments> out = new ArrayList<>();
        for (boolean after : List.of(false, true)) {
            for (String call : calls) {
                if (!makes.test(after, call)) {
                    continue;
                }
                for (F f : faults) {
                    for (boolean persistent : List.of(false, true)) {
                        out.add(Arguments.of((after ? "after" : "during") + " " + call + " " + f
                                + (persistent ? " (every attempt)" : " (once)"), after, call, f, persistent));
                    }
                }
            }
        }
        return out.stream();
    }

    /** A factory of {@code type} whose providers {@code create} builds. */
    public static ProviderFactory factory(String type, Function<ProviderConfig, CapacityProvider> create) {
        return new ProviderFactory() {
            @Override
            public io.prescale.planner.targets.TargetSpec target() {
                return FakeProvider.shipped(type);
            }

            @Override
            public CapacityProvider create(ProviderConfig c) {
                return create.apply(c);
            }
        };
    }

    /** Applies {@code plan} at {@code now} with one provider, calls to {@code endpoint} when given. */
    public static ApplyReport apply(Plan plan, ProviderFactory f, Instant now, Optional<URI> endpoint, Path audit) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ProviderConfig config = new ProviderConfig(Optional.empty(), endpoint.map(e -> "us-east-1"), endpoint,
                Optional.empty(), Optional.empty(), clock, Duration.ofSeconds(5), 3, Map.of());
        return new ApplyEngine(new ProviderRegistry().register(f), config, new AuditLog(audit), clock)
                .apply(plan, new ApplyOptions(false, 4, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }
}
