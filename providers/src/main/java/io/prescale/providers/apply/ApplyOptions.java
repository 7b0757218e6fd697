package io.prescale.providers.apply;

import java.time.Duration;

/**
 * How to apply.
 *
 * @param dryRun      observe and report what would be done; send no mutating request to any provider
 * @param parallelism how many resources are changed at once within a phase
 * @param callTimeout deadline of each provider call
 * @param timeout     deadline of the whole apply: a change still running then is reported FAILED with its outcome
 *                    unknown (re-run to see), and nothing more is started
 */
public record ApplyOptions(boolean dryRun, int parallelism, Duration callTimeout, Duration timeout) {
    /** Long enough for a tournament's changes, short enough that a stalled apply ends well before kickoff. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** Enough to change a tournament's worth of resources in a few round trips; the SDKs retry throttling. */
    public static final int DEFAULT_PARALLELISM = 128;

    public ApplyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        callTimeout = callTimeout == null ? Duration.ofSeconds(60) : callTimeout;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public ApplyOptions(boolean dryRun, int parallelism, Duration callTimeout) {
        this(dryRun, parallelism, callTimeout, DEFAULT_TIMEOUT);
    }
}
