package io.prescale.planner.model;

import java.util.Objects;

/**
 * An event's stage: the kind, plus the label as the user wrote it ({@code Group A}, {@code tv-call-to-action}).
 * A custom stage such as {@code custom:season-premiere} keeps its own name for rules and shapes to match on.
 * {@code knockout} follows the kind unless the calendar says otherwise (a cricket eliminator with a super over).
 */
public record Stage(StageKind kind, String label, boolean knockout) {

    public Stage {
        Objects.requireNonNull(kind, "kind");
        label = label == null || label.isBlank() ? kind.id() : label.strip();
    }

    public Stage(StageKind kind, String label) {
        this(kind, label, kind.knockout());
    }

    /** The same stage, played to a result (extra time and penalties) or not. */
    public Stage withKnockout(boolean k) {
        return new Stage(kind, label, k);
    }

    public static Stage of(StageKind kind) {
        return new Stage(kind, kind.id());
    }

    /** Parses a stage; anything not recognised is a custom stage named after the text ({@code custom:} prefix optional). */
    public static Stage parse(String text) {
        String s = text.strip();
        if (s.regionMatches(true, 0, "custom:", 0, 7)) {
            return new Stage(StageKind.CUSTOM, s.substring(7).strip());
        }
        return StageKind.parse(s).map(k -> new Stage(k, s)).orElseGet(() -> new Stage(StageKind.CUSTOM, s));
    }

    /** The key rules and shapes match on: the kind's id, or the custom name. */
    public String key() {
        return kind == StageKind.CUSTOM ? label : kind.id();
    }
}
