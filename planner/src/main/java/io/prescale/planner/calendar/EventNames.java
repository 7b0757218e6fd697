package io.prescale.planner.calendar;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared helpers for naming events read from feeds that do not carry ids or team lists. */
final class EventNames {
    private static final Pattern VERSUS = Pattern.compile("\\s+(?:vs\\.?|v\\.?|-|–|x|@)\\s+", Pattern.CASE_INSENSITIVE);

    private EventNames() {
    }

    /** A bracketed qualifier: {@code (Group A)}, {@code [Women]}, {@code (Round of 16)}. */
    private static final Pattern BRACKETED = Pattern.compile("\\s*[(\\[][^)\\]]*[)\\]]");
    /** A trailing qualifier of a team name: {@code England W}, {@code England Women}, {@code England U21}. */
    private static final Pattern QUALIFIER = Pattern.compile("\\s+(?:w|women|u-?\\d{2})$", Pattern.CASE_INSENSITIVE);
    /** A team that is not known yet: {@code TBD}, {@code Winner Group A}, {@code 1A}, {@code W49}, {@code 3rd A/B/F}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?:tb[dca]|to be (?:decided|confirmed|announced)"
            + "|(?:winners?|losers?|runners?-?up)\\b.*|.*\\b(?:winners?|losers?|runners?-?up)"
            + "|(?:1st|2nd|3rd|first|second|third)(?: place)?(?: in| of)? group\\b.*|(?:1st|2nd|3rd) [a-l](?:/[a-l])*"
            + "|[123][a-l](?:/[a-l])*|[wl]\\d{1,3}|[a-l][123]|\\?+)", Pattern.CASE_INSENSITIVE);

    /**
     * Teams from a title such as {@code England vs Croatia}, {@code Qatar vs. Ecuador (Group A)},
     * {@code Round of 16: Brazil - Korea Republic} or {@code Australia W v England W}; a side that is a placeholder
     * ({@code TBD}, {@code Winner Group A}, {@code W49}) is a team not known yet and is left out; empty when the
     * title names no match.
     */
    static List<String> teamsFromTitle(String title) {
        String t = BRACKETED.matcher(title).replaceAll(" ").strip();
        int colon = t.lastIndexOf(": ");
        if (colon >= 0) {
            t = t.substring(colon + 2).strip();
        }
        // "Qatar vs Ecuador - Group A", "Perth vs Subiaco - WAFL Round 6": a part that only names a stage is not a side
        List<String> sides = java.util.Arrays.stream(VERSUS.split(t)).map(String::strip)
                .filter(x -> !x.isEmpty() && (isPlaceholder(x) || !((io.prescale.planner.model.StageKind.find(x)
                        .isPresent() || io.prescale.planner.model.StageKind.namesNumberedRound(x))
                        && x.split("\\s+").length <= 4)))
                .toList();
        if (sides.size() != 2) {
            return List.of();
        }
        String[] parts = sides.toArray(new String[0]);
        List<String> teams = new java.util.ArrayList<>();
        for (String part : parts) {
            String team = QUALIFIER.matcher(part.strip()).replaceAll("").strip();
            if (!team.isEmpty() && !isPlaceholder(team)) {
                teams.add(team);
            }
        }
        return List.copyOf(teams);
    }

    /** Whether a team name stands for a team not known yet ({@code TBD}, {@code Winner Group A}, {@code 1A}). */
    static boolean isPlaceholder(String team) {
        return PLACEHOLDER.matcher(team.strip()).matches();
    }

    /**
     * A stage as a calendar column or field writes it; text that names no known stage is a custom stage, and when
     * it is a near miss of a known one ({@code finale}, {@code semifinal}) a warning says what it may have meant.
     */
    static io.prescale.planner.model.Stage stage(String text, io.prescale.planner.diag.SourceLocation at,
                                                 io.prescale.planner.diag.Diagnostics diags) {
        io.prescale.planner.model.Stage s = io.prescale.planner.model.Stage.parse(text);
        if (s.kind() == io.prescale.planner.model.StageKind.CUSTOM && !text.strip().regionMatches(true, 0, "custom:", 0, 7)) {
            java.util.Set<String> known = new java.util.TreeSet<>();
            for (io.prescale.planner.model.StageKind k : io.prescale.planner.model.StageKind.values()) {
                if (k != io.prescale.planner.model.StageKind.CUSTOM) {
                    known.add(k.id());
                }
            }
            String near = io.prescale.planner.config.YNode.nearest(text.strip().toLowerCase(Locale.ROOT), known);
            if (near != null) {
                diags.warning(at, "stage '" + text.strip() + "' is no stage prescale knows: planned as a custom stage "
                        + "(no extra time, no stage rule); did you mean '" + near + "'?",
                        "write custom:" + text.strip() + " to mean a stage of your own");
            }
        }
        return s;
    }

    /** A stable id from a date and teams, e.g. {@code 1998-06-10-brazil-scotland}. */
    static String slug(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isBlank()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('-');
            }
            sb.append(p.toLowerCase(Locale.ROOT).strip().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
        }
        return sb.toString();
    }
}
