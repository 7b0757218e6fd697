package io.prescale.providers.apply;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one apply.
 *
 * @param refusal   why nothing was applied (drift, a stale plan, a plan with errors), or empty
 * @param notYetDue changes whose time has not come, left for a later apply
 */
public record ApplyReport(String planDigest, Instant at, boolean dryRun, String refusal, List<Drift> drift,
                          List<ResourceResult> results, int notYetDue, Instant nextDue) {
    public ApplyReport {
        refusal = refusal == null ? "" : refusal;
        drift = List.copyOf(drift);
        results = List.copyOf(results);
    }

    public boolean refused() {
        return !refusal.isEmpty();
    }

    public boolean failed() {
        return refused() || results.stream().anyMatch(r -> r.status().isFailure());
    }
}
