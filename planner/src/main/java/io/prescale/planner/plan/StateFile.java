package io.prescale.planner.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.prescale.planner.config.Kickoffs;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A state file: the capacity in place, {@code {"units": {"edge": 40}, "observedAt": "2026-06-12T18:00:00Z"}} or
 * just {@code {"edge": 40}}. Read token by token so every problem names its line and field: a unit count must be a
 * whole number from 0 (1.5 was rounded down and {@code []} or an empty file read as "nothing observed"), a layer
 * named twice is an error at the second (the last one won), and the parser's own words never reach the user.
 */
public final class StateFile {
    /** A state file lists a number per layer: a few hundred bytes. */
    public static final long MAX_BYTES = 1024 * 1024;
    private static final String EXAMPLE = "{\"units\": {\"web\": 40}}";

    private final String file;
    private final JsonParser p;
    private final Set<String> layers;
    private final Diagnostics diags;
    private final Map<String, Integer> units = new LinkedHashMap<>();
    private final Map<String, Integer> unitLines = new HashMap<>();
    private final Optional<java.time.Duration> maxAge;

    private StateFile(String file, JsonParser p, Set<String> layers, Optional<java.time.Duration> maxAge,
                      Diagnostics diags) {
        this.file = file;
        this.p = p;
        this.layers = layers;
        this.maxAge = maxAge;
        this.diags = diags;
    }

    /**
     * The observed state in {@code text}, or empty with the problems in {@code diags}. {@code layers} are the
     * scenario's layer names; {@code at} is when it was observed when the file does not say.
     */
    public static Optional<ObservedState> parse(String file, String text, Set<String> layers, Instant at,
                                                Diagnostics diags) {
        return parse(file, text, layers, at, Optional.empty(), diags);
    }

    /**
     * As above; with {@code maxAge} (the scenario's {@code plan.maxAge}, how old a plan may be when applied), a
     * state its {@code observedAt} says is older than that before {@code at}, or later than {@code at}, is a warning
     * at that field: a plan starting from capacity seen days ago, or one from a clock ahead of this one, starts from
     * what may not be in place.
     */
    public static Optional<ObservedState> parse(String file, String text, Set<String> layers, Instant at,
                                                Optional<java.time.Duration> maxAge, Diagnostics diags) {
        if (text.isBlank()) {
            diags.error(new SourceLocation(file, 1, 0, ""), "the state file is empty", "write e.g. " + EXAMPLE);
            return Optional.empty();
        }
        int errorsBefore = diags.errorCount();
        JsonParser parser = null;
        try (JsonParser p = PlanJson.mapper().getFactory().createParser(text)) {
            parser = p;
            StateFile s = new StateFile(file, p, layers, maxAge, diags);
            Instant observedAt = s.root(at);
            if (p.nextToken() != null) {
                s.error("", "more after the state file's object", "a state file is one JSON object");
            }
            return diags.errorCount() > errorsBefore ? Optional.empty()
                    : Optional.of(new ObservedState("state-file " + file, observedAt, s.units));
        } catch (JsonProcessingException e) {
            // a value already refused (a list where a count goes) may fail again while it is skipped, past the
            // nesting limit: that is the same mistake, said once
            if (diags.errorCount() > errorsBefore && e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
                return Optional.empty();
            }
            // a limit's exception has no location: the parser's is where reading stopped
            JsonLocation l = e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation();
            diags.error(new SourceLocation(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), ""),
                    "not valid JSON: " + plain(e.getOriginalMessage()), "a state file looks like " + EXAMPLE);
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("a string is read without I/O", e);
        }
    }

    /** Jackson's words without its class and setting names ({@code (from `StreamReadConstraints...`)}). */
    static String plain(String message) {
        String m = String.valueOf(message).replaceAll("\\s*\\(from `[^`]*`\\)", "").replaceAll(",\\s*from `[^`]*`", "").replaceAll("\\s*\\n.*", "");
        return m.replaceAll("\\(?\\b(?:com\\.fasterxml|java)\\.[\\w.$]+\\)?", "").strip();
    }

    private Instant root(Instant at) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            error("", "expected a JSON object of units, found " + what(t), "write e.g. " + EXAMPLE);
            p.skipChildren();
            return at;
        }
        Instant observedAt = at;
        boolean wrapped = false;
        boolean flat = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "units" -> {
                    wrapped = true;
                    if (v == JsonToken.START_OBJECT) {
                        units("units.");
                    } else {
                        error("units", "expected an object of layer: units, found " + what(v), "write e.g. " + EXAMPLE);
                        p.skipChildren();
                    }
                }
                case "observedAt" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        try {
                            observedAt = Kickoffs.offsetInstant("observedAt", p.getText());
                            stale(observedAt, at);
                        } catch (IllegalArgumentException e) {
                            error("observedAt", e.getMessage(), "");
                        }
                    } else {
                        error("observedAt", "expected a date and time such as \"2026-06-12T18:00:00Z\", found " + what(v), "");
                        p.skipChildren();
                    }
                }
                case "source" -> p.skipChildren(); // a plan's observed block, given as a state file
                default -> {
                    flat = true;
                    unit("", key, v);
                }
            }
        }
        if (wrapped && flat) {
            error("", "give the units either under \"units\" or at the top, not both", "write e.g. " + EXAMPLE);
        }
        return observedAt;
    }

    private void units(String prefix) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            unit(prefix, key, p.nextToken());
        }
    }

    private void unit(String prefix, String layer, JsonToken v) throws IOException {
        String field = prefix + layer;
        int line = p.currentTokenLocation().getLineNr();
        if (!layers.contains(layer)) {
            error(field, "names no layer of the scenario", "layers: " + String.join(", ", new TreeSet<>(layers)));
            p.skipChildren();
            return;
        }
        Integer first = unitLines.putIfAbsent(layer, line);
        if (first != null) {
            error(field, "layer " + layer + " given twice", "first on line " + first + "; give it once");
            p.skipChildren();
            return;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            error(field, "expected a whole number of units from 0, found " + what(v), "");
            p.skipChildren();
            return;
        }
        BigInteger n = p.getBigIntegerValue();
        if (n.signum() < 0 || n.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            error(field, "expected a whole number of units from 0 to " + Integer.MAX_VALUE + ", found " + n, "");
            return;
        }
        units.put(layer, n.intValue());
    }

    private String what(JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "the text \"" + shortened(p.getText()) + "\"";
            case VALUE_NUMBER_FLOAT -> p.getText() + " (units are whole numbers)";
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
    }

    /** A value as quoted back: a 900 kB string is not repeated whole. */
    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Says when the state was seen further from {@code at} than a plan may be old (see parse). */
    private void stale(Instant observedAt, Instant at) {
        if (maxAge.isEmpty()) {
            return;
        }
        JsonLocation l = p.currentTokenLocation();
        SourceLocation where = new SourceLocation(file, l.getLineNr(), l.getColumnNr(), "observedAt");
        if (observedAt.isAfter(at.plus(maxAge.get()))) {
            diags.warning(where, "the state was observed at " + observedAt + ", after the plan's time " + at,
                    "is the clock that wrote it ahead, or is --at in the past?");
        } else if (observedAt.isBefore(at.minus(maxAge.get()))) {
            diags.warning(where, "the state was observed at " + observedAt + ", " + ago(observedAt, at)
                    + " before the plan's time " + at + " (longer than plan.maxAge " + maxAge.get().toString()
                    .substring(2).toLowerCase(java.util.Locale.ROOT) + ")", "is it the capacity in place now?");
        }
    }

    private static String ago(Instant then, Instant now) {
        java.time.Duration d = java.time.Duration.between(then, now);
        return d.toDays() >= 2 ? d.toDays() + " days" : d.toHours() >= 2 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }

    private void error(String field, String summary, String detail) {
        JsonLocation l = p.currentTokenLocation();
        diags.error(new SourceLocation(file, l.getLineNr(), l.getColumnNr(), field), summary, detail);
    }
}
