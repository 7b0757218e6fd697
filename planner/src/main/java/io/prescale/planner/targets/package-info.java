/**
 * What a layer's target is to the planner, with no provider named: the kind of capacity it holds (scaled,
 * pre-warmed or checked), the phase it is applied in, whether it has a state to observe, and its typed settings,
 * all declared by each provider as a {@link io.prescale.planner.targets.TargetSpec} and looked up by type id in a
 * {@link io.prescale.planner.targets.TargetCatalog} the scenario loader is handed (or finds through
 * {@link java.util.ServiceLoader}). Pure values; may import only the planner's model and diagnostics, never a
 * provider, a cloud SDK, the CLI or the scheduler.
 */
package io.prescale.planner.targets;
