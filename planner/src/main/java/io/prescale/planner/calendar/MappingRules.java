package io.prescale.planner.calendar;

import io.prescale.planner.config.YNode;
import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import io.prescale.planner.model.Event;
import io.prescale.planner.model.Stage;
import io.prescale.planner.model.StageKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The scenario's {@code calendarRules:}: what a feed means, stated by the user where the feed does not say it the way
 * prescale reads it. Each rule matches regular expressions (searched anywhere, case-insensitive unless the rule says
 * {@code (?-i)}) on an entry's summary, description, location or categories, all of those it names, and sets the
 * stage, a custom kind, the teams or the region. Rules are tried in order: for each of those, the first matching
 * rule that sets it wins over what the feed itself says.
 * <pre>
 * calendarRules:
 *   - {summary: "^M\\d+ ", categories: "Knockout", stage: round-of-16}
 *   - {summary: "(.+) hosts (.+)", teams: ["$1", "$2"]}     # groups by number, or ${name}
 *   - {location: "Wembley|Old Trafford", region: UK}
 *   - {description: "watch party", kind: watch-party}       # a custom stage of this name
 * </pre>
 * One instance serves one load: it remembers which rules matched, so a rule that matched no event can be named.
 */
public final class MappingRules {
    /** What a rule can look at in an entry. */
    public enum Field {
        SUMMARY, DESCRIPTION, LOCATION, CATEGORIES;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An entry's text as a rule sees it; CSV, YAML and JSON titles are summaries. */
    public record Fields(String summary, String description, String location, List<String> categories) {
        public Fields {
            summary = summary == null ? "" : summary;
            description = description == null ? "" : description;
            location = location == null ? "" : location;
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public static Fields ofTitle(String title) {
            return new Fields(title, "", "", List.of());
        }

        List<String> values(Field f) {
            return switch (f) {
                case SUMMARY -> List.of(summary);
                case DESCRIPTION -> List.of(description);
                case LOCATION -> List.of(location);
                case CATEGORIES -> categories;
            };
        }
    }

    private record Rule(SourceLocation at, Map<Field, Pattern> match, Optional<Stage> stage,
                        Optional<List<String>> teams, Optional<String> region) {
    }

    private static final Pattern GROUP_REF = Pattern.compile("\\$(\\d+|\\{([A-Za-z][A-Za-z0-9]*)})");
    private static final MappingRules NONE = new MappingRules(List.of());

    private final List<Rule> rules;
    private final BitSet matched = new BitSet();

    private MappingRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules. Shared: it has nothing to remember. */
    public static MappingRules none() {
        return NONE;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Reads the rules; a bad one (an invalid regular expression, a group its teams name that the expression does not
     * have, nothing to match or nothing to set) is an error at its file, line and field, and is left out.
     */
    public static MappingRules read(YNode list) {
        if (!list.isList()) {
            list.error("expected a list of rules, e.g. - {summary: \"\\\\(Group ([A-L])\\\\)\", stage: group}");
            return NONE;
        }
        List<Rule> out = new ArrayList<>();
        for (YNode r : list.items()) {
            rule(r).ifPresent(out::add);
        }
        return out.isEmpty() ? NONE : new MappingRules(out);
    }

    private static Optional<Rule> rule(YNode r) {
        if (!r.isMap()) {
            r.error("expected a rule: {summary: REGEX, stage: final} (match on summary, description, location or "
                    + "categories; set stage, kind, teams or region)");
            return Optional.empty();
        }
        int errors = r.diagnostics().errorCount();
        Map<Field, Pattern> match = new LinkedHashMap<>();
        Map<Field, YNode> matchNodes = new LinkedHashMap<>();
        for (Field f : Field.values()) {
            r.get(f.key()).ifPresent(n -> n.text().ifPresent(t -> {
                try {
                    match.put(f, Pattern.compile(t, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                    matchNodes.put(f, n);
                } catch (PatternSyntaxException e) {
                    n.error("not a valid regular expression: " + e.getDescription()
                            + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), t);
                }
            }));
        }
        Optional<Stage> stage = Optional.empty();
        Optional<YNode> stageNode = r.get("stage");
        Optional<YNode> kindNode = r.get("kind");
        if (stageNode.isPresent() && kindNode.isPresent()) {
            kindNode.get().error("a rule sets either stage or kind (a custom stage), not both");
        } else if (stageNode.isPresent()) {
            YNode s = stageNode.get();
            stage = s.text().map(t -> EventNames.stage(t, s.location(), s.diagnostics()));
        } else if (kindNode.isPresent()) {
            stage = kindNode.get().text().map(t -> new Stage(StageKind.CUSTOM, t.strip()));
        }
        Optional<List<String>> teams = r.get("teams").map(t -> t.isList() ? t.strings()
                : t.text().map(List::of).orElse(List.of()));
        Optional<String> region = r.get("region").flatMap(YNode::text).map(String::strip);
        r.rejectUnknownKeys();
        // group references of teams and region: the first expression the rule names gives them
        Optional<Map.Entry<Field, Pattern>> first = match.entrySet().stream().findFirst();
        List<String> templates = new ArrayList<>(teams.orElse(List.of()));
        region.ifPresent(templates::add);
        for (String t : templates) {
            Matcher g = GROUP_REF.matcher(t);
            while (g.find()) {
                String missing = first.isEmpty() ? "the rule matches no text to take " + g.group() + " from"
                        : hasGroup(first.get().getValue(), g) ? null
                        : first.get().getKey().key() + " has no group " + g.group();
                if (missing != null) {
                    r.get(teams.isPresent() && teams.get().contains(t) ? "teams" : "region").orElseThrow()
                            .error(missing, "groups come from the rule's first expression"
                                    + first.map(e -> " (" + e.getKey().key() + ": " + e.getValue().pattern() + ")").orElse(""));
                }
            }
        }
        if (match.isEmpty() && r.diagnostics().errorCount() == errors) {
            r.error("a rule needs something to match: summary, description, location or categories");
        }
        if (stage.isEmpty() && teams.isEmpty() && region.isEmpty() && r.diagnostics().errorCount() == errors) {
            r.error("a rule needs something to set: stage, kind, teams or region");
        }
        if (r.diagnostics().errorCount() > errors) {
            return Optional.empty();
        }
        return Optional.of(new Rule(r.location(), match, stage, teams, region));
    }

    private static boolean hasGroup(Pattern p, Matcher ref) {
        if (ref.group(2) != null) {
            return p.namedGroups().containsKey(ref.group(2));
        }
        try {
            return Integer.parseInt(ref.group(1)) <= p.matcher("").groupCount();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The event as the rules say it is; unchanged when none matches. */
    public Event apply(Event e, Fields f) {
        if (rules.isEmpty()) {
            return e;
        }
        Stage stage = null;
        List<String> teams = null;
        String region = null;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            Optional<Matcher> m = matches(r, f);
            if (m.isEmpty()) {
                continue;
            }
            synchronized (matched) {
                matched.set(i);
            }
            if (stage == null && r.stage().isPresent()) {
                stage = r.stage().get();
            }
            if (teams == null && r.teams().isPresent()) {
                teams = r.teams().get().stream().map(t -> expand(t, m.get()).strip())
                        .filter(t -> !t.isEmpty() && !EventNames.isPlaceholder(t)).toList();
            }
            if (region == null && r.region().isPresent()) {
                region = expand(r.region().get(), m.get()).strip();
            }
        }
        Event out = e;
        if (stage != null) {
            out = out.withStage(stage);
        }
        if (teams != null) {
            out = out.withTeams(teams);
        }
        if (region != null) {
            out = out.withRegion(region);
        }
        return out;
    }

    /** The match of the rule's first expression when all of its expressions match; empty when one does not. */
    private static Optional<Matcher> matches(Rule r, Fields f) {
        Matcher first = null;
        for (Map.Entry<Field, Pattern> m : r.match().entrySet()) {
            Matcher found = null;
            for (String v : f.values(m.getKey())) {
                Matcher x = m.getValue().matcher(v);
                if (x.find()) {
                    found = x;
                    break;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            if (first == null) {
                first = found;
            }
        }
        return Optional.ofNullable(first);
    }

    private static String expand(String template, Matcher m) {
        Matcher g = GROUP_REF.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (g.find()) {
            String v = g.group(2) != null ? m.group(g.group(2)) : m.group(Integer.parseInt(g.group(1)));
            g.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        g.appendTail(sb);
        return sb.toString();
    }

    /** A warning at each rule's line that matched no entry of the calendars read with it. */
    public void warnUnmatched(Diagnostics diags) {
        for (int i = 0; i < rules.size(); i++) {
            boolean hit;
            synchronized (matched) {
                hit = matched.get(i);
            }
            if (!hit) {
                Rule r = rules.get(i);
                diags.warning(r.at(), "calendar rule matches no entry of the calendar", "it matches on "
                        + String.join(", ", r.match().entrySet().stream().map(x -> x.getKey().key() + " /"
                        + x.getValue().pattern() + "/").toList()));
            }
        }
    }
}
