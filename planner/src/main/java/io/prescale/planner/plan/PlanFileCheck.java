package io.prescale.planner.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.prescale.planner.config.Kickoffs;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a plan file must hold beyond a matching digest: the digest proves the file is as it was written, not that
 * whatever wrote it (an older or a broken prescale, a tool that recomputed the digest after an edit) wrote a plan.
 * Every field apply reads is there, counts are whole and not negative, times are in the years a scenario may use,
 * and each change is on a layer of the plan; else {@link PlanJson.InvalidPlan} names the field and its line.
 */
final class PlanFileCheck {
    /** Components that are absent when they do not apply (no prices, no carried layer, no location). */
    private static final Set<String> MAY_BE_NULL = Set.of("Plan.cost", "LayerSummary.carries", "Diagnostic.location");

    private final Map<String, Integer> lines;

    private PlanFileCheck(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Reads the file's line of every value, by its JSON pointer ({@code /changes/3/at}). */
    static PlanFileCheck of(String json) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = PlanJson.mapper().getFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext c = p.getParsingContext();
                String at = (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && c.getParent() != null
                        ? c.getParent().pathAsPointer().toString() : c.pathAsPointer().toString();
                lines.putIfAbsent(at, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // already parsed once as a tree: nothing to report here that reading the tree did not
        }
        return new PlanFileCheck(lines);
    }

    /**
     * Every component of {@code type} that may not be absent is in {@code n}, not null, and of the right kind (an
     * object, a list), down the tree: checked before the records are made, whose constructors would fail on a null
     * without saying which field it was.
     */
    void present(com.fasterxml.jackson.databind.JsonNode n, java.lang.reflect.Type type, String pointer) {
        Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (raw.isRecord()) {
            if (!n.isObject()) {
                throw invalid(pointer, "expected an object");
            }
            for (RecordComponent rc : raw.getRecordComponents()) {
                com.fasterxml.jackson.databind.JsonNode v = n.get(rc.getName());
                String at = pointer + "/" + rc.getName();
                if (v == null || v.isNull()) {
                    // what the writer leaves out when empty (@JsonInclude) may be absent
                    if (!MAY_BE_NULL.contains(raw.getSimpleName() + "." + rc.getName())
                            && !rc.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonInclude.class)) {
                        throw invalid(at, "missing");
                    }
                    continue;
                }
                present(v, rc.getGenericType(), at);
            }
        } else if (List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            if (List.class.isAssignableFrom(raw) ? !n.isArray() : !n.isObject()) {
                throw invalid(pointer, List.class.isAssignableFrom(raw) ? "expected a list" : "expected an object");
            }
            java.lang.reflect.Type[] args = type instanceof java.lang.reflect.ParameterizedType p
                    ? p.getActualTypeArguments() : new java.lang.reflect.Type[0];
            java.lang.reflect.Type element = args.length == 0 ? Object.class : args[args.length - 1];
            if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    if (n.get(i).isNull()) {
                        throw invalid(pointer + "/" + i, "missing");
                    }
                    present(n.get(i), element, pointer + "/" + i);
                }
            } else {
                for (var e : n.properties()) {
                    if (e.getValue().isNull()) {
                        throw invalid(pointer + "/" + e.getKey(), "missing");
                    }
                    present(e.getValue(), element, pointer + "/" + e.getKey());
                }
            }
        }
    }

    /** The first problem of {@code plan}, if any, as an {@link PlanJson.InvalidPlan}. */
    void check(Plan plan) {
        walk(plan, "");
        Map<String, LayerSummary> layers = new HashMap<>();
        plan.layers().forEach(l -> layers.put(l.name(), l));
        Set<String> events = new java.util.HashSet<>();
        plan.events().forEach(e -> events.add(e.id()));
        for (int i = 0; i < plan.changes().size(); i++) {
            Change c = plan.changes().get(i);
            LayerSummary l = layers.get(c.layer());
            if (l == null) {
                throw invalid("/changes/" + i + "/layer", "\"" + c.layer() + "\" is no layer of the plan");
            }
            if (!c.target().equals(l.target())) {
                throw invalid("/changes/" + i + "/target", "\"" + c.target() + "\" is not layer " + l.name()
                        + "'s target \"" + l.target() + "\"");
            }
            // a check reports what is needed, which may be above max; anything that scales stays within it
            if (c.action() != Action.CHECK && c.action() != Action.NO_OP && c.to() > l.max()) {
                throw invalid("/changes/" + i + "/to", c.to() + " is above layer " + l.name() + "'s max " + l.max());
            }
            for (int k = 0; k < c.events().size(); k++) {
                if (!events.contains(c.events().get(k))) {
                    throw invalid("/changes/" + i + "/events/" + k, "\"" + c.events().get(k)
                            + "\" is no event of the plan");
                }
            }
        }
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerSummary l = plan.layers().get(i);
            if (l.max() < l.min()) {
                throw invalid("/layers/" + i + "/max", l.max() + " is below the layer's min " + l.min());
            }
        }
        if (!plan.digest().matches("sha256:[0-9a-f]{64}")) {
            throw invalid("/digest", "\"" + plan.digest() + "\" is not a sha256: digest");
        }
        if (!(plan.quantile() > 0 && plan.quantile() < 1)) {
            throw invalid("/quantile", plan.quantile() + " is not a quantile between 0 and 1");
        }
        if (plan.maxAge().isNegative() || plan.maxAge().isZero()) {
            throw invalid("/maxAge", plan.maxAge() + " is not a positive age");
        }
    }

    /** Every component present (but those that may be absent), counts not negative, numbers finite, times sane. */
    private void walk(Object v, String pointer) {
        switch (v) {
            case Record r -> {
                for (RecordComponent rc : r.getClass().getRecordComponents()) {
                    Object x;
                    try {
                        x = rc.getAccessor().invoke(r);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("a record's accessor is public", e);
                    }
                    String at = pointer + "/" + rc.getName();
                    if (x == null) {
                        if (!MAY_BE_NULL.contains(r.getClass().getSimpleName() + "." + rc.getName())) {
                            throw invalid(at, "missing");
                        }
                        continue;
                    }
                    if (x instanceof Integer n && n < 0 && COUNTS.contains(rc.getName())) {
                        throw invalid(at, n + " is not a unit count (0 or more)");
                    }
                    walk(x, at);
                }
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) == null) {
                        throw invalid(pointer + "/" + i, "missing");
                    }
                    walk(list.get(i), pointer + "/" + i);
                }
            }
            case Map<?, ?> map -> map.forEach((k, x) -> {
                String at = pointer + "/" + k;
                if (x == null) {
                    throw invalid(at, "missing");
                }
                if (x instanceof Integer n && n < 0) {
                    throw invalid(at, n + " is not a unit count (0 or more)");
                }
                walk(x, at);
            });
            case Double d when !Double.isFinite(d) || d < 0 -> throw invalid(pointer, d + " is not a number of 0 or more");
            case Instant t -> {
                int year = t.atOffset(ZoneOffset.UTC).getYear();
                if (year < Kickoffs.FIRST_YEAR || year > Kickoffs.LAST_YEAR) {
                    throw invalid(pointer, t + " is outside the years " + Kickoffs.FIRST_YEAR + "-" + Kickoffs.LAST_YEAR);
                }
            }
            case Duration d when d.isNegative() || d.toDays() > 366 -> throw invalid(pointer, d + " is not a duration "
                    + "between 0 and a year");
            default -> {
            }
        }
    }

    /** Integer components that count units: never negative (a change's from and to, a layer's bounds and needs). */
    private static final Set<String> COUNTS = Set.of("from", "to", "min", "max", "peakUnits", "neededUnits", "podsPerUnit");

    /** Jackson's complaint about one field, in the file's words: the field, its line and what it should be. */
    PlanJson.InvalidPlan mapping(JsonMappingException e) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            at.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        String what;
        if (e instanceof InvalidFormatException f) {
            what = (f.getValue() instanceof String v ? "\"" + v + "\"" : String.valueOf(f.getValue())) + " is not "
                    + expected(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            what = "expected " + expected(m.getTargetType());
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            what = root instanceof NullPointerException ? "missing" : root == e
                    ? StateFile.plain(e.getOriginalMessage()) : StateFile.plain(root.getMessage());
        }
        return invalid(at.toString(), what);
    }

    private static String expected(Class<?> type) {
        if (type == Instant.class) {
            return "an instant (e.g. 2026-06-12T18:40:00Z)";
        }
        if (type == Duration.class) {
            return "a duration (e.g. PT1H)";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private PlanJson.InvalidPlan invalid(String pointer, String what) {
        // a field that is missing has no line of its own: its object's
        int line = 0;
        for (String p = pointer; line == 0; p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
            line = lines.getOrDefault(p, 0);
            if (p.isEmpty()) {
                break;
            }
        }
        String field = pointer.replaceFirst("^/", "").replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
        return new PlanJson.InvalidPlan(line, field, what);
    }
}
