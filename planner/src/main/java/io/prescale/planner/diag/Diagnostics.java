package io.prescale.planner.diag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A collector of diagnostics; loaders add to it and carry on, so every problem is reported in one run.
 *
 * <p>A huge broken file (100,000 rows with a duplicate id) must still report in bounded time and memory, so counting
 * is O(1) and only the first {@value #PER_KIND} diagnostics of a kind are kept; the rest are counted and shown as one
 * {@code ... and N more like it}. Two diagnostics are of one kind when they have the same severity, file and summary
 * once quoted values and numbers are set aside ({@code duplicate id 'a'} and {@code duplicate id 'b'}).
 */
public final class Diagnostics {
    /** How many diagnostics of one kind are kept and shown. */
    public static final int PER_KIND = 100;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final List<Diagnostic> items = new ArrayList<>();
    /** How many of each kind were added, kept or not. */
    private final Map<String, Integer> perKind = new HashMap<>();
    private int errors;

    /** The diagnostics kept, to say each once: two readers of one value (a target read for its type and its checks) found the same problem. */
    private final java.util.Set<Diagnostic> kept = new java.util.HashSet<>();

    public void add(Diagnostic d) {
        if (kept.contains(d)) {
            return;
        }
        if (d.isError()) {
            errors++;
        }
        int seen = perKind.merge(kind(d), 1, Integer::sum);
        if (seen <= PER_KIND) {
            items.add(d);
            kept.add(d);
        }
    }

    private static String kind(Diagnostic d) {
        String summary = NUMBER.matcher(QUOTED.matcher(d.summary()).replaceAll("''")).replaceAll("#");
        String file = d.location() == null ? "" : d.location().file();
        return d.severity() + "\u0000" + file + "\u0000" + summary;
    }

    /** Where the collector stands now, to {@link #rollback} to when a computation is redone. */
    public Mark mark() {
        return new Mark(items.size(), errors, Map.copyOf(perKind));
    }

    /** Forgets everything added after {@code m} (a computation that is redone reports once). */
    public void rollback(Mark m) {
        while (items.size() > m.kept()) {
            kept.remove(items.remove(items.size() - 1));
        }
        errors = m.errors();
        perKind.clear();
        perKind.putAll(m.perKind());
    }

    /** A point to roll back to; see {@link #mark()}. */
    public record Mark(int kept, int errors, Map<String, Integer> perKind) {
    }

    public void addAll(Iterable<Diagnostic> ds) {
        ds.forEach(this::add);
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
        return errors > 0;
    }

    /** Every error added, including those not kept. */
    public int errorCount() {
        return errors;
    }

    /**
     * The diagnostics in the order they were added, with a {@code ... and N more like it} after the last one kept of
     * a kind that had more.
     */
    public List<Diagnostic> all() {
        Map<String, Integer> shown = new HashMap<>();
        Map<String, Diagnostic> more = new LinkedHashMap<>();
        List<Diagnostic> out = new ArrayList<>(items.size());
        for (Diagnostic d : items) {
            out.add(d);
            String k = kind(d);
            int n = shown.merge(k, 1, Integer::sum);
            int total = perKind.getOrDefault(k, n);
            if (n == PER_KIND && total > n) {
                out.add(new Diagnostic(d.severity(), "... and " + (total - n) + " more like it",
                        "only the first " + PER_KIND + " of a kind are shown",
                        d.location() == null ? null : SourceLocation.of(d.location().file())));
            }
        }
        return List.copyOf(out);
    }

    public List<Diagnostic> errors() {
        return all().stream().filter(Diagnostic::isError).toList();
    }

    /** Throws {@link InvalidInputException} carrying everything collected when any error was added. */
    public void throwIfErrors(String what) {
        if (hasErrors()) {
            throw new InvalidInputException(what, all(), errors);
        }
    }
}
