package io.prescale.providers.spi;

import io.prescale.planner.diag.Severity;

/**
 * A problem with one resource: what failed and why, with the provider's error code where there is one
 * ({@code Throttling}, {@code ValidationError}, HTTP 409).
 */
public record ProviderDiagnostic(Severity severity, String resource, String summary, String detail, String code) {
    public ProviderDiagnostic {
        detail = detail == null ? "" : detail;
        code = code == null ? "" : code;
    }

    public static ProviderDiagnostic error(String resource, String summary, String detail, String code) {
        return new ProviderDiagnostic(Severity.ERROR, resource, summary, detail, code);
    }

    public static ProviderDiagnostic warning(String resource, String summary, String detail) {
        return new ProviderDiagnostic(Severity.WARNING, resource, summary, detail, "");
    }

    public String format() {
        return severity.label() + ": " + resource + ": " + summary + (code.isEmpty() ? "" : " [" + code + "]")
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
