package io.prescale.schedules;

import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.apply.ApplyEngine;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real apply path for the cluster test: each action pre-scales Auto Scaling group {@code data.resource} to
 * {@code data.units} through the {@link ApplyEngine} and the {@code aws-asg} provider with the real SDK client,
 * against the stateful Auto Scaling fake the test serves over HTTP. The group's real state in the fake is what the
 * test measures, not what this handler reports.
 */
final class ApplyActionHandler implements ActionHandler {
    private final URI endpoint;
    private final Clock clock;

    ApplyActionHandler(URI endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public ActionOutcome run(ScheduledAction a, Instant now) {
        String group = a.data().get("resource");
        int units = Integer.parseInt(a.data().get("units"));
        LayerSummary layer = new LayerSummary(group, "instances", "aws-asg", group, Map.of(), 1, 0, units, units, 0,
                1000, a.intendedAt(), "", Map.of());
        Change c = new Change(group, "aws-asg", group, Action.SCALE_OUT, a.intendedAt(), a.intendedAt(), 0, units,
                "instances", List.of(), "cluster test");
        Plan plan = new Plan(Plan.FORMAT_VERSION, "cluster", now, now, "sha256:cluster", List.of(), 0.9,
                Duration.ofHours(1), new ObservedState("cluster", now, Map.of(group, 0)), true, List.of(),
                List.of(layer), List.of(c), List.of());
        ProviderConfig config = new ProviderConfig(Optional.empty(), Optional.of("us-east-1"), Optional.of(endpoint),
                Optional.empty(), Optional.empty(), clock, Duration.ofSeconds(10), 3, Map.of());
        ApplyReport r = new ApplyEngine(new ProviderRegistry().register(AwsProviders.autoScalingGroups()), config,
                AuditLog.none(), clock).apply(plan, new ApplyOptions(false, 1, Duration.ofSeconds(10)));
        String detail = r.results().stream().map(x -> x.status() + " " + x.layer() + " " + x.before() + " -> "
                + x.after()).reduce((x, y) -> x + "; " + y).orElse("nothing due");
        return r.failed() ? ActionOutcome.failed(detail + " " + r.refusal()) : ActionOutcome.done(detail);
    }
}
