package io.prescale.planner.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A collector of diagnostics; loaders add to it and carry on, so every problem is reported in one run. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    /** Drops everything added after the first {@code size} (a computation that is redone reports once). */
    public void truncate(int size) {
        while (items.size() > size) {
            items.remove(items.size() - 1);
        }
    }

    public void addAll(Iterable<Diagnostic> ds) {
        ds.forEach(items::add);
    }

    public void error(SourceLocation at, String summary) {
        add(Diagnostic.error(at, summary, ""));
    }

    public void error(SourceLocation at, String summary, String detail) {
        add(Diagnostic.error(at, summary, detail));
    }

    public void warning(SourceLocation at, String summary) {
        add(Diagnostic.warning(at, summary, ""));
    }

    public void warning(SourceLocation at, String summary, String detail) {
        add(Diagnostic.warning(at, summary, detail));
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) items.stream().filter(Diagnostic::isError).count();
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(items);
    }

    public List<Diagnostic> errors() {
        return items.stream().filter(Diagnostic::isError).toList();
    }

    /** Throws {@link InvalidInputException} carrying everything collected when any error was added. */
    public void throwIfErrors(String what) {
        if (hasErrors()) {
            throw new InvalidInputException(what, List.copyOf(items));
        }
    }
}
