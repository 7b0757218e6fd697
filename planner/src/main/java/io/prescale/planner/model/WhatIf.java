package io.prescale.planner.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One what-if override of a simulation, written {@code key=value} (on the command line with {@code --set}, or in
 * the scenario's {@code whatIf:} section). The plan a simulation compares against is always the one made from
 * the unmodified scenario; a what-if changes only the world the simulation samples.
 */
public sealed interface WhatIf {

    /** The forms {@link #parse} accepts, for error messages and help. */
    List<String> FORMS = List.of(
            "audience=x1.2 (every event's audience)",
            "audience.EVENT_ID=x3 (one event's audience)",
            "audience.team.NAME=x2 (a team's popularity factor)",
            "final.teams=England,France (who plays the final)",
            "surge.EVENT_ID=+10%@60m/5m (extra audience arriving from 60m after kickoff within 5m)",
            "capacity.LAYER=-33% (capacity per unit lost, or x0.67)",
            "heartbeat.LAYER.every=5m (heartbeat interval)",
            "knockout.extraTime=30% (P(extra time) of a knockout)",
            "knockout.penalties=50% (P(penalties | extra time))",
            "goals.mean=2.7 (goals per 90 minutes of play)",
            "adBreaks.jitter=2m (ad breaks move up to this much either way)");

    /** As written: {@code key=value}. */
    String text();

    /** Every event's audience times {@code factor}. */
    record AllAudience(String text, double factor) implements WhatIf {
    }

    /** One event's audience times {@code factor}. */
    record EventAudience(String text, String eventId, double factor) implements WhatIf {
    }

    /** A team's popularity factor times {@code factor} (a team without one starts from 1). */
    record TeamAudience(String text, String team, double factor) implements WhatIf {
    }

    /** The teams of the final (every event of stage {@code final}), so team factors apply to them. */
    record FinalTeams(String text, List<String> teams) implements WhatIf {
        public FinalTeams {
            teams = List.copyOf(teams);
        }
    }

    /**
     * Extra audience arriving during an event: from {@code at} after kickoff the audience rises by {@code share}
     * of itself within {@code within} (a thunderstorm sends people indoors) and stays in proportion after.
     */
    record Surge(String text, String eventId, double share, Duration at, Duration within) implements WhatIf {
    }

    /** A layer keeps {@code factor} of its capacity per unit (a CDN losing a third of its bandwidth: 0.67). */
    record Capacity(String text, String layer, double factor) implements WhatIf {
    }

    /** Every heartbeat term of a layer beats every {@code every}. */
    record HeartbeatEvery(String text, String layer, Duration every) implements WhatIf {
    }

    /** The probability that a knockout match goes to extra time. */
    record ExtraTime(String text, double probability) implements WhatIf {
    }

    /** The probability that a knockout match that went to extra time goes to penalties. */
    record Penalties(String text, double probability) implements WhatIf {
    }

    /** Mean goals per 90 minutes of play. */
    record GoalsMean(String text, double mean) implements WhatIf {
    }

    /** Ad breaks start up to this many minutes early or late. */
    record AdBreakJitter(String text, Duration jitter) implements WhatIf {
    }

    /** Parses {@code key=value}; throws {@link IllegalArgumentException} naming the key and the known forms. */
    static WhatIf parse(String keyEqualsValue) {
        int eq = keyEqualsValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected key=value, e.g. audience.FINAL=x3 (got \"" + keyEqualsValue
                    + "\"); known forms: " + String.join("; ", FORMS));
        }
        return parse(keyEqualsValue.substring(0, eq), keyEqualsValue.substring(eq + 1));
    }

    /** Parses one override; throws {@link IllegalArgumentException} naming the key and the known forms. */
    static WhatIf parse(String key, String value) {
        String k = key.strip();
        String v = value.strip();
        String text = k + "=" + v;
        try {
            if (k.equals("audience")) {
                return new AllAudience(text, factor(v));
            }
            if (k.startsWith("audience.team.") && k.length() > 14) {
                return new TeamAudience(text, k.substring(14), factor(v));
            }
            if (k.startsWith("audience.") && k.length() > 9) {
                return new EventAudience(text, k.substring(9), factor(v));
            }
            if (k.equals("final.teams")) {
                List<String> teams = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                if (teams.isEmpty()) {
                    throw new IllegalArgumentException("expected team names separated by commas, e.g. England,France");
                }
                return new FinalTeams(text, teams);
            }
            if (k.startsWith("surge.") && k.length() > 6) {
                return surge(text, k.substring(6), v);
            }
            if (k.startsWith("capacity.") && k.length() > 9) {
                return new Capacity(text, k.substring(9), capacityFactor(v));
            }
            if (k.startsWith("heartbeat.") && k.endsWith(".every") && k.length() > 16) {
                Duration every = Quantities.duration(v);
                if (every.toSeconds() < 60) {
                    throw new IllegalArgumentException("a heartbeat interval must be at least 1m (got \"" + v + "\")");
                }
                return new HeartbeatEvery(text, k.substring(10, k.length() - 6), every);
            }
            switch (k) {
                case "knockout.extraTime" -> {
                    return new ExtraTime(text, Quantities.fraction(v));
                }
                case "knockout.penalties" -> {
                    return new Penalties(text, Quantities.fraction(v));
                }
                case "goals.mean" -> {
                    double m = number(v);
                    if (m < 0) {
                        throw new IllegalArgumentException("must not be negative (got \"" + v + "\")");
                    }
                    return new GoalsMean(text, m);
                }
                case "adBreaks.jitter" -> {
                    Duration d = Quantities.duration(v);
                    if (d.isNegative()) {
                        throw new IllegalArgumentException("must not be negative (got \"" + v + "\")");
                    }
                    return new AdBreakJitter(text, d);
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("what-if " + k + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown what-if key '" + k + "'; known forms: " + String.join("; ", FORMS));
    }

    /**
     * Why this override does not fit the scenario (an unknown event, layer or team; no final), or empty.
     *
     * @param teams every team of the scenario's events and audience rules, lower case
     */
    static Optional<String> problem(WhatIf w, List<Event> events, List<Layer> layers, Set<String> teams) {
        return switch (w) {
            case EventAudience a -> event(a.eventId(), events);
            case Surge s -> event(s.eventId(), events);
            case Capacity c -> layer(c.layer(), layers);
            case HeartbeatEvery h -> layer(h.layer(), layers).or(() -> layers.stream()
                    .filter(l -> l.name().equals(h.layer())).findFirst()
                    .filter(l -> l.terms().stream().noneMatch(t -> t instanceof LoadTerm.Heartbeat))
                    .map(l -> "layer " + l.name() + " has no heartbeat term"));
            case TeamAudience t -> teams.contains(t.team().toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("no event or audience rule names team '" + t.team() + "'");
            case FinalTeams f -> events.stream().anyMatch(e -> e.stage().kind() == StageKind.FINAL) ? Optional.empty()
                    : Optional.of("the scenario has no event of stage final");
            case AllAudience a -> Optional.empty();
            case ExtraTime x -> Optional.empty();
            case Penalties p -> Optional.empty();
            case GoalsMean g -> Optional.empty();
            case AdBreakJitter j -> Optional.empty();
        };
    }

    private static Optional<String> event(String id, List<Event> events) {
        if (events.stream().anyMatch(e -> e.id().equals(id))) {
            return Optional.empty();
        }
        return Optional.of("no event '" + id + "' in the scenario (events: " + events.stream().map(Event::id).limit(12)
                .collect(Collectors.joining(", ")) + (events.size() > 12 ? ", ..." : "") + ")");
    }

    private static Optional<String> layer(String name, List<Layer> layers) {
        if (layers.stream().anyMatch(l -> l.name().equals(name))) {
            return Optional.empty();
        }
        return Optional.of("no layer '" + name + "' in the scenario (layers: "
                + layers.stream().map(Layer::name).collect(Collectors.joining(", ")) + ")");
    }

    /** {@code x3}, {@code 3x}, {@code 300%}, {@code +10%}, {@code -20%} or {@code 1.5}. */
    private static double factor(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        double f;
        if (s.startsWith("x")) {
            f = number(s.substring(1));
        } else if (s.endsWith("x")) {
            f = number(s.substring(0, s.length() - 1));
        } else if ((s.startsWith("+") || s.startsWith("-")) && s.endsWith("%")) {
            f = (100 + number(s.substring(0, s.length() - 1))) / 100.0;
        } else if (s.endsWith("%")) {
            f = number(s.substring(0, s.length() - 1)) / 100.0;
        } else {
            f = number(s);
        }
        if (!(f >= 0) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("expected a factor such as x3, +10% or -20% (got \"" + v + "\")");
        }
        return f;
    }

    /** {@code -33%} (a third lost) or {@code x0.67}; the result is the share kept, above 0. */
    private static double capacityFactor(String v) {
        double f = factor(v);
        if (f <= 0) {
            throw new IllegalArgumentException("a layer must keep some capacity: use e.g. -33% or x0.67 (got \"" + v + "\")");
        }
        return f;
    }

    private static WhatIf surge(String text, String eventId, String v) {
        Matcher m = Pattern.compile("\\+?([0-9.]+%|[0-9.]+)\\s*@\\s*([^/]+)(?:/(.+))?").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected +SHARE@OFFSET[/WITHIN], e.g. +10%@60m/5m (got \"" + v + "\")");
        }
        double share = m.group(1).endsWith("%") ? number(m.group(1).substring(0, m.group(1).length() - 1)) / 100.0
                : number(m.group(1));
        Duration at = Quantities.duration(m.group(2));
        Duration within = m.group(3) == null ? Duration.ofMinutes(5) : Quantities.duration(m.group(3));
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the surge's arrival time must be positive (got \"" + v + "\")");
        }
        return new Surge(text, eventId, share, at, within);
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number (got \"" + s + "\")");
        }
    }
}
