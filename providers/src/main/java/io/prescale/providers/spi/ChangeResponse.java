package io.prescale.providers.spi;

import java.util.List;
import java.util.Map;

/**
 * The result of one change on one resource.
 *
 * @param before  units before (-1 when unknown)
 * @param after   units after, or that would be set in a dry run (-1 when unknown)
 * @param details what was sent or found, for the report and the audit log (never credentials)
 */
public record ChangeResponse(String layer, String resource, ChangeStatus status, int before, int after,
                             String message, Map<String, String> details, List<ProviderDiagnostic> diagnostics) {
    public ChangeResponse {
        details = details == null ? Map.of() : Map.copyOf(details);
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
        message = message == null ? "" : message;
    }

    public static ChangeResponse failed(String layer, String resource, int before, String message,
                                        ProviderDiagnostic why) {
        return new ChangeResponse(layer, resource, ChangeStatus.FAILED, before, before, message, Map.of(), List.of(why));
    }
}
