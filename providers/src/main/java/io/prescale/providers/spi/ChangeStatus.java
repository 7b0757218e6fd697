package io.prescale.providers.spi;

/** What became of one change. */
public enum ChangeStatus {
    /** The target was changed. */
    APPLIED,
    /** The target was already at the desired state: nothing sent. */
    UNCHANGED,
    /** Dry run: what would have been sent was reported, nothing was sent. */
    DRY_RUN,
    /** The request was accepted but the target is still converging (e.g. an LCU reservation provisioning). */
    PENDING,
    /** Not attempted, deliberately (a safety rule, or a check that does not apply). */
    SKIPPED,
    /** A check passed with margin. */
    PASSED,
    /** A check passed with less margin than the headroom asks. */
    WARNED,
    /** The change or check failed. */
    FAILED;

    public boolean isFailure() {
        return this == FAILED;
    }
}
