package io.prescale.providers.apply;

import io.prescale.providers.spi.ProviderDiagnostic;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one apply.
 *
 * @param refusal   why nothing was applied (drift, a stale plan, a plan with errors), or empty
 * @param notYetDue changes whose time has not come, left for a later apply
 */
public record ApplyReport(String planDigest, Instant at, boolean dryRun, String refusal, List<Drift> drift,
                          List<ResourceResult> results, int notYetDue, Instant nextDue, List<Unreadable> unreadable,
                          int targets) {
    /** A target that could not be read: whatever was due on it was not done, and the run says so. */
    public record Unreadable(String layer, String resource, List<ProviderDiagnostic> diagnostics) {
        public Unreadable {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    public ApplyReport {
        refusal = refusal == null ? "" : refusal;
        drift = List.copyOf(drift);
        results = List.copyOf(results);
        unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
    }

    public ApplyReport(String planDigest, Instant at, boolean dryRun, String refusal, List<Drift> drift,
                       List<ResourceResult> results, int notYetDue, Instant nextDue) {
        this(planDigest, at, dryRun, refusal, drift, results, notYetDue, nextDue, List.of(), 0);
    }

    public boolean refused() {
        return !refusal.isEmpty();
    }

    /** Refused, a change failed, or a target could not be read: the run's exit code is not 0. */
    public boolean failed() {
        return refused() || !unreadable.isEmpty() || results.stream().anyMatch(r -> r.status().isFailure());
    }
}
