package io.prescale.providers.apply;

import io.prescale.planner.plan.Action;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderDiagnostic;
import java.util.List;

/** What apply did to one resource: the change it carried out (or skipped), before and after, and why. */
public record ResourceResult(String layer, String resource, Action action, ChangeStatus status, int before,
                             int after, String message, List<ProviderDiagnostic> diagnostics) {
    public ResourceResult {
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }
}
