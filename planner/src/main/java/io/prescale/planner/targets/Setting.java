package io.prescale.planner.targets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of a target type: its key, what values it takes ({@code type}, shown in errors and docs), and how a
 * value is checked when the scenario is loaded. A value the parser rejects is an error at its file, line and field.
 *
 * @param type         the values it takes, in words: {@code whole number >= 0}, {@code true or false}, {@code text}
 * @param defaultValue what applies when it is not given, in words (documentation; the provider applies it)
 * @param parser       throws {@link IllegalArgumentException} with the reason when a value is not acceptable
 */
public record Setting(String key, String type, String description, Optional<String> defaultValue, boolean required,
                      Function<String, ?> parser) {

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        type = type == null ? "text" : type;
        description = description == null ? "" : description;
        defaultValue = defaultValue == null ? Optional.empty() : defaultValue;
    }

    /** Any non-empty text. */
    public static Setting text(String key, String description) {
        return new Setting(key, "text", description, Optional.empty(), false, s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return s.strip();
        });
    }

    /** A whole number of at least {@code min}. */
    public static Setting wholeNumber(String key, int min, String description) {
        return new Setting(key, "whole number >= " + min, description, Optional.empty(), false, s -> {
            int v;
            try {
                v = Integer.parseInt(s.strip().replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number (got \"" + s + "\")");
            }
            if (v < min) {
                throw new IllegalArgumentException("must be at least " + min + " (got " + v + ")");
            }
            return v;
        });
    }

    /** {@code true} or {@code false} ({@code yes} and {@code no} too). */
    public static Setting bool(String key, String description) {
        return new Setting(key, "true or false", description, Optional.empty(), false, Setting::parseBool);
    }

    /** One of {@code values}, case-insensitive. */
    public static Setting oneOf(String key, List<String> values, String description) {
        return new Setting(key, "one of " + String.join(", ", values), description, Optional.empty(), false, s -> {
            String v = s.strip().toLowerCase(Locale.ROOT);
            if (values.stream().noneMatch(x -> x.equalsIgnoreCase(v))) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", values) + " (got \"" + s
                        + "\")");
            }
            return v;
        });
    }

    /** A value checked by the provider's own parser; {@code type} says what it takes. */
    public static Setting parsed(String key, String type, String description, Function<String, ?> parser) {
        return new Setting(key, type, description, Optional.empty(), false, parser);
    }

    public Setting asRequired() {
        return new Setting(key, type, description, defaultValue, true, parser);
    }

    public Setting withDefault(String what) {
        return new Setting(key, type, description, Optional.of(what), required, parser);
    }

    /** The reason {@code value} is not acceptable, or empty. */
    public Optional<String> problem(String value) {
        try {
            parser.apply(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    public static boolean parseBool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false (got \"" + s + "\")");
        };
    }
}
