package io.prescale.planner.diag;

import java.util.List;

/** The user's input cannot be planned; carries every diagnostic found, not only the first. */
public final class InvalidInputException extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;

    public InvalidInputException(String what, List<Diagnostic> diagnostics) {
        super(what + ": " + diagnostics.stream().filter(Diagnostic::isError).count() + " error(s)");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
