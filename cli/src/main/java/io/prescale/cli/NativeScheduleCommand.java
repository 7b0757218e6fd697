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

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format output;

    enum Format { table, json }

    /** What happened on one group: its status, what was said, and (for --list) its actions. */
    private record GroupResult(String layer, String group, String status, String message,
                               List<ScheduledActions.Action> actions, List<String> diagnostics) {
    }

    @Override
    public Integer call() {
        if (list && delete) {
            throw new UserException("give --list or --delete, not both");
        }
        Plan plan = ApplyCommand.read(planFile);
        PrintWriter out = main.spec.commandLine().getOut();
        String mode = list ? "list" : delete ? "delete" : "put";
        if (!list && !delete) {
            // registering a plan's steps is applying it later: the same checks as apply
            java.util.Optional<String> refused = io.prescale.providers.apply.ApplyEngine.refusal(plan,
                    main.clock.instant());
            if (refused.isPresent()) {
                print(plan, mode, refused.get(), List.of(), out);
                return Main.EXIT_INVALID;
            }
        }
        ProviderFactory f = main.providers.get().find(AwsProviders.AUTO_SCALING_GROUP)
                .orElseThrow(() -> new UserException("no aws-asg provider"));
        List<GroupResult> results = new java.util.ArrayList<>();
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
                    results.add(new GroupResult(l.name(), l.target(), "LISTED", actions.size()
                            + " prescale action(s)", actions, List.of()));
                    continue;
                }
                if (!delete) {
                    java.util.Optional<String> problem = driftOrBounds(p, plan, l, t, byLayer.getOrDefault(l.name(),
                            List.of()));
                    if (problem.isPresent()) {
                        results.add(new GroupResult(l.name(), l.target(), "REFUSED", problem.get(), List.of(),
                                List.of()));
                        continue;
                    }
                }
                List<ScheduledActions.Action> actions = delete ? List.of() : byLayer.getOrDefault(l.name(), List.of());
                ChangeResponse r = delete ? sa.delete(t, List.of(), dryRun) : sa.put(t, actions, dryRun);
                results.add(new GroupResult(l.name(), l.target(), r.status().name(), r.message(), actions,
                        r.diagnostics().stream().map(d -> d.format()).toList()));
            }
        }
        print(plan, mode, null, results, out);
        return results.stream().anyMatch(r -> r.status().equals("FAILED") || r.status().equals("REFUSED"))
                ? Main.EXIT_INVALID : 0;
    }

    private void print(Plan plan, String mode, String refusal, List<GroupResult> results, PrintWriter out) {
        if (output == Format.json) {
            var mapper = io.prescale.planner.plan.PlanJson.mapper();
            var root = mapper.createObjectNode();
            root.put("scenario", plan.scenario());
            root.put("planDigest", plan.digest());
            root.put("mode", mode);
            root.put("dryRun", dryRun);
            root.put("refusal", refusal);
            var groups = root.putArray("groups");
            for (GroupResult g : results) {
                var n = groups.addObject();
                n.put("layer", g.layer());
                n.put("group", g.group());
                n.put("status", g.status());
                n.put("message", g.message());
                var as = n.putArray("actions");
                for (ScheduledActions.Action a : g.actions()) {
                    var x = as.addObject();
                    x.put("name", a.name());
                    x.put("at", a.at().toString());
                    x.put("timeZone", a.timeZone());
                    putNullable(x, "min", a.min());
                    putNullable(x, "desired", a.desired());
                    putNullable(x, "max", a.max());
                }
                var ds = n.putArray("diagnostics");
                g.diagnostics().forEach(ds::add);
            }
            out.println(root.toPrettyString());
        } else if (refusal != null) {
            out.println(main.terminal.paint("Refused:", Terminal.Colour.RED) + " " + refusal);
        } else {
            for (GroupResult g : results) {
                out.printf("%s %s (%s): %s%n", main.terminal.status(g.status()), g.layer(), g.group(), g.message());
                if (g.status().equals("LISTED")) {
                    g.actions().forEach(a -> out.printf("  %s at %s (%s) min %s desired %s max %s%n", a.name(),
                            io.prescale.planner.plan.Times.format(a.at(), java.time.ZoneOffset.UTC), a.timeZone(),
                            dash(a.min()), dash(a.desired()), dash(a.max())));
                }
                g.diagnostics().forEach(d -> out.println("  " + d));
            }
        }
        out.flush();
    }

    private static void putNullable(com.fasterxml.jackson.databind.node.ObjectNode n, String key, Integer v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static String dash(Integer v) {
        return v == null ? "-" : String.valueOf(v);
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
