package io.prescale.cli;

import io.prescale.planner.model.Target;
import io.prescale.providers.aws.AwsProviders;
import io.prescale.planner.plan.LayerSummary;
import io.prescale.planner.plan.Plan;
import io.prescale.providers.apply.NativeSchedules;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ScheduledActions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code prescale native-schedule}: registers a plan's future Auto Scaling steps as the groups' own scheduled
 * actions (at most 50 per call, none in the past), lists prescale's actions, or deletes them. Actions not named
 * {@code prescale-...} are never touched.
 */
@Command(name = "native-schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Register a plan's future Auto Scaling steps as the groups' own scheduled actions, so they "
                + "scale on time even if prescale is down; or list or delete prescale's actions."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:every group's actions put, listed or deleted", "1:refused (the plan is too old or has "
                + "errors, a group drifted or an action is out of bounds), an unreadable plan file, or a call that "
                + "failed", Main.EXIT_USAGE, Main.EXIT_BUG})
final class NativeScheduleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "<plan.json>", description = "A plan saved by 'prescale plan'.")
    Path planFile;

    @Option(names = "--list", description = "List prescale's scheduled actions on the plan's groups.")
    boolean list;

    @Option(names = "--delete", description = "Delete prescale's scheduled actions on the plan's groups.")
    boolean delete;

    @Option(names = "--dry-run", description = "Show what would be put or deleted; send nothing.")
    boolean dryRun;

    @Mixin
    ProviderOptions provider;

    @Override
    public Integer call() {
        if (list && delete) {
            throw new UserException("give --list or --delete, not both");
        }
        Plan plan = ApplyCommand.read(planFile);
        PrintWriter out = main.spec.commandLine().getOut();
        if (!list && !delete) {
            // registering a plan's steps is applying it later: the same checks as apply
            java.util.Optional<String> refused = io.prescale.providers.apply.ApplyEngine.refusal(plan,
                    main.clock.instant());
            if (refused.isPresent()) {
                out.println(main.terminal.paint("Refused:", Terminal.Colour.RED) + " " + refused.get());
                out.flush();
                return Main.EXIT_INVALID;
            }
        }
        ProviderFactory f = main.providers.get().find(AwsProviders.AUTO_SCALING_GROUP)
                .orElseThrow(() -> new UserException("no aws-asg provider"));
        boolean failed = false;
        try (CapacityProvider p = f.create(provider.config(main.clock))) {
            if (!(p instanceof ScheduledActions sa)) {
                throw new UserException("the aws-asg provider cannot schedule actions");
            }
            Map<String, List<ScheduledActions.Action>> byLayer =
                    NativeSchedules.fromPlan(plan, main.clock.instant(), AwsProviders.AUTO_SCALING_GROUP);
            for (LayerSummary l : plan.layers()) {
                if (!l.targetType().equals(AwsProviders.AUTO_SCALING_GROUP)) {
                    continue;
                }
                Target t = new Target(f.target(), l.target(), l.targetSettings());
                if (list) {
                    List<ScheduledActions.Action> actions = sa.list(t);
                    out.printf("%s (%s): %d prescale action(s)%n", l.name(), l.target(), actions.size());
                    actions.forEach(a -> out.printf("  %s at %s %s min %s desired %s%n", a.name(), a.at(), a.timeZone(),
                            a.min(), a.desired()));
                    continue;
                }
                if (!delete) {
                    java.util.Optional<String> problem = driftOrBounds(p, plan, l, t, byLayer.getOrDefault(l.name(),
                            List.of()));
                    if (problem.isPresent()) {
                        failed = true;
                        out.printf("%s %s (%s): %s%n", main.terminal.status("REFUSED"), l.name(), l.target(), problem.get());
                        continue;
                    }
                }
                ChangeResponse r = delete ? sa.delete(t, List.of(), dryRun)
                        : sa.put(t, byLayer.getOrDefault(l.name(), List.of()), dryRun);
                failed |= r.status() == ChangeStatus.FAILED;
                out.printf("%s %s (%s): %s%n", main.terminal.status(r.status().name()), l.name(), l.target(), r.message());
                r.diagnostics().forEach(d -> out.println("  " + d.format()));
            }
        }
        out.flush();
        return failed ? Main.EXIT_INVALID : 0;
    }

    /**
     * What apply would refuse for this group: an action outside the layer's bounds, a group that cannot be read, or
     * one that drifted from the capacity the plan assumed (unless it holds a value the plan sets).
     */
    private java.util.Optional<String> driftOrBounds(CapacityProvider p, Plan plan, LayerSummary l, Target t,
                                                     List<ScheduledActions.Action> actions) {
        for (ScheduledActions.Action a : actions) {
            // the group's own max may be above the layer's (it is restored on scale-in); what prescale sets may not
            if (a.desired() != null && a.desired() > l.max() || a.min() != null && a.min() > l.max()) {
                return java.util.Optional.of("action " + a.name() + " is outside the layer's bounds [" + l.min() + ", "
                        + l.max() + "]");
            }
        }
        var o = p.observe(new io.prescale.providers.spi.ObserveRequest(l.name(), t, provider.timeout()));
        if (o.observation().isEmpty()) {
            return java.util.Optional.of("cannot read the group: " + o.diagnostics().stream().map(d -> d.summary())
                    .findFirst().orElse("unknown"));
        }
        Integer assumed = plan.observed().units().get(l.name());
        int now = o.observation().get().units();
        boolean planned = plan.changes().stream().anyMatch(c -> c.layer().equals(l.name()) && c.to() == now);
        if (assumed != null && now != assumed && !planned) {
            return java.util.Optional.of("the group drifted from the plan's observed state: assumed " + assumed
                    + ", now " + now + "; make a new plan");
        }
        return java.util.Optional.empty();
    }
}
