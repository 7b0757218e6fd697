package io.prescale.providers.spi;

import java.util.List;
import java.util.Optional;

/** The observation, or none (with diagnostics saying why) when the target could not be read. */
public record ObserveResponse(String layer, String resource, Optional<Observation> observation,
                              List<ProviderDiagnostic> diagnostics) {
    public ObserveResponse {
        observation = observation == null ? Optional.empty() : observation;
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }

    public static ObserveResponse of(String layer, String resource, Observation o) {
        return new ObserveResponse(layer, resource, Optional.of(o), List.of());
    }

    public static ObserveResponse failed(String layer, String resource, ProviderDiagnostic why) {
        return new ObserveResponse(layer, resource, Optional.empty(), List.of(why));
    }
}
