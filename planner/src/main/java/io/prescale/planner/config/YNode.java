package io.prescale.planner.config;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Quantities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node with its file, line and field path. Typed getters validate and report problems to the shared
 * {@link Diagnostics} and return a default, so loading goes on and every problem is found in one run. A map
 * remembers which keys were read; {@link #rejectUnknownKeys()} turns the rest into errors (typos matter).
 */
public final class YNode {
    private final String file;
    private final Node node;
    private final String path;
    private final Diagnostics diags;
    private final Set<String> read = new LinkedHashSet<>();
    /** Keys given with no value, each said once however often it is asked for. */
    private final Set<String> emptyReported = new java.util.HashSet<>();
    /** Whether "expected a map" was said for this node: keys asked of a value or a list are said once. */
    private boolean notAMapReported;

    YNode(String file, Node node, String path, Diagnostics diags) {
        this.file = file;
        this.node = node;
        this.path = path;
        this.diags = diags;
    }

    public SourceLocation location() {
        return node.getStartMark()
                .map(m -> new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1, path))
                .orElse(new SourceLocation(file, 0, 0, path));
    }

    public String path() {
        return path;
    }

    public String file() {
        return file;
    }

    public Diagnostics diagnostics() {
        return diags;
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag());
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** The scalar's text; reports an error and returns empty when this is a map or list. */
    public Optional<String> text() {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            return Optional.of(s.getValue());
        }
        if (!isNull()) {
            error("expected a single value, found a " + kind());
        }
        return Optional.empty();
    }

    private String kind() {
        return switch (node) {
            case MappingNode m -> "map";
            case SequenceNode s -> "list";
            default -> isNull() ? "empty value" : "value";
        };
    }

    /** An error here; none after "expected a map" was said here (a section of the wrong kind is one mistake). */
    public void error(String summary) {
        if (!notAMapReported) {
            diags.error(location(), summary);
        }
    }

    public void error(String summary, String detail) {
        if (!notAMapReported) {
            diags.error(location(), summary, detail);
        }
    }

    public void warning(String summary) {
        diags.warning(location(), summary);
    }

    // ---- maps

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entries of a map in file order; reports an error (and returns none) when this is not a map. */
    public Map<String, YNode> entries() {
        Map<String, YNode> out = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    read.add(k.getValue());
                    YNode v = new YNode(file, t.getValueNode(), childPath(k.getValue()), diags);
                    if (v.isNull()) {
                        // baseline: {web: } was no baseline for web, silently
                        v.error("no value", "give one, or remove the key");
                        continue;
                    }
                    out.put(k.getValue(), v);
                }
            }
        } else if (!isNull()) {
            error("expected a map of name: value, found a " + kind());
        }
        return out;
    }

    /**
     * The value under {@code key}, or empty when absent. Marks the key as read. A key given with no value
     * ({@code target:}, {@code min: ~}) is an error, not the default: a deleted value made a layer plan-only or
     * dropped a limit without a word. Keys asked of a value or a list (a section written as {@code plan: x} or
     * {@code adBreaks: []}) are an error too, not an empty section.
     */
    public Optional<YNode> get(String key) {
        read.add(key);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    YNode v = new YNode(file, t.getValueNode(), childPath(key), diags);
                    if (v.isNull()) {
                        if (emptyReported.add(key)) {
                            v.error("no value", "give one, or remove the key");
                        }
                        return Optional.empty();
                    }
                    return Optional.of(v);
                }
            }
        } else if (!isNull() && !notAMapReported) {
            error("expected a map of name: value, found a " + kind());
            notAMapReported = true;
        }
        return Optional.empty();
    }

    /** Whether this map names {@code key}, with a value or none ({@code carries:}): it has its own error then. */
    public boolean given(String key) {
        return node instanceof MappingNode m && m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k
                && k.getValue().equals(key));
    }

    private boolean givenEmpty(String key) {
        return node instanceof MappingNode m && m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k
                && k.getValue().equals(key) && t.getValueNode() instanceof ScalarNode v && Tag.NULL.equals(v.getTag()));
    }

    public boolean has(String key) {
        return get(key).isPresent();
    }

    /** Like {@link #get} but reports "missing required field" when absent. */
    public Optional<YNode> require(String key) {
        Optional<YNode> v = get(key);
        if (v.isEmpty() && !notAMapReported && !givenEmpty(key)) { // a key with no value has had its error
            diags.error(location().withField(childPath(key)), "missing required field '" + key + "'");
        }
        return v;
    }

    /** Reports every key of this map that no getter asked for, suggesting the nearest known key. */
    public void rejectUnknownKeys() {
        if (!(node instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !read.contains(k.getValue())) {
                YNode kn = new YNode(file, t.getKeyNode(), childPath(k.getValue()), diags);
                String near = nearest(k.getValue(), read);
                kn.error("unknown field '" + k.getValue() + "'",
                        near == null ? "known fields: " + String.join(", ", read) : "did you mean '" + near + "'?");
            }
        }
    }

    /** The known word closest to {@code key} when it is close enough to be a typo of it, else null. */
    public static String nearest(String key, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = levenshtein(key.toLowerCase(), k.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- lists

    /** The items of a list; a single value is read as a list of one. */
    public List<YNode> items() {
        List<YNode> out = new ArrayList<>();
        if (node instanceof SequenceNode s) {
            int i = 0;
            for (Node n : s.getValue()) {
                out.add(new YNode(file, n, path + "[" + i++ + "]", diags));
            }
        } else if (!isNull()) {
            out.add(this);
        }
        return out;
    }

    /** The texts of a list (or of a single value); an empty one is an error, as {@link #string} says. */
    public List<String> strings() {
        List<String> out = new ArrayList<>();
        for (YNode n : items()) {
            n.text().ifPresent(t -> {
                if (t.isBlank()) {
                    n.error("must not be empty", "give a value, or remove it");
                } else {
                    out.add(t);
                }
            });
        }
        return out;
    }

    // ---- typed scalars under a key

    /**
     * The text under {@code key}, stripped. An empty one ({@code stage: ""}) is an error, not a value: it named a
     * stage, a team or a region nobody has.
     */
    public Optional<String> string(String key) {
        Optional<YNode> n = get(key);
        Optional<String> t = n.flatMap(YNode::text).map(String::strip);
        if (t.isPresent() && t.get().isEmpty()) {
            if (emptyReported.add(key)) {
                n.get().error("must not be empty", "give a value, or remove the key for its default");
            }
            return Optional.empty();
        }
        return t;
    }

    public String string(String key, String dflt) {
        return string(key).orElse(dflt);
    }

    public Optional<String> requireString(String key) {
        return require(key).flatMap(YNode::text).map(String::strip);
    }

    public <T> Optional<T> parse(String key, Function<String, T> parser) {
        Optional<YNode> n = get(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        return n.get().as(parser);
    }

    /** This scalar parsed by {@code parser}; an {@link IllegalArgumentException} becomes a diagnostic here. */
    public <T> Optional<T> as(Function<String, T> parser) {
        Optional<String> t = text();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(t.get().strip()));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            error(e.getMessage());
            return Optional.empty();
        }
    }

    public Duration duration(String key, Duration dflt) {
        return parse(key, Quantities::duration).orElse(dflt);
    }

    /** A non-negative duration. */
    public Duration positiveDuration(String key, Duration dflt) {
        Duration d = duration(key, dflt);
        if (d.isNegative()) {
            get(key).ifPresent(n -> n.error("must not be negative", "got " + Quantities.format(d)));
            return dflt;
        }
        return d;
    }

    /** A duration longer than zero: a plan that is stale at once, or a horizon of nothing, is a typo. */
    public Duration longerThanZero(String key, Duration dflt) {
        Duration d = positiveDuration(key, dflt);
        if (d.isZero()) {
            get(key).ifPresent(n -> n.error("must be longer than zero"));
            return dflt;
        }
        return d;
    }

    public double count(String key, double dflt) {
        return parse(key, Quantities::count).orElse(dflt);
    }

    public double nonNegativeCount(String key, double dflt) {
        double v = count(key, dflt);
        if (v < 0) {
            get(key).ifPresent(n -> n.error("must not be negative", "got " + v));
            return dflt;
        }
        return v;
    }

    public double fraction(String key, double dflt) {
        double v = parse(key, Quantities::fraction).orElse(dflt);
        if (v < 0 || v > 1) {
            get(key).ifPresent(n -> n.error("must be between 0% and 100%", "got " + v));
            return dflt;
        }
        return v;
    }

    /** A whole, non-negative count that fits an int; 1e308 is an error, not a silent 2147483647. */
    public int integer(String key, int dflt) {
        return parse(key, Quantities::wholeCount).orElse(dflt);
    }

    /** A finite number; NaN and infinities are errors here. */
    public double number(String key, double dflt) {
        return parse(key, Quantities::number).orElse(dflt);
    }

    public boolean bool(String key, boolean dflt) {
        return parse(key, s -> switch (s.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false (got \"" + s + "\")");
        }).orElse(dflt);
    }
}
