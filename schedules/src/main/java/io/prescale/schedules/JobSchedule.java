package io.prescale.schedules;

import io.prescale.planner.model.Layer;
import io.prescale.planner.model.PlanSettings;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.PlanEvent;
import io.prescale.planner.plan.Planner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The jobs a scenario needs, computed purely from the scenario, its recurring schedules and the current instant
 * (passed in, never read). For every upcoming event, per layer:
 * <ul>
 *   <li>{@code event/<id>/<layer>/scale-out} (or {@code prewarm}, {@code cdn-check}) when the plan requests the
 *       capacity: the layer's warm-up plus lead time before the minute it is needed;</li>
 *   <li>{@code event/<id>/<layer>/check} shortly before kickoff ({@link Settings#checkBefore()}), on layers
 *       whose capacity was raised for it;</li>
 *   <li>{@code event/<id>/<layer>/scale-down} at the latest possible end (extra time and penalties for knockouts)
 *       plus cool-down, keyed by the event of its live cluster that ends last: overlapping events share one.</li>
 * </ul>
 * With {@code live: learn:}, {@code event/<id>/<layer>/learn} re-calibrates after the event's latest possible end
 * (plus {@code after}).
 * A second step of the same kind (a shorter {@code coalesce}) gets {@code -2}, {@code -3}. Recurring schedules
 * give {@code recurring/<name>/scale-out} (a cron trigger) and {@code recurring/<name>/release-<firing>}
 * ({@code release-20261204T203000Z}: the firing whose hold it ends).
 * <p>
 * Stability: the steps are those of a plan made a day before {@code now} from each layer's min, so a step's time
 * depends only on its events and layer, never on when this runs: re-running it on an unchanged calendar gives the
 * same jobs. A delayed kickoff moves every job of the event.
 * <p>
 * Jobs in the past are kept when they should still run (the reconciler drops those already executed): a
 * pre-scale or check while its event has not ended, and every scale-down (the apply engine decides when it is safe).
 */
public final class JobSchedule {
    /** How far back the plan starts: events that ended within it still get their scale-down. */
    static final Duration LOOK_BACK = Duration.ofDays(1);
    /** A firing in a release key, to the second (a cron may fire more than once a minute). */
    private static final DateTimeFormatter FIRING = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param checkBefore how long before kickoff the capacity check runs
     */
    public record Settings(Duration checkBefore) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(10));

        public Settings {
            Objects.requireNonNull(checkBefore, "checkBefore");
            if (checkBefore.isNegative()) {
                throw new IllegalArgumentException("checkBefore must not be negative, got " + checkBefore);
            }
        }
    }

    private JobSchedule() {
    }

    /** The desired jobs, in fire-time order (cron jobs last). */
    public static List<DesiredJob> compute(Scenario s, List<RecurringSchedule> recurring, Instant now, Settings settings) {
        List<DesiredJob> out = new ArrayList<>(eventJobs(s, now, settings));
        for (RecurringSchedule r : recurring) {
            out.addAll(recurringJobs(r, now));
        }
        if (!s.live().observe().isEmpty()) {
            out.add(new DesiredJob.Live("live/" + JobKind.LIVE_TICK.step(), s.live().tick(),
                    List.copyOf(s.live().observe().keySet())));
        }
        out.sort(Comparator.comparing(JobSchedule::sortTime).thenComparing(DesiredJob::name));
        if (out.stream().map(DesiredJob::name).distinct().count() != out.size()) {
            throw new IllegalStateException("two desired jobs share a key: " + out.stream().map(DesiredJob::name).toList());
        }
        return List.copyOf(out);
    }

    private static Instant sortTime(DesiredJob j) {
        return j instanceof DesiredJob.OneShot o ? o.fireAt() : Instant.MAX;
    }

    /** The plan the event jobs come from: made {@link #LOOK_BACK} before now, from every layer at its min. */
    static Plan schedulePlan(Scenario s, Instant now) {
        Instant anchor = now.truncatedTo(ChronoUnit.MINUTES).minus(LOOK_BACK);
        PlanSettings p = s.plan();
        Scenario wide = s.withPlanSettings(new PlanSettings(p.from(), p.quantile(), p.maxAge(),
                p.horizon().plus(LOOK_BACK)));
        Map<String, Integer> mins = new LinkedHashMap<>();
        s.layers().forEach(l -> mins.put(l.name(), l.min()));
        return Planner.plan(wide, anchor, anchor, new ObservedState("schedule", anchor, mins)).plan();
    }

    static List<DesiredJob.OneShot> eventJobs(Scenario s, Instant now, Settings settings) {
        Plan plan = schedulePlan(s, now);
        Map<String, PlanEvent> events = new HashMap<>();
        plan.events().forEach(e -> events.put(e.id(), e));
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> content = new HashMap<>();
        s.events().forEach(e -> content.put(e.id(), e.contentId()));
        List<DesiredJob.OneShot> jobs = new ArrayList<>();
        List<Change> changes = plan.changes().stream().sorted(Comparator.comparing(Change::at)).toList();
        for (Change c : changes) {
            Optional<JobKind> kind = JobKind.of(c.action());
            if (kind.isEmpty() || c.events().isEmpty()) {
                continue; // background load is not tied to an event: plan and apply it by hand
            }
            List<PlanEvent> es = c.events().stream().map(events::get).filter(Objects::nonNull).toList();
            if (es.isEmpty()) {
                continue;
            }
            // a scale-down belongs to the event of its cluster that ends last; a pre-scale to the event driving it
            PlanEvent e = kind.get() == JobKind.SCALE_DOWN
                    ? es.stream().reduce((a, b) -> b.latestEnd().isBefore(a.latestEnd()) ? a : b).orElseThrow()
                    : es.get(0);
            Instant ends = es.stream().map(PlanEvent::latestEnd).max(Comparator.naturalOrder()).orElseThrow();
            String base = "event/" + e.id() + "/" + c.layer() + "/" + kind.get().step();
            int n = counts.merge(base, 1, Integer::sum);
            jobs.add(new DesiredJob.OneShot(n == 1 ? base : base + "-" + n, kind.get(), c.at(), Optional.of(e.id()),
                    Optional.of(c.layer()), Optional.empty(), ends, describe(c), Optional.ofNullable(content.get(e.id()))));
        }
        s.live().learn().ifPresent(learn -> {
            for (PlanEvent e : plan.events()) {
                if (e.layers().contains(learn.layer())) {
                    Instant at = e.latestEnd().plus(learn.after());
                    // a re-fit that failed (the source down a while) is retried for a few hours
                    jobs.add(new DesiredJob.OneShot("event/" + e.id() + "/" + learn.layer() + "/learn", JobKind.LEARN, at,
                            Optional.of(e.id()), Optional.of(learn.layer()), Optional.empty(), at.plus(Duration.ofHours(6)),
                            truncate(
                                    "re-fit " + learn.structure() + " on " + learn.layer() + "'s last "
                                            + io.prescale.planner.model.Quantities.format(learn.history())
                                            + " after " + e.id() + " ended; written to " + learn.into()),
                            Optional.ofNullable(content.get(e.id()))));
                }
            }
        });
        for (PlanEvent e : plan.events()) {
            for (String layer : e.layers()) {
                Optional<Layer> l = s.layer(layer);
                if (l.isEmpty() || !checkable(l.get().target())) {
                    continue;
                }
                raisedFor(changes, layer, e.kickoff()).ifPresent(raise -> {
                    Instant at = e.kickoff().minus(settings.checkBefore());
                    if (!raise.at().isBefore(at)) {
                        // the capacity is requested after the usual check time: check a minute after the request
                        at = min(raise.at().plus(Duration.ofMinutes(1)), e.kickoff());
                    }
                    jobs.add(new DesiredJob.OneShot("event/" + e.id() + "/" + layer + "/check", JobKind.CHECK, at,
                            Optional.of(e.id()), Optional.of(layer), Optional.empty(), e.latestEnd(), truncate(
                                    "? " + layer + " capacity for " + e.id() + " (kickoff " + e.kickoff() + "): at least "
                                            + raise.to() + " " + raise.unit() + " in place, re-applied if short"),
                            Optional.ofNullable(content.get(e.id()))));
                });
            }
        }
        return jobs.stream().filter(j -> stillToRun(j, now)).toList();
    }

    /** The layer's scale-out in effect at {@code t}, when the last event-driven change before it raised capacity. */
    private static Optional<Change> raisedFor(List<Change> changes, String layer, Instant t) {
        Change last = null;
        for (Change c : changes) {
            if (c.layer().equals(layer) && !c.events().isEmpty() && !c.at().isAfter(t)
                    && c.action() != Action.NO_OP && c.action() != Action.CHECK) {
                last = c;
            }
        }
        return last != null && (last.action() == Action.SCALE_OUT || last.action() == Action.PREWARM)
                ? Optional.of(last) : Optional.empty();
    }

    /** Misfire policy, applied when computing: a pre-scale or check runs late only while its event has not ended. */
    static boolean stillToRun(DesiredJob.OneShot j, Instant now) {
        if (!j.fireAt().isBefore(now)) {
            return true;
        }
        return !j.kind().onlyBeforeEnd() || now.isBefore(j.endsAt());
    }

    static List<DesiredJob> recurringJobs(RecurringSchedule r, Instant now) {
        List<DesiredJob> out = new ArrayList<>();
        String prefix = "recurring/" + r.name() + "/";
        out.add(new DesiredJob.Cron(prefix + JobKind.RECURRING_SCALE_OUT.step(), r));
        RecurringTimes times = RecurringTimes.of(r);
        // the last firing whose hold ended within the look-back (its release may not have run yet: the reconciler
        // drops it if it did), and the current or next one
        times.latestAtOrBefore(now.minus(r.hold())).filter(o -> !o.plus(r.hold()).isBefore(now.minus(LOOK_BACK)))
                .ifPresent(o -> out.add(release(r, prefix, o)));
        times.next(now.minus(r.hold())).ifPresent(o -> out.add(release(r, prefix, o)));
        return out;
    }

    private static DesiredJob.OneShot release(RecurringSchedule r, String prefix, Instant firing) {
        Instant at = firing.plus(r.hold());
        return new DesiredJob.OneShot(prefix + JobKind.RECURRING_RELEASE.step() + "-" + FIRING.format(firing),
                JobKind.RECURRING_RELEASE, at, Optional.empty(), Optional.empty(), Optional.of(r.name()), at,
                truncate("- recurring " + r.name() + ": hold of " + r.set() + " from " + firing + " is over; back to "
                        + "what the plan needs"));
    }

    static String describe(Change c) {
        return truncate(c.action().symbol() + " " + c.layer() + " " + c.from() + " -> " + c.to() + " " + c.unit() + ": "
                + c.reason());
    }

    private static String truncate(String s) {
        return s.length() > JobData.MAX_DESCRIPTION ? s.substring(0, JobData.MAX_DESCRIPTION - 3) + "..." : s;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** A capacity check before kickoff reads a target prescale changes: one a provider observes, not a fixed one. */
    private static boolean checkable(io.prescale.planner.model.Target t) {
        return t.spec().observable() && t.kind() != io.prescale.planner.targets.CapacityKind.CHECK;
    }
}
