package io.prescale.providers.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * The deadline of one observe, apply or check: every remote call in it gets {@code apiCallTimeout} = the least of
 * the configured call timeout and the time left, so retries inside the SDK cannot run past it. Monotonic time, not
 * the config's clock: the clock says what time the plan is about, this says how long we may wait.
 */
final class Deadline {
    private final long endNanos;
    private final Duration callTimeout;

    private Deadline(long endNanos, Duration callTimeout) {
        this.endNanos = endNanos;
        this.callTimeout = callTimeout;
    }

    static Deadline after(Duration timeout, Duration callTimeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new Deadline(System.nanoTime() + timeout.toNanos(), callTimeout);
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    boolean expired() {
        return remaining().isZero();
    }

    /** For one call: throws {@link DeadlineExceeded} when no time is left. */
    AwsRequestOverrideConfiguration call() {
        Duration left = remaining();
        if (left.isZero()) {
            throw new DeadlineExceeded();
        }
        return AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(callTimeout.compareTo(left) < 0 ? callTimeout : left).build();
    }

    /** The deadline passed before a call could start. */
    static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("deadline exceeded", null, false, false);
        }
    }
}
