package io.prescale.planner.diag;

/** How bad a diagnostic is: errors stop planning, warnings are shown beside the result. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
