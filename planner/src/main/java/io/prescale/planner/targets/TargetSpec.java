package io.prescale.planner.targets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A target type as a provider declares it: its id in scenarios ({@code target: {type: <id>, ...}}), the kind of
 * capacity it holds, the phase it is applied in, and its settings. The planner plans from these alone.
 *
 * @param needsName       whether {@code target.name} is required (the resource to change)
 * @param observable      whether the target has a state a provider reads (and that can drift); false for a
 *                        target a person changes by hand
 * @param decreasesPerDay how many times a day the target lets its capacity be lowered, when it limits that (a
 *                        setting {@code decreasesPerDay}, when the type declares one, overrides it per target)
 * @param sizesUnits      whether the type sizes its layer's units itself, from dimensions its check declares
 *                        ({@link TargetCheck#sizeBy}), instead of from the layer's {@code rpsPerUnit}
 * @param check           the type's own load-time check across settings and the layer; may derive settings
 * @param description     one line for docs and errors
 */
public record TargetSpec(String id, CapacityKind kind, ApplyPhase phase, boolean needsName, boolean observable,
                         List<Setting> settings, OptionalInt decreasesPerDay, boolean sizesUnits, Check check,
                         String description) {

    /** The key of the setting that overrides {@link #decreasesPerDay()} per target. */
    public static final String DECREASES_PER_DAY = "decreasesPerDay";

    /** A load-time check across a target's settings and its layer. */
    @FunctionalInterface
    public interface Check {
        void check(TargetCheck c);
    }

    /**
     * Not a product: a layer whose capacity a person changes, planned for review. Every catalogue has it, and a
     * layer without a target is one.
     */
    public static final TargetSpec PLAN_ONLY = of("plan-only", CapacityKind.SCALE, ApplyPhase.MACHINES)
            .withoutName().unobserved().describedAs("planned for review: a person makes the changes");

    public TargetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        settings = settings == null ? List.of() : List.copyOf(settings);
        decreasesPerDay = decreasesPerDay == null ? OptionalInt.empty() : decreasesPerDay;
        check = check == null ? c -> { } : check;
        description = description == null ? "" : description;
        if (settings.stream().map(Setting::key).distinct().count() != settings.size()) {
            throw new IllegalArgumentException("duplicate setting key in target type " + id);
        }
        if (settings.stream().anyMatch(s -> s.key().equals("type") || s.key().equals("name"))) {
            throw new IllegalArgumentException("type and name are every target's own fields, not settings: " + id);
        }
    }

    /** A type with no settings, its name required, observed. */
    public static TargetSpec of(String id, CapacityKind kind, ApplyPhase phase) {
        return new TargetSpec(id, kind, phase, true, true, List.of(), OptionalInt.empty(), false, null, "");
    }

    /**
     * What code that builds a target by hand (tests, a saved plan read back) gets without a catalogue: a scaled,
     * observed target. Its settings are not checked.
     */
    public static TargetSpec unchecked(String id) {
        return PLAN_ONLY.id().equals(id) ? PLAN_ONLY : of(id, CapacityKind.SCALE, ApplyPhase.MACHINES);
    }

    public TargetSpec withSettings(Setting... s) {
        return new TargetSpec(id, kind, phase, needsName, observable, List.of(s), decreasesPerDay, sizesUnits, check,
                description);
    }

    public TargetSpec withoutName() {
        return new TargetSpec(id, kind, phase, false, observable, settings, decreasesPerDay, sizesUnits, check,
                description);
    }

    public TargetSpec unobserved() {
        return new TargetSpec(id, kind, phase, needsName, false, settings, decreasesPerDay, sizesUnits, check,
                description);
    }

    public TargetSpec withDecreasesPerDay(int perDay) {
        return new TargetSpec(id, kind, phase, needsName, observable, settings, OptionalInt.of(perDay), sizesUnits, check,
                description);
    }

    /** The type sizes its layer's units from the dimensions its check declares ({@link TargetCheck#sizeBy}). */
    public TargetSpec sizingUnits() {
        return new TargetSpec(id, kind, phase, needsName, observable, settings, decreasesPerDay, true, check,
                description);
    }

    public TargetSpec withCheck(Check c) {
        return new TargetSpec(id, kind, phase, needsName, observable, settings, decreasesPerDay, sizesUnits, c,
                description);
    }

    public TargetSpec describedAs(String d) {
        return new TargetSpec(id, kind, phase, needsName, observable, settings, decreasesPerDay, sizesUnits, check, d);
    }

    public Optional<Setting> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
