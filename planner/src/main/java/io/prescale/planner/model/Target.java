package io.prescale.planner.model;

import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.TargetSpec;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The resource a layer's capacity lives in: its type as its provider declares it, its name (the resource's id at
 * the provider) and the type's settings, checked when the scenario was loaded.
 */
public record Target(TargetSpec spec, String name, Map<String, String> settings) {

    public Target {
        Objects.requireNonNull(spec, "spec");
        name = name == null ? "" : name;
        settings = SortedMaps.copyOf(settings);
    }

    /** A target of a type known only by its id (a saved plan read back, tests): see {@link TargetSpec#unchecked}. */
    public Target(String type, String name, Map<String, String> settings) {
        this(TargetSpec.unchecked(type), name, settings);
    }

    public static Target planOnly() {
        return new Target(TargetSpec.PLAN_ONLY, "", Map.of());
    }

    public String type() {
        return spec.id();
    }

    public CapacityKind kind() {
        return spec.kind();
    }

    /** How many times a day the capacity may be lowered, when the target limits it. */
    public OptionalInt decreasesPerDay() {
        String v = settings.get(TargetSpec.DECREASES_PER_DAY);
        if (v != null) {
            try {
                return OptionalInt.of(Math.max(0, Integer.parseInt(v.strip())));
            } catch (NumberFormatException e) {
                return spec.decreasesPerDay();
            }
        }
        return spec.decreasesPerDay();
    }

    public String describe() {
        return name.isEmpty() ? type() : type() + " " + name;
    }
}
