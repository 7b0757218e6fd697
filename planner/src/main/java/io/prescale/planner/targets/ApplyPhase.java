package io.prescale.planner.targets;

/**
 * The order layers are applied in when several changes are due at once: what traffic passes first, and what others
 * run on, is in place before what depends on it.
 */
public enum ApplyPhase {
    /** Where traffic enters, and checks: a failed check or an entry that cannot take the load is known first. */
    ENTRY,
    /** Machines: the capacity workloads are placed on. */
    MACHINES,
    /** Workloads placed on machines (pods, tasks). */
    WORKLOADS
}
