package io.prescale.providers.apply;

import java.time.Duration;

/**
 * How to apply.
 *
 * @param dryRun      observe and report what would be done; send no mutating request to any provider
 * @param parallelism how many resources are changed at once within a phase
 * @param callTimeout deadline of each provider call
 */
public record ApplyOptions(boolean dryRun, int parallelism, Duration callTimeout) {
    /** Enough to change a tournament's worth of resources in a few round trips; the SDKs retry throttling. */
    public static final int DEFAULT_PARALLELISM = 128;

    public ApplyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        callTimeout = callTimeout == null ? Duration.ofSeconds(60) : callTimeout;
    }
}
