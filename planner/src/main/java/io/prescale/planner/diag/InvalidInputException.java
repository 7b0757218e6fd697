package io.prescale.planner.diag;

import java.util.List;

/** The user's input cannot be planned; carries every diagnostic found, not only the first. */
public final class InvalidInputException extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;

    public InvalidInputException(String what, List<Diagnostic> diagnostics) {
        this(what, diagnostics, (int) diagnostics.stream().filter(Diagnostic::isError).count());
    }

    /** {@code errors} counts every error found, also those not kept in {@code diagnostics} (see {@link Diagnostics}). */
    public InvalidInputException(String what, List<Diagnostic> diagnostics, int errors) {
        super(what + ": " + errors + " error(s)");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
