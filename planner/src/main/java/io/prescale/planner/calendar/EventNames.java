package io.prescale.planner.calendar;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared helpers for naming events read from feeds that do not carry ids or team lists. */
final class EventNames {
    private static final Pattern VERSUS = Pattern.compile("\\s+(?:vs\\.?|v\\.?|-|–|x|@)\\s+", Pattern.CASE_INSENSITIVE);

    private EventNames() {
    }

    /** Teams from a title such as {@code England vs Croatia} or {@code Brazil - Scotland}; empty when none. */
    static List<String> teamsFromTitle(String title) {
        String[] parts = VERSUS.split(title.strip(), 3);
        if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
            return List.of(parts[0].strip(), parts[1].strip());
        }
        return List.of();
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
