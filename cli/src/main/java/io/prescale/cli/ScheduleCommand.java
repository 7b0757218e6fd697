package io.prescale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.planner.plan.PlanJson;
import io.prescale.schedules.ExecutionStore;
import io.prescale.schedules.ScheduleAdmin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code prescale schedule list|show|pause|resume|cancel}: the daemon's jobs in a job store, read and changed next to
 * running daemons. Jobs are named {@code [scenario:]key}; a key may be a prefix ending at a {@code /}
 * ({@code event/FINAL} is every job of event FINAL).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"List, show, pause, resume or cancel the daemon's jobs in a job store.",
                "",
                "Use the same --store or --jdbc-url as the daemon. Jobs are named [scenario:]key, e.g. "
                + "cup:event/FINAL/edge/scale-out; a key may be a prefix ending at a '/', e.g. event/FINAL for every "
                + "job of event FINAL."},
        subcommands = {ScheduleCommand.ListJobs.class, ScheduleCommand.Show.class, ScheduleCommand.Pause.class,
                ScheduleCommand.Resume.class, ScheduleCommand.Cancel.class, HelpCommand.class},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:usage printed (name a subcommand)", Main.EXIT_USAGE, Main.EXIT_BUG})
final class ScheduleCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { table, json }

    /** Options every subcommand shares. */
    abstract static class Sub {
        static final String EXIT_STORE = "1:no job store there (no daemon ran with it), a store that cannot be reached, "
                + "or no job matches";

        @ParentCommand
        ScheduleCommand parent;

        @Mixin
        StoreOptions store;

        @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
        Format output;

        PrintWriter out() {
            return parent.main.spec.commandLine().getOut();
        }

        ScheduleAdmin open() {
            io.prescale.schedules.StoreSpec spec = store.spec();
            // these commands read or edit a daemon's jobs: opening a store that is not there would create an empty one
            if (spec instanceof io.prescale.schedules.StoreSpec.H2 h2
                    && !java.nio.file.Files.exists(h2.dir().resolve("prescale.mv.db"))) {
                throw new UserException("no job store in " + h2.dir() + ": no daemon has run with --store h2:"
                        + h2.dir());
            }
            return ScheduleAdmin.open(spec);
        }

        List<ScheduleAdmin.JobInfo> selected(ScheduleAdmin admin, String selector) {
            List<ScheduleAdmin.JobInfo> js = admin.select(selector);
            if (js.isEmpty()) {
                throw new UserException("no job matches '" + selector + "' in " + admin.describeStore()
                        + " (prescale schedule list shows them)");
            }
            return js;
        }

        /** Refuses a selector that names no job, else changes the jobs it names and prints them as they are after. */
        int change(String selector, BiFunction<ScheduleAdmin, String, List<ScheduleAdmin.JobInfo>> change) {
            try (ScheduleAdmin admin = open()) {
                selected(admin, selector);
                print(change.apply(admin, selector));
            }
            return 0;
        }

        void print(List<ScheduleAdmin.JobInfo> jobs) {
            PrintWriter out = out();
            if (output == Format.json) {
                ArrayNode a = PlanJson.mapper().createArrayNode();
                jobs.forEach(j -> a.add(json(j)));
                out.println(a.toPrettyString());
            } else {
                Table t = new Table("JOB", "KIND", "STATE", "NEXT FIRE", "SCHEDULE", "WHAT");
                for (ScheduleAdmin.JobInfo j : jobs) {
                    t.row(j.key(), j.kind(), parent.main.terminal.status(j.state()),
                            j.nextFire().map(ScheduleCommand::time).orElse("-"), j.schedule(),
                            j.description().length() > 90 ? j.description().substring(0, 87) + "..." : j.description());
                }
                t.print(out, "");
                out.println(jobs.size() + " job(s)");
            }
            out.flush();
        }
    }

    /**
     * A job's time as every table shows times; in UTC, as a store holds jobs of scenarios in different zones (the
     * JSON output has them ISO-8601).
     */
    static String time(Instant t) {
        return io.prescale.planner.plan.Times.format(t, java.time.ZoneOffset.UTC);
    }

    static ObjectNode json(ScheduleAdmin.JobInfo j) {
        ObjectNode n = PlanJson.mapper().createObjectNode();
        n.put("scenario", j.group());
        n.put("key", j.name());
        n.put("kind", j.kind());
        j.event().ifPresent(e -> n.put("event", e));
        j.layer().ifPresent(l -> n.put("layer", l));
        j.recurring().ifPresent(r -> n.put("recurring", r));
        n.put("state", j.state());
        n.put("nextFire", j.nextFire().map(Instant::toString).orElse(null));
        n.put("previousFire", j.previousFire().map(Instant::toString).orElse(null));
        n.put("schedule", j.schedule());
        n.put("description", j.description());
        return n;
    }

    static ObjectNode json(ExecutionStore.Execution e) {
        ObjectNode n = PlanJson.mapper().createObjectNode();
        n.put("executionKey", e.key());
        n.put("scheduledFor", e.scheduledFor().toString());
        n.put("firedAt", e.firedAt().toString());
        n.put("instanceId", e.instanceId());
        n.put("state", e.state().name());
        n.put("attempts", e.attempts());
        n.put("finishedAt", e.finishedAt().map(Instant::toString).orElse(null));
        n.put("result", e.result());
        return n;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "List the jobs in the store, next to fire first.",
            exitCodeListHeading = Main.EXIT_HEADING,
            exitCodeList = {"0:listed", Sub.EXIT_STORE, Main.EXIT_USAGE, Main.EXIT_BUG})
    static final class ListJobs extends Sub implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "<job>",
                description = "Only the jobs this names ([scenario:]key or prefix). Default: every job.")
        String selector;

        @Option(names = "--scenario", paramLabel = "<name>", description = "Only this scenario's jobs.")
        String scenario;

        @Override
        public Integer call() {
            try (ScheduleAdmin admin = open()) {
                print(selector == null ? admin.list(Optional.ofNullable(scenario)) : admin.select(selector).stream()
                        .filter(j -> scenario == null || j.group().equals(scenario)).toList());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show one job: its trigger, what it carries, and its executions (who ran it, when, result).",
            exitCodeListHeading = Main.EXIT_HEADING,
            exitCodeList = {"0:shown", Sub.EXIT_STORE, Main.EXIT_USAGE, Main.EXIT_BUG})
    static final class Show extends Sub implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<job>", description = "The job: [scenario:]key.")
        String selector;

        @Override
        public Integer call() {
            try (ScheduleAdmin admin = open()) {
                List<ScheduleAdmin.JobInfo> js = selected(admin, selector);
                if (js.size() > 1) {
                    throw new UserException("'" + selector + "' names " + js.size() + " jobs; show needs one (e.g. "
                            + js.get(0).key() + ")");
                }
                ScheduleAdmin.JobDetails d = admin.show(js.get(0).key()).orElseThrow(() ->
                        new UserException("job " + js.get(0).key() + " is gone (it fired meanwhile)"));
                PrintWriter out = out();
                if (output == Format.json) {
                    ObjectNode n = json(d.job());
                    ObjectNode data = n.putObject("data");
                    d.data().forEach(data::put);
                    ArrayNode ex = n.putArray("executions");
                    d.executions().forEach(e -> ex.add(json(e)));
                    out.println(n.toPrettyString());
                } else {
                    ScheduleAdmin.JobInfo j = d.job();
                    out.println(j.key());
                    out.println("  kind:       " + j.kind());
                    out.println("  state:      " + j.state());
                    out.println("  schedule:   " + j.schedule());
                    out.println("  next fire:  " + j.nextFire().map(ScheduleCommand::time).orElse("-"));
                    out.println("  what:       " + j.description());
                    d.data().forEach((k, v) -> out.println("  data." + k + ": " + v));
                    out.println("  executions: " + (d.executions().isEmpty() ? "none yet" : ""));
                    for (ExecutionStore.Execution e : d.executions()) {
                        out.println("    " + time(e.scheduledFor()) + "  " + e.state() + "  on " + e.instanceId() + " (attempt "
                                + e.attempts() + ")  " + e.result());
                    }
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Pause jobs: they do not fire until resumed (the daemon keeps them paused when it reschedules "
                    + "them). Resumed after their time, their misfire policy applies.",
            exitCodeListHeading = Main.EXIT_HEADING,
            exitCodeList = {"0:paused", Sub.EXIT_STORE, Main.EXIT_USAGE, Main.EXIT_BUG})
    static final class Pause extends Sub implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<job>", description = "The jobs: [scenario:]key or prefix.")
        String selector;

        @Override
        public Integer call() {
            return change(selector, ScheduleAdmin::pause);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Resume paused jobs.",
            exitCodeListHeading = Main.EXIT_HEADING,
            exitCodeList = {"0:resumed", Sub.EXIT_STORE, Main.EXIT_USAGE, Main.EXIT_BUG})
    static final class Resume extends Sub implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<job>", description = "The jobs: [scenario:]key or prefix.")
        String selector;

        @Override
        public Integer call() {
            return change(selector, ScheduleAdmin::resume);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Cancel jobs: each is recorded as cancelled, so no daemon runs it or schedules it again (a "
                    + "moved event gets new ones); a recurring job skips its next firing only.",
            exitCodeListHeading = Main.EXIT_HEADING,
            exitCodeList = {"0:cancelled", Sub.EXIT_STORE, Main.EXIT_USAGE, Main.EXIT_BUG})
    static final class Cancel extends Sub implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<job>", description = "The jobs: [scenario:]key or prefix.")
        String selector;

        @Override
        public Integer call() {
            try (ScheduleAdmin admin = open()) {
                selected(admin, selector);
                List<ScheduleAdmin.Cancelled> cs = admin.cancel(selector, parent.main.clock.instant());
                PrintWriter out = out();
                if (output == Format.json) {
                    ArrayNode a = PlanJson.mapper().createArrayNode();
                    for (ScheduleAdmin.Cancelled c : cs) {
                        ObjectNode n = json(c.job());
                        n.put("cancelled", c.recorded());
                        n.put("detail", c.detail());
                        a.add(n);
                    }
                    out.println(a.toPrettyString());
                } else {
                    cs.forEach(c -> out.println(c.job().key() + ": " + c.detail()));
                    out.println(cs.size() + " job(s) cancelled");
                }
                out.flush();
            }
            return 0;
        }
    }
}
