package io.prescale.providers.apply;

import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory provider at the SPI boundary: holds units per resource and records every call. */
public final class FakeProvider implements CapacityProvider {
    public record Call(long seq, String kind, String resource, int to) {
    }

    final String type;
    public final Map<String, Integer> units = new ConcurrentHashMap<>();
    public final Map<String, Integer> floors = new ConcurrentHashMap<>();
    public final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** How much serves (instances InService, ready pods) where a test says so; else unknown. */
    public final Map<String, Integer> serving = new ConcurrentHashMap<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong seq;

    public FakeProvider(String type, AtomicLong seq) {
        this.type = type;
        this.seq = seq;
    }

    /** The shipped target type {@code type} (its kind and phase decide how apply orders and judges it), if any. */
    public static io.prescale.planner.targets.TargetSpec shipped(String type) {
        return DefaultProviders.registry().find(type).map(ProviderFactory::target)
                .orElse(io.prescale.planner.targets.TargetSpec.unchecked(type));
    }

    public ProviderFactory factory() {
        FakeProvider self = this;
        return new ProviderFactory() {
            @Override
            public io.prescale.planner.targets.TargetSpec target() {
                return shipped(type);
            }

            @Override
            public CapacityProvider create(ProviderConfig config) {
                return self;
            }
        };
    }

    public long mutations() {
        return calls.stream().filter(c -> c.kind.equals("set")).count();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public ObserveResponse observe(ObserveRequest r) {
        String name = r.target().name();
        calls.add(new Call(seq.incrementAndGet(), "observe", name, -1));
        if (unreadable.contains(name) || !units.containsKey(name)) {
            return ObserveResponse.failed(r.layer(), name, ProviderDiagnostic.error(name, "cannot read", "", "Unreadable"));
        }
        return ObserveResponse.of(r.layer(), name, new Observation(units.get(name), floors.getOrDefault(name, 0),
                Map.of("units", String.valueOf(units.get(name))), Instant.EPOCH, serving.getOrDefault(name, -1)));
    }

    @Override
    public ChangeResponse apply(ChangeRequest r) {
        String name = r.target().name();
        int before = units.getOrDefault(name, -1);
        int to = r.change().to();
        if (unreadable.contains(name)) {
            // a provider reads its target before changing it: unreadable is unchangeable
            calls.add(new Call(seq.incrementAndGet(), "observe", name, -1));
            return ChangeResponse.failed(r.change().layer(), name, -1, "cannot read",
                    ProviderDiagnostic.error(name, "cannot read", "", "Unreadable"));
        }
        if (failing.contains(name)) {
            calls.add(new Call(seq.incrementAndGet(), "fail", name, to));
            return ChangeResponse.failed(r.change().layer(), name, before, "ValidationError: nope",
                    ProviderDiagnostic.error(name, "rejected", "nope", "ValidationError"));
        }
        if (before == to) {
            return new ChangeResponse(r.change().layer(), name, ChangeStatus.UNCHANGED, before, to, "already " + to,
                    Map.of(), List.of());
        }
        if (r.dryRun()) {
            calls.add(new Call(seq.incrementAndGet(), "dry-run", name, to));
            return new ChangeResponse(r.change().layer(), name, ChangeStatus.DRY_RUN, before, to, "would set " + to,
                    Map.of("desired", String.valueOf(to)), List.of());
        }
        calls.add(new Call(seq.incrementAndGet(), "set", name, to));
        units.put(name, to);
        return new ChangeResponse(r.change().layer(), name, ChangeStatus.APPLIED, before, to, "set " + to,
                Map.of("desired", String.valueOf(to)), List.of());
    }
}
