package io.prescale.cli;

import java.util.Locale;
import java.util.Map;

/**
 * What the output may hold beyond plain text. Colour marks diffs and statuses, and only on a terminal: never when
 * the output is piped or redirected, and never when {@code NO_COLOR} is set to anything (no-color.org) or {@code
 * TERM} is {@code dumb}; the progress bar and watch's redraw follow the same rule.
 *
 * @param colour      whether ANSI colours (and other escapes) may be written
 * @param interactive whether a person is watching a terminal (a progress bar is worth drawing)
 */
record Terminal(boolean colour, boolean interactive) {
    static final Terminal PLAIN = new Terminal(false, false);

    private static final String RESET = "\u001B[0m";

    /** The colours prescale uses, by meaning. */
    enum Colour {
        GREEN("\u001B[32m"), RED("\u001B[31m"), YELLOW("\u001B[33m"), CYAN("\u001B[36m"), BOLD("\u001B[1m");

        final String code;

        Colour(String code) {
            this.code = code;
        }
    }

    /** This process's terminal: the environment and whether standard output is one. */
    static Terminal system() {
        return detect(System.getenv(), onTerminal());
    }

    static Terminal detect(Map<String, String> env, boolean terminal) {
        // NO_COLOR "present and not an empty string" disables colour (no-color.org)
        boolean noColour = !env.getOrDefault("NO_COLOR", "").isEmpty()
                || "dumb".equals(env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT));
        return new Terminal(terminal && !noColour, terminal);
    }

    String paint(String text, Colour c) {
        return colour && !text.isEmpty() ? c.code + text + RESET : text;
    }

    /** A status word in its colour: done is green, failed or refused red, held or only pretended yellow. */
    String status(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "APPLIED", "PASSED", "OK", "RESTORED" -> paint(word, Colour.GREEN);
            case "FAILED", "REFUSED", "ERROR", "BLOCKED", "STALE" -> paint(word, Colour.RED);
            case "WARNED", "PAUSED", "DRY_RUN", "PENDING", "RAISE" -> paint(word, Colour.YELLOW);
            default -> word;
        };
    }

    /** The length a terminal shows: escapes take no room. */
    static int visibleLength(String s) {
        return s.indexOf('\u001B') < 0 ? s.length() : s.replaceAll("\u001B\\[[0-9;]*m", "").length();
    }

    /**
     * Whether we run on a terminal. Since JDK 22 {@code System.console()} is not null when output is redirected;
     * {@code Console.isTerminal()} (JDK 22+, looked up so the code still builds for release 21) tells.
     */
    static boolean onTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
