package io.prescale.providers.apply;

import io.prescale.planner.targets.TargetSpec;
import io.prescale.planner.targets.TargetSpecs;
import io.prescale.providers.spi.ProviderFactory;
import java.util.List;

/**
 * The target types of the providers prescale ships, for {@link io.prescale.planner.targets.TargetCatalog#installed()}
 * (registered in {@code META-INF/services}): a scenario loaded with this module on the class path knows them.
 */
public final class ShippedTargets implements TargetSpecs {
    @Override
    public List<TargetSpec> specs() {
        return DefaultProviders.factories().stream().map(ProviderFactory::target).toList();
    }
}
