package io.prescale.providers.apply;

import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderDiagnostic;
import io.prescale.providers.spi.ProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Layers planned for review only (a Kafka cluster sized by hand): nothing to observe, nothing to change. */
final class PlanOnlyProvider implements CapacityProvider {
    static final String TYPE = io.prescale.planner.targets.TargetSpec.PLAN_ONLY.id();

    static ProviderFactory factory() {
        return new ProviderFactory() {
            @Override
            public io.prescale.planner.targets.TargetSpec target() {
                return io.prescale.planner.targets.TargetSpec.PLAN_ONLY;
            }

            @Override
            public CapacityProvider create(ProviderConfig config) {
                return new PlanOnlyProvider();
            }
        };
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ObserveResponse observe(ObserveRequest request) {
        return new ObserveResponse(request.layer(), TYPE, Optional.empty(),
                List.of(ProviderDiagnostic.warning(TYPE, "plan-only layer: nothing to observe", "")));
    }

    @Override
    public ChangeResponse apply(ChangeRequest request) {
        return new ChangeResponse(request.change().layer(), TYPE, ChangeStatus.SKIPPED, request.change().from(),
                request.change().from(), "plan-only layer: change it by hand (" + request.change().from() + " -> "
                + request.change().to() + " " + request.change().unit() + ")", Map.of(), List.of());
    }
}
