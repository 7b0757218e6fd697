package io.prescale.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job the scenario needs in the job store, with a deterministic name such as
 * {@code event/FINAL/edge/scale-out} or {@code recurring/friday-show/scale-out}. Jobs carry keys only: the action
 * re-reads the scenario when it fires. Two desired jobs with the same {@link #fingerprint()} are the same
 * trigger, so re-reading an unchanged calendar changes nothing.
 */
public sealed interface DesiredJob {

    String name();

    JobKind kind();

    String description();

    /** What the trigger carries: kind, event, layer, recurring name, intended instant. Strings only. */
    Map<String, String> data();

    /** Everything that decides when and what the job does; a stored trigger with another one is rescheduled. */
    String fingerprint();

    /**
     * Fires once at {@code fireAt}.
     *
     * @param endsAt when the event (or the recurring hold) ends: a late pre-scale or check after it is skipped
     */
    record OneShot(String name, JobKind kind, Instant fireAt, Optional<String> event, Optional<String> layer,
                   Optional<String> recurring, Instant endsAt, String description, Optional<String> eventContent)
            implements DesiredJob {
        public OneShot {
            eventContent = eventContent == null ? Optional.empty() : eventContent;
        }

        /** A job whose event's content id is not kept (no event, or a test's own). */
        public OneShot(String name, JobKind kind, Instant fireAt, Optional<String> event, Optional<String> layer,
                       Optional<String> recurring, Instant endsAt, String description) {
            this(name, kind, fireAt, event, layer, recurring, endsAt, description, Optional.empty());
        }

        @Override
        public Map<String, String> data() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(JobData.KIND, kind.name());
            m.put(JobData.FIRE_AT, fireAt.toString());
            m.put(JobData.ENDS_AT, endsAt.toString());
            event.ifPresent(e -> m.put(JobData.EVENT, e));
            // kept in the store so a daemon started after its feed regenerated its UIDs still finds these events
            eventContent.ifPresent(c -> m.put(JobData.EVENT_CONTENT, c));
            layer.ifPresent(l -> m.put(JobData.LAYER, l));
            recurring.ifPresent(r -> m.put(JobData.RECURRING, r));
            return m;
        }

        @Override
        public String fingerprint() {
            return String.join("|", kind.name(), fireAt.toString(), endsAt.toString(), event.orElse(""),
                    layer.orElse(""), recurring.orElse(""), description, eventContent.orElse(""));
        }
    }

    /** Fires on a cron in a zone, skipping excluded dates; the intended instant is each firing's occurrence. */
    record Cron(String name, RecurringSchedule schedule) implements DesiredJob {
        @Override
        public JobKind kind() {
            return JobKind.RECURRING_SCALE_OUT;
        }

        @Override
        public String description() {
            String d = "recurring " + schedule.name() + ": cron \"" + schedule.cron() + "\" " + schedule.zone().getId()
                    + ", hold " + io.prescale.planner.model.Quantities.format(schedule.hold()) + " at " + schedule.set();
            return d.length() > JobData.MAX_DESCRIPTION ? d.substring(0, JobData.MAX_DESCRIPTION) : d;
        }

        @Override
        public Map<String, String> data() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(JobData.KIND, kind().name());
            m.put(JobData.RECURRING, schedule.name());
            m.put(JobData.HOLD, schedule.hold().toString());
            m.put(JobData.CRON, schedule.cron());
            m.put(JobData.ZONE, schedule.zone().getId());
            m.put(JobData.EXCLUDE, schedule.exclude().stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(",")));
            return m;
        }

        @Override
        public String fingerprint() {
            return kind().name() + "|" + schedule.fingerprint();
        }
    }

    /**
     * The live controller, every {@code tick} while the scenario observes layers ({@code live:}). Each firing is
     * recorded per minute like any other execution, so in a cluster one instance decides each minute.
     */
    record Live(String name, Duration tick, List<String> layers) implements DesiredJob {
        public Live {
            layers = List.copyOf(layers);
        }

        @Override
        public JobKind kind() {
            return JobKind.LIVE_TICK;
        }

        @Override
        public String description() {
            String d = "live controller every " + io.prescale.planner.model.Quantities.format(tick) + " on "
                    + String.join(", ", layers);
            return d.length() > JobData.MAX_DESCRIPTION ? d.substring(0, JobData.MAX_DESCRIPTION) : d;
        }

        @Override
        public Map<String, String> data() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(JobData.KIND, kind().name());
            m.put(JobData.TICK, tick.toString());
            return m;
        }

        @Override
        public String fingerprint() {
            return kind().name() + "|" + tick + "|" + String.join(",", layers);
        }
    }
}
