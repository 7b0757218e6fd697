package io.prescale.planner.model;

import java.util.Locale;
import java.util.Optional;

/** The kind of an event: a tournament stage, or {@link #CUSTOM} for anything else (a TV call to action, a premiere). */
public enum StageKind {
    GROUP(false, "group"),
    LEAGUE(false, "league"),
    ROUND_OF_32(true, "round-of-32"),
    ROUND_OF_16(true, "round-of-16"),
    QUARTER_FINAL(true, "quarter-final"),
    SEMI_FINAL(true, "semi-final"),
    THIRD_PLACE(true, "third-place"),
    FINAL(true, "final"),
    CUSTOM(false, "custom");

    private final boolean knockout;
    private final String id;

    StageKind(boolean knockout, String id) {
        this.knockout = knockout;
        this.id = id;
    }

    /** A knockout match cannot end level: it may run to extra time and penalties, so plans hold through both. */
    public boolean knockout() {
        return knockout;
    }

    /** The spelling used in files: {@code round-of-16}. */
    public String id() {
        return id;
    }

    /**
     * Reads the spellings found in real fixture lists: {@code round-of-16}, {@code Round of 16},
     * {@code group stage Group A}, {@code QF}, {@code Semi-finals}, {@code Match for third place}.
     */
    public static Optional<StageKind> parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (s.isEmpty()) {
            return Optional.empty();
        }
        for (StageKind k : values()) {
            if (k.id.equals(s)) {
                return Optional.of(k);
            }
        }
        if (s.startsWith("group") || s.contains("group-stage")) {
            return Optional.of(GROUP);
        }
        if (s.contains("third") || s.contains("3rd")) {
            return Optional.of(THIRD_PLACE);
        }
        if (s.equals("qf") || s.startsWith("quarter")) {
            return Optional.of(QUARTER_FINAL);
        }
        if (s.equals("sf") || s.startsWith("semi")) {
            return Optional.of(SEMI_FINAL);
        }
        if (s.contains("round-of-16") || s.equals("r16") || s.equals("last-16") || s.equals("eighth-finals")) {
            return Optional.of(ROUND_OF_16);
        }
        if (s.contains("round-of-32") || s.equals("r32") || s.equals("last-32")) {
            return Optional.of(ROUND_OF_32);
        }
        if (s.equals("final") || s.equals("finals")) {
            return Optional.of(FINAL);
        }
        if (s.startsWith("league") || s.startsWith("regular-season") || s.startsWith("matchday")) {
            return Optional.of(LEAGUE);
        }
        return Optional.empty();
    }
}
