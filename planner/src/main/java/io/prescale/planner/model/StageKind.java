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
        if (NUMBERED_ROUND.matcher(text.strip()).matches()) {
            return Optional.of(LEAGUE);
        }
        return Optional.empty();
    }

    /**
     * A round named by its number alone, as league fixture lists write it: {@code 1. Round}, {@code Round 12},
     * {@code Matchweek 3}, {@code 5. Spieltag}, {@code Jornada 5}, {@code Apertura, Matchday 5},
     * {@code 1° Semestre, Matchday 3}. It is a league round: a cup's numbered rounds (FA Cup Round 3) name no
     * stage prescale can tell from a league's, so a feed of them needs {@code calendarRules} to say so.
     */
    private static final java.util.regex.Pattern NUMBERED_ROUND = java.util.regex.Pattern.compile(
            "(?:(?:apertura|clausura|\\d+\\S{0,2}\\s*semestre|regular season)\\s*,\\s*)?"
            + "(?:\\d+\\.?\\s*(?:round|runde|spieltag|jornada|giornata|journ[eé]e)"
            + "|(?:round|matchday|matchweek|gameweek|week|runde|spieltag|jornada|giornata|journ[eé]e|fecha)\\s*\\d+)",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /** Stage phrases as real feeds write them in titles and descriptions, most specific first (a quarter-final is
     * not a final), in English, German, French, Spanish, Italian and Portuguese. */
    private static final java.util.List<java.util.Map.Entry<StageKind, java.util.regex.Pattern>> PHRASES = java.util.List.of(
            phrase(THIRD_PLACE, "third[- ]place|3rd[- ]place|play-?off for third|match for third|spiel um platz (3|drei)"
                    + "|petite finale|tercer (puesto|lugar)|finalina|terzo posto|disputa do terceiro"),
            phrase(QUARTER_FINAL, "quarter[- ]?finals?|\\bqf ?\\d?\\b|1/4[- ]?finals?|viertelfinale|quarts? de finale"
                    + "|cuartos de final|quarti di finale|quartas de final"),
            phrase(SEMI_FINAL, "semi[- ]?finals?|\\bsf ?\\d?\\b|1/2[- ]?finals?|halbfinale|demi-?finales?"
                    + "|semifinales?|semifinali|semifinais"),
            phrase(ROUND_OF_16, "round of 16|last 16|\\br16\\b|1/8[- ]?finals?|eighth[- ]finals?|\\b8th[- ]finals?|achtelfinale"
                    + "|huiti[eè]mes? de finale|octavos de final|ottavi di finale|oitavas de final"),
            phrase(ROUND_OF_32, "round of 32|last 32|\\br32\\b|1/16[- ]?finals?|\\b16th[- ]finals?|sechzehntelfinale|seizi[eè]mes de finale"
                    + "|dieciseisavos|sedicesimi"),
            phrase(GROUP, "\\bgroup(?: stage)?\\b|\\bgruppe\\b|\\bgroupe\\b|\\bgrupo\\b|\\bgirone\\b|fase de grupos"
                    + "|phase de groupes|gruppenphase"),
            // not "64th Finals" (a cup's round of 128, as API-Football names 1/64 finals)
            phrase(FINAL, "(?<![0-9](?:st|nd|rd|th)[- ])\\bfinals?\\b|\\bfinale\\b|\\bendspiel\\b"));

    /** A numbered round anywhere in a text: {@code WAFL Round 2}, {@code Matchday 5}, {@code 12. Spieltag}. */
    private static final java.util.regex.Pattern NUMBERED_ROUND_IN = java.util.regex.Pattern.compile(
            "\\b(?:round|matchday|matchweek|gameweek|runde|spieltag|jornada|giornata|journ[eé]e|fecha)\\s*\\d+\\b"
            + "|\\b\\d+\\.\\s*(?:round|runde|spieltag)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
    /** Words of a cup or a qualifying competition, whose numbered rounds are knockouts, not a league's. */
    private static final java.util.regex.Pattern CUP = java.util.regex.Pattern.compile(
            "\\b(?:cup|pokal|coupe|copa|coppa|ta[cç]a|beker|trophy|qualif\\w*|play-?offs?)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /** Whether a text names a numbered round ({@code Swan Districts vs Perth - WAFL Round 10}). */
    public static boolean namesNumberedRound(String text) {
        return text != null && NUMBERED_ROUND_IN.matcher(text).find();
    }

    /**
     * A league round named by its number in a free text ({@code WAFL Round 10}, {@code 12. Spieltag}), unless the
     * text names a cup or a qualifying round, whose numbered rounds are knockouts prescale cannot size.
     */
    public static boolean leagueRoundIn(String text) {
        return namesNumberedRound(text) && !CUP.matcher(text).find();
    }

    private static java.util.Map.Entry<StageKind, java.util.regex.Pattern> phrase(StageKind k, String regex) {
        return java.util.Map.entry(k, java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.CASE_INSENSITIVE
                | java.util.regex.Pattern.UNICODE_CASE));
    }

    /**
     * The stage a free text names anywhere in it, e.g. {@code Qatar vs Ecuador (Group A)}, {@code TBD (Round of
     * 16)}, {@code Final Women's WC}, {@code 1/8 final}, {@code QF1}; empty when it names none.
     */
    public static Optional<StageKind> find(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        for (var p : PHRASES) {
            if (p.getValue().matcher(text).find()) {
                return Optional.of(p.getKey());
            }
        }
        return Optional.empty();
    }
}
