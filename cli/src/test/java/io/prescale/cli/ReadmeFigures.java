package io.prescale.cli;

import io.prescale.planner.model.Quantities;
import io.prescale.planner.plan.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ledger of a README's figures. Each entry is a passage of the README with its figures filled in from where
 * they really come from: the commands' output ({@link #output}), the scenario files ({@link #input}), or
 * arithmetic on those done here ({@link #derived}). A passage the README does not contain is a drifted figure;
 * a number in the README that no passage covers is a figure nobody checks. Templates may not hold digits, so
 * every figure in a passage comes from a value.
 */
final class ReadmeFigures {
    /**
     * A number as prose writes it; digits inside names (P90, S3, wc-2018, elbv2) are not figures, but a factor
     * written {@code x5} is.
     */
    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\p{L}&&[^x]])(?<![\\p{N}_/.])(?<!\\p{L}-)\\p{N}+(?:[.,:]\\p{N}+)*");
    /** Per-minute rates become per-second ones: a unit, not a figure. */
    static final int SECONDS_PER_MINUTE = 60;

    private final String prose;
    private final ZoneId zone;
    private final BitSet covered = new BitSet();
    private final List<String> notFound = new ArrayList<>();

    ReadmeFigures(String prose, ZoneId zone) {
        this.prose = prose;
        this.zone = zone;
    }

    /** A passage quoting what the model computed, filled in from the commands' output. */
    ReadmeFigures output(String template, Object... values) {
        return quote("output", template, values);
    }

    /** A passage quoting the deployment's own facts, filled in from the scenario files. */
    ReadmeFigures input(String template, Object... values) {
        return quote("input", template, values);
    }

    /** A passage of arithmetic on inputs and outputs, filled in with the arithmetic done here. */
    ReadmeFigures derived(String template, Object... values) {
        return quote("derived", template, values);
    }

    /** Digits that are no figure of the scenario: a name, the year of a cited source. */
    ReadmeFigures name(String text) {
        return find("name", ExampleReadme.normalise(text));
    }

    /** A claim the README makes in words ("more than 3x", "both back to 4") that the figures must bear out. */
    ReadmeFigures check(boolean holds, String claim) {
        if (!holds) {
            notFound.add("check: " + claim);
        }
        return this;
    }

    /** Passages the README does not contain, each with the figures the program or scenario gave. */
    List<String> notFound() {
        return List.copyOf(notFound);
    }

    /** Numbers in the README that no passage covers, each in its context. */
    List<String> unchecked() {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(prose);
        while (m.find()) {
            if (!covered.get(m.start())) {
                int from = Math.max(0, m.start() - 40);
                int to = Math.min(prose.length(), m.end() + 40);
                out.add("'" + m.group() + "' in \"..." + prose.substring(from, to) + "...\"");
            }
        }
        return out;
    }

    private ReadmeFigures quote(String kind, String template, Object[] values) {
        if (NUMBER.matcher(template).find()) {
            throw new IllegalArgumentException("a figure must come from a value, not the template: " + template);
        }
        return find(kind, ExampleReadme.normalise(String.format(Locale.ROOT, template, values)));
    }

    private ReadmeFigures find(String kind, String passage) {
        // a passage starting or ending with a digit must not match inside a longer number: "40 pods" in "140 pods"
        String regex = (Character.isDigit(passage.charAt(0)) ? "(?<![\\p{N}.,])" : "") + Pattern.quote(passage)
                + (Character.isDigit(passage.charAt(passage.length() - 1)) ? "(?![\\p{N}]|[.,]\\p{N})" : "");
        Matcher m = Pattern.compile(regex).matcher(prose);
        boolean found = false;
        while (m.find()) {
            covered.set(m.start(), m.end());
            found = true;
        }
        if (!found) {
            notFound.add(kind + ": " + passage);
        }
        return this;
    }

    // ---- how the README writes figures

    /** {@code 7,936}. */
    static String grouped(double v) {
        return String.format(Locale.US, "%,d", Math.round(v));
    }

    /** {@code 7936}. */
    static String plain(double v) {
        return Long.toString(Math.round(v));
    }

    /** {@code 984.6k} for one decimal. */
    static String thousands(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "fk", v / 1e3);
    }

    /** {@code 1.625M} for three decimals. */
    static String millions(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "fM", v / 1e6);
    }

    /** As the program prints audiences: {@code 650k}, {@code 1.2M}. */
    static String human(double v) {
        return Quantities.human(Math.round(v));
    }

    /** {@code 99.3%} for one decimal. */
    static String percent(double fraction, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
    }

    /** {@code 3.97} for two decimals. */
    static String decimal(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** As scenario files write durations: {@code 2m}, {@code 1h50m}, {@code 0s}. */
    static String duration(Duration d) {
        return Quantities.format(d);
    }

    /** In minutes, as scenario files write shape lengths: {@code 85m}, {@code 0m}. */
    static String minutes(Duration d) {
        return d.toMinutes() + "m";
    }

    /** {@code 21:11} in the scenario's zone. */
    String clock(Instant t) {
        return date("HH:mm", t.atZone(zone));
    }

    /** {@code 21:11 BST} in the scenario's zone. */
    String clockZoned(Instant t) {
        return date("HH:mm z", t.atZone(zone));
    }

    /** A date or time as prose writes it, e.g. {@code Fri 19 March} for {@code EEE d MMMM}. */
    static String date(String pattern, TemporalAccessor t) {
        return DateTimeFormatter.ofPattern(pattern, Locale.UK).format(t);
    }

    /** {@code Sep 28 21:11 BST}, as the program prints times. */
    String when(Instant t) {
        return Times.format(t, zone);
    }
}
