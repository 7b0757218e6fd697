package io.prescale.providers.cdn;

import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderFactory;

/** Factories for the CDN providers, for the provider registry. */
public final class CdnProviders {
    private CdnProviders() {
    }

    /** The {@code cdn} target type: checks forecast egress and RPS against a CDN's contracted capacity. */
    public static ProviderFactory cdn() {
        return new ProviderFactory() {
            @Override
            public io.prescale.planner.targets.TargetSpec target() {
                return CdnTarget.SPEC;
            }

            @Override
            public CapacityProvider create(ProviderConfig config) {
                return new CdnProvider(config);
            }
        };
    }
}
