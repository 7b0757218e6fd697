package io.prescale.planner.model;

import java.time.Duration;
import java.util.Optional;

/**
 * One named way an audience turns into load on a layer. Every term applies to {@code share} of the audience
 * (e.g. only app users get push). Burst terms spread their requests over a window shorter than a minute, and
 * the forecast keeps the burst's rate, not the minute's average.
 */
public sealed interface LoadTerm {

    String name();

    double share();

    /** A steady rate per watching viewer: a manifest refresh every 6 s is {@code 1/6} rps. */
    record PerViewer(String name, double share, double rpsPerViewer) implements LoadTerm {
    }

    /**
     * A heartbeat every {@code every}. Viewers who joined together beat together: without jitter the joins at
     * kickoff come back as a ripple every interval; a first heartbeat jittered over {@code jitter} smooths it.
     */
    record Heartbeat(String name, double share, Duration every, Duration jitter) implements LoadTerm {
    }

    /** Requests made once per join (auth, manifest, pre-roll ad request), including goal-surge joins. */
    record PerJoin(String name, double share, double requests) implements LoadTerm {
    }

    /** Tracking events per viewer per mid-roll ad break, fired within the break's window (or {@code within}). */
    record AdBreak(String name, double share, double requests, Optional<Duration> within) implements LoadTerm {
    }

    /**
     * Push deliveries per goal: {@code subscribers} (absolute) plus {@code perViewer} per watching viewer,
     * delivered within {@code within}. A goal can come in any minute of play.
     */
    record GoalPush(String name, double share, double subscribers, double perViewer, Duration within)
            implements LoadTerm {
    }

    /** Egress bandwidth per watching viewer, in bits per second (the stream's bitrate). */
    record Egress(String name, double share, double bitsPerViewer) implements LoadTerm {
    }
}
