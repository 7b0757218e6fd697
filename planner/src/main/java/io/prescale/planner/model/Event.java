package io.prescale.planner.model;

import io.prescale.planner.diag.SourceLocation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One scheduled event from the calendar. {@code kickoff} always carries its zone; {@code delay} moves the
 * whole event (a late kickoff); {@code audience} and {@code shape} override what rules would give;
 * {@code location} is the venue a feed names (iCalendar LOCATION), empty when it names none.
 */
public record Event(
        String id,
        String title,
        String competition,
        Stage stage,
        List<String> teams,
        ZonedDateTime kickoff,
        String region,
        Optional<String> shape,
        Optional<AudienceDistribution> audience,
        Duration delay,
        SourceLocation source,
        String location) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kickoff, "kickoff");
        title = title == null || title.isBlank() ? (teams == null || teams.isEmpty() ? id : String.join(" v ", teams)) : title;
        competition = competition == null ? "" : competition;
        teams = teams == null ? List.of() : List.copyOf(teams);
        region = region == null ? "" : region;
        shape = shape == null ? Optional.empty() : shape;
        audience = audience == null ? Optional.empty() : audience;
        delay = delay == null ? Duration.ZERO : delay;
        location = location == null ? "" : location.strip();
    }

    /** An event with no venue named. */
    public Event(String id, String title, String competition, Stage stage, List<String> teams, ZonedDateTime kickoff,
                 String region, Optional<String> shape, Optional<AudienceDistribution> audience, Duration delay,
                 SourceLocation source) {
        this(id, title, competition, stage, teams, kickoff, region, shape, audience, delay, source, "");
    }

    /**
     * How the event is named to people: its id when it reads as one ({@code FINAL}, {@code ENG-CRO},
     * {@code fd-391881}), else its title: a feed's UID such as {@code 4h2k8m1q6r0s3t5u@google.com} says nothing,
     * and feeds regenerate them.
     */
    public String label() {
        boolean readable = !id.contains("@") && id.length() <= 40 && !id.matches("(?i).*[0-9a-f]{12,}.*");
        return readable || title.isBlank() ? id : title;
    }

    /**
     * An id from what the event is rather than what a feed calls it, for feeds that regenerate their UIDs: the
     * kickoff's UTC date and the teams ({@code 2026-06-12-eagles-lions}), else the kickoff to the minute and the
     * venue ({@code 20260612t1900z-wembley-stadium-london}), else the kickoff and the title. Two feeds' copies of
     * one match share it; a match moved to another day does not.
     */
    public String contentId() {
        ZonedDateTime utc = kickoff.withZoneSameInstant(java.time.ZoneOffset.UTC);
        if (teams.size() >= 2) {
            return slug(utc.toLocalDate().toString(), String.join(" ", teams.stream().map(t -> t.toLowerCase(
                    java.util.Locale.ROOT)).sorted().toList()));
        }
        String minute = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").format(utc);
        return slug(minute, location.isBlank() ? title : location);
    }

    private static String slug(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            String s = p.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-|-$)", "");
            if (!s.isEmpty()) {
                sb.append(sb.length() > 0 ? "-" : "").append(s);
            }
        }
        return sb.toString();
    }

    /** Whether {@code key} names this event: its id, its content id or its title (as overrides may key on them). */
    public boolean isNamed(String key) {
        return key.equals(id) || key.equalsIgnoreCase(contentId()) || key.equalsIgnoreCase(title);
    }

    /** The kickoff as it will really happen, delay included. */
    public Instant start() {
        return kickoff.toInstant().plus(delay);
    }

    public Event withDelay(Duration d) {
        return new Event(id, title, competition, stage, teams, kickoff, region, shape, audience, d, source, location);
    }

    public Event withTeams(List<String> t) {
        return new Event(id, title, competition, stage, t, kickoff, region, shape, audience, delay, source, location);
    }

    public Event withAudience(AudienceDistribution a) {
        return new Event(id, title, competition, stage, teams, kickoff, region, shape, Optional.of(a), delay, source,
                location);
    }

    public Event withStage(Stage s) {
        return new Event(id, title, competition, s, teams, kickoff, region, shape, audience, delay, source, location);
    }

    public Event withRegion(String r) {
        return new Event(id, title, competition, stage, teams, kickoff, r, shape, audience, delay, source, location);
    }

    public Event withId(String newId) {
        return new Event(newId, title, competition, stage, teams, kickoff, region, shape, audience, delay, source,
                location);
    }
}
