package io.prescale.planner.model;

import java.util.Locale;
import java.util.Optional;

/** What a layer's capacity is counted in. */
public enum CapacityUnit {
    INSTANCES, PODS, TASKS, LCU, BROKERS, PARTITIONS, SHARDS, GBPS, NODES;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CapacityUnit> parse(String s) {
        String k = s.strip().toUpperCase(Locale.ROOT);
        if (k.equals("LCUS")) {
            k = "LCU";
        }
        for (CapacityUnit u : values()) {
            if (u.name().equals(k) || (u.name() + "S").equals(k) || u.name().equals(k + "S")) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
