package io.prescale.schedules;

import io.prescale.planner.plan.Action;
import java.util.Locale;
import java.util.Optional;

/**
 * What a scheduled job does when it fires. Every kind sets a desired state: it re-plans with the current time and
 * the providers' observed state and applies the result, so running one twice changes nothing the second time.
 * Each kind also carries its misfire policy (the daemon was down when it should have fired).
 */
public enum JobKind {
    /** Raise a layer's capacity a lead time before an event needs it. Late: runs while the event has not ended. */
    SCALE_OUT("scale-out", true),
    /** Pre-warm a load balancer (capacity units). Late: runs while the event has not ended. */
    PREWARM("prewarm", true),
    /** Check a CDN's capacity against the event's forecast. Late: runs while the event has not ended. */
    CDN_CHECK("cdn-check", true),
    /** Shortly before kickoff: is the capacity really in place? Re-applies when short, reports when still short. */
    CHECK("check", true),
    /** Scale in after the latest possible end plus cool-down. Late: runs, and the apply engine's safety decides. */
    SCALE_DOWN("scale-down", false),
    /** A recurring schedule's cron fired: hold its layers at least at their set units. */
    RECURRING_SCALE_OUT("scale-out", true),
    /** A recurring schedule's hold is over: back to what the plan needs. */
    RECURRING_RELEASE("release", false),
    /**
     * The live controller's minute: read the observed layers' sources, decide and raise. Late firings are not
     * caught up: each minute's decision is made from the data of that minute, and a missed one is superseded.
     */
    LIVE_TICK("tick", false),
    /**
     * Re-calibrate after an event ended ({@code live: learn:}): read the layer's source back, fit, write a new
     * version, apply it when its fit is no worse. Late: runs (what it learns is still worth having).
     */
    LEARN("learn", false);

    private final String step;
    private final boolean onlyBeforeEnd;

    JobKind(String step, boolean onlyBeforeEnd) {
        this.step = step;
        this.onlyBeforeEnd = onlyBeforeEnd;
    }

    /** The last part of the job key, e.g. {@code scale-out} in {@code event/FINAL/edge/scale-out}. */
    public String step() {
        return step;
    }

    /** A late run is skipped once the event (or the recurring hold) has ended. */
    public boolean onlyBeforeEnd() {
        return onlyBeforeEnd;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<JobKind> parse(String s) {
        for (JobKind k : values()) {
            if (k.name().equalsIgnoreCase(s) || k.id().equalsIgnoreCase(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The kind that carries out a planned change of the given action, if the daemon schedules one. */
    static Optional<JobKind> of(Action a) {
        return switch (a) {
            case SCALE_OUT -> Optional.of(SCALE_OUT);
            case PREWARM -> Optional.of(PREWARM);
            case CHECK -> Optional.of(CDN_CHECK);
            case SCALE_IN -> Optional.of(SCALE_DOWN);
            case NO_OP -> Optional.empty();
        };
    }
}
