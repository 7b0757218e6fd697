package io.prescale.planner.model;

import java.time.Duration;
import java.util.List;

/**
 * Mid-roll ad breaks: at each time in {@code at} every viewer's player fires its tracking events within
 * {@code window}. Times are offsets from kickoff ({@code 22m}, {@code -5m}) or the words {@code half-time} and
 * {@code full-time}, resolved against the match's phases.
 */
public record AdBreaks(List<String> at, Duration window) {
    public static final AdBreaks NONE = new AdBreaks(List.of(), Duration.ofSeconds(30));

    public AdBreaks {
        at = List.copyOf(at);
    }
}
