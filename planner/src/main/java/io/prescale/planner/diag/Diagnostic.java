package io.prescale.planner.diag;

import java.util.Objects;

/** One problem the user can fix, with where it is and what rule it breaks. */
public record Diagnostic(Severity severity, String summary, String detail, SourceLocation location) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        detail = detail == null ? "" : detail;
    }

    public static Diagnostic error(SourceLocation at, String summary, String detail) {
        return new Diagnostic(Severity.ERROR, summary, detail, at);
    }

    public static Diagnostic warning(SourceLocation at, String summary, String detail) {
        return new Diagnostic(Severity.WARNING, summary, detail, at);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:12:5: error: layers[0].rpsPerUnit: must be a rate ... (detail)}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (location != null) {
            sb.append(location.position()).append(": ");
        }
        sb.append(severity.label()).append(": ");
        if (location != null && !location.field().isEmpty()) {
            sb.append(location.field()).append(": ");
        }
        sb.append(summary);
        if (!detail.isEmpty()) {
            sb.append(" (").append(detail).append(')');
        }
        return sb.toString();
    }
}
