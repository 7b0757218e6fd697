package io.prescale.providers.cdn;

import java.util.Locale;
import java.util.Optional;

/** The unit a metrics endpoint reports bandwidth in ({@code metricsUnit}). */
enum BandwidthUnit {
    GBPS(1), MBPS(1e-3), BPS(1e-9);

    private final double toGbps;

    BandwidthUnit(double toGbps) {
        this.toGbps = toGbps;
    }

    double toGbps(double value) {
        return value * toGbps;
    }

    static Optional<BandwidthUnit> parse(String s) {
        String k = s.strip().toUpperCase(Locale.ROOT);
        for (BandwidthUnit u : values()) {
            if (u.name().equals(k)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
