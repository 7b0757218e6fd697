package io.prescale.planner.config;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Parses YAML into a node tree that keeps line numbers (SnakeYAML Engine's composer), so every later validation
 * error can name the line. YAML 1.2 rules: {@code NO} (Norway) stays a string. Two things the composer lets
 * through are errors here: nesting deeper than {@link #MAX_DEPTH} (its recursion overflows the stack on 20,000
 * levels, and SnakeYAML Engine has no depth limit of its own) and a key given twice in one map (the composer keeps
 * both and the first would silently win).
 */
public final class YamlDoc {
    /** Far deeper than any scenario (about 8 levels), far shallower than what overflows the composer's recursion. */
    public static final int MAX_DEPTH = 64;
    /** SnakeYAML's own limit on aliases of lists and maps (each one copies a subtree: the "billion laughs"). */
    public static final int MAX_COLLECTION_ALIASES = 50;

    private YamlDoc() {
    }

    /** The document's root, or empty (with a diagnostic) when the text is not valid YAML or is empty. */
    public static Optional<YNode> parse(String file, String text, Diagnostics diags) {
        // text from a feed is not a file whose size was checked; more chars than the limit is more bytes too
        Optional<String> tooLarge = InputFiles.tooLarge(text.length(), InputFiles.MAX_YAML_BYTES);
        if (tooLarge.isPresent()) {
            diags.error(SourceLocation.of(file), "cannot read " + file + ": " + tooLarge.get());
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
        try {
            // the events are parsed once: checked, then composed into nodes from the same list
            List<Event> events = new ArrayList<>();
            if (!shallowEnough(file, text, settings, diags, events)) {
                return Optional.empty();
            }
            Optional<Node> root = new Composer(settings, new Replay(events)).getSingleNode();
            if (root.isEmpty()) {
                diags.error(SourceLocation.of(file), "the file is empty");
                return Optional.empty();
            }
            rejectDuplicateKeys(file, root.get(), "", diags, Collections.newSetFromMap(new IdentityHashMap<>()));
            return Optional.of(new YNode(file, root.get(), "", diags));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
            diags.error(new SourceLocation(file, line, col, ""), "not valid YAML: " + e.getProblem(),
                    e.getContext() == null ? "" : e.getContext());
            return Optional.empty();
        } catch (ReaderException e) {
            // a character YAML does not allow (a control character, a lone surrogate): at its line and column
            int[] lc = lineAndColumn(text, e.getPosition());
            diags.error(new SourceLocation(file, lc[0], lc[1], ""), String.format(java.util.Locale.ROOT,
                    "not valid YAML: the character U+%04X is not allowed", e.getCodePoint()),
                    "a YAML file is text: remove the character or quote it as an escape (\\u%04X)".formatted(e.getCodePoint()));
            return Optional.empty();
        } catch (YamlEngineException e) {
            diags.error(SourceLocation.of(file), "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Counts nesting and aliases of lists and maps over the parser's events (a loop, no recursion) before the
     * recursive composer runs, so either limit is reported at the line that passes it (the composer names none).
     * Keeps the events in {@code events} for the composer: parsing the text a second time was a tenth of a plan's
     * start.
     */
    private static boolean shallowEnough(String file, String text, LoadSettings settings, Diagnostics diags,
                                         List<Event> events) {
        int depth = 0;
        int aliases = 0;
        java.util.Set<Anchor> collections = new java.util.HashSet<>();
        for (Event e : new Parse(settings).parseString(text)) {
            events.add(e);
            if (e instanceof CollectionStartEvent c) {
                c.getAnchor().ifPresent(collections::add);
            } else if (e instanceof AliasEvent a && collections.contains(a.getAlias())
                    && ++aliases > MAX_COLLECTION_ALIASES) {
                int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                int col = e.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
                diags.error(new SourceLocation(file, line, col, ""), "more than " + MAX_COLLECTION_ALIASES
                        + " aliases of lists or maps", "each alias copies what it names; so many look like a YAML "
                        + "alias bomb: write the values out");
                return false;
            }
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> depth++;
                case MappingEnd, SequenceEnd -> depth--;
                default -> {
                }
            }
            if (depth > MAX_DEPTH) {
                int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                int col = e.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
                diags.error(new SourceLocation(file, line, col, ""), "nested deeper than " + MAX_DEPTH + " levels",
                        "a scenario file nests a few levels; this looks generated or broken");
                return false;
            }
        }
        return true;
    }

    /** The events of a parse, given again to the composer as the parser would give them. */
    private static final class Replay implements Parser {
        private final List<Event> events;
        private int next;

        Replay(List<Event> events) {
            this.events = events;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return next < events.size() && events.get(next).getEventId() == id;
        }

        @Override
        public Event peekEvent() {
            if (next >= events.size()) {
                throw new java.util.NoSuchElementException("no more events");
            }
            return events.get(next);
        }

        @Override
        public Event next() {
            Event e = peekEvent();
            next++;
            return e;
        }

        @Override
        public boolean hasNext() {
            return next < events.size();
        }
    }

    /** 1-based line and column of code point {@code position} of {@code text}. */
    private static int[] lineAndColumn(String text, int position) {
        int line = 1;
        int col = 1;
        int i = 0;
        for (int cp = 0; cp < position && i < text.length(); cp++) {
            char ch = text.charAt(i);
            i += Character.charCount(text.codePointAt(i));
            if (ch == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    /** A key twice in one map is an error at the second, whose value the loader would otherwise never read. */
    private static void rejectDuplicateKeys(String file, Node node, String path, Diagnostics diags,
                                            java.util.Set<Node> visited) {
        if (!visited.add(node)) {
            return; // an alias of a node already checked (or of one of its parents)
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            // a tag (!!binary, !!python/object, !custom) asks for a type prescale does not read: refused, not ignored
            diags.error(location(file, node, path), "YAML tag " + shortTag(node.getTag().getValue())
                    + " is not read by prescale", "remove the tag: values are plain text, numbers, lists and maps");
        }
        switch (node) {
            case MappingNode m -> {
                Map<String, Node> seen = new HashMap<>();
                for (NodeTuple t : m.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
                    String child = key == null ? path : path.isEmpty() ? key : path + "." + key;
                    if (key != null) {
                        Node first = seen.putIfAbsent(key, t.getKeyNode());
                        if (first != null) {
                            diags.error(location(file, t.getKeyNode(), child), "duplicate key '" + key + "'",
                                    "first given at line " + location(file, first, child).line()
                                            + "; give each key once");
                        }
                    }
                    rejectDuplicateKeys(file, t.getValueNode(), child, diags, visited);
                }
            }
            case SequenceNode s -> {
                int i = 0;
                for (Node n : s.getValue()) {
                    rejectDuplicateKeys(file, n, path + "[" + i++ + "]", diags, visited);
                }
            }
            default -> {
            }
        }
    }

    /** The tags of plain YAML, which every value has once resolved; an explicit {@code !!str} is one of them. */
    private static final java.util.Set<Tag> PLAIN_TAGS = java.util.Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL,
            Tag.NULL, Tag.SEQ, Tag.MAP);

    private static String shortTag(String tag) {
        String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : tag;
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }

    private static SourceLocation location(String file, Node n, String field) {
        return n.getStartMark().map(m -> new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1, field))
                .orElse(new SourceLocation(file, 0, 0, field));
    }
}
