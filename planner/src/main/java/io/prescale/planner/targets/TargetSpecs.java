package io.prescale.planner.targets;

import java.util.List;

/**
 * The service a module registers (in {@code META-INF/services/io.prescale.planner.targets.TargetSpecs}) to contribute
 * target types, found by {@link TargetCatalog#installed()}. Implementations have a public no-argument constructor.
 */
public interface TargetSpecs {
    List<TargetSpec> specs();
}
