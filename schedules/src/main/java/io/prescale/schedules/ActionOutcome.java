package io.prescale.schedules;

import java.util.Objects;

/** What an action came to: {@link ExecutionState#DONE}, {@link ExecutionState#SKIPPED} or {@link ExecutionState#FAILED}. */
public record ActionOutcome(ExecutionState state, String detail) {
    public ActionOutcome {
        Objects.requireNonNull(state, "state");
        if (!state.settled() || state == ExecutionState.CANCELLED) {
            throw new IllegalArgumentException("an action ends DONE, SKIPPED or FAILED, not " + state);
        }
        detail = detail == null ? "" : detail;
    }

    public static ActionOutcome done(String detail) {
        return new ActionOutcome(ExecutionState.DONE, detail);
    }

    public static ActionOutcome skipped(String detail) {
        return new ActionOutcome(ExecutionState.SKIPPED, detail);
    }

    public static ActionOutcome failed(String detail) {
        return new ActionOutcome(ExecutionState.FAILED, detail);
    }
}
