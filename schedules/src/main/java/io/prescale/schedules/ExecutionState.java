package io.prescale.schedules;

/** Where one execution of a scheduled action stands, in {@code PRESCALE_EXECUTIONS}. */
public enum ExecutionState {
    /** An instance claimed it and is carrying it out (or died doing so: then another takes it over). */
    RUNNING,
    /** Carried out. */
    DONE,
    /** Deliberately not carried out (its event ended, its event left the calendar). */
    SKIPPED,
    /** Carried out and failed, or the check found capacity still short. */
    FAILED,
    /** Stopped at shutdown before it finished: the next fire (or a restarted daemon) carries it out. */
    ABANDONED,
    /** Cancelled with {@code prescale schedule cancel}: it will not run. */
    CANCELLED;

    /** A final state: a fire that finds it changes nothing. */
    public boolean settled() {
        return this == DONE || this == SKIPPED || this == FAILED || this == CANCELLED;
    }
}
