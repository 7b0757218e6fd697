package io.prescale.cli;

import io.prescale.planner.model.Quantities;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.schedules.Daemon;
import io.prescale.schedules.DaemonConfig;
import io.prescale.schedules.JobSchedule;
import io.prescale.schedules.StoreSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code prescale daemon}: keep capacity ahead of the calendar, unattended, until stopped (SIGTERM). */
@Command(name = "daemon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the scheduler: keep capacity ahead of the calendar, unattended, until stopped.",
                "",
                "For every upcoming event: pre-scale each layer its lead time before it is needed, check shortly "
                + "before kickoff that the capacity is in place (re-applying if not), and scale in after the latest "
                + "possible end plus cool-down. Runs the scenario's recurring schedules and re-reads the calendar when "
                + "it changes. Every action re-plans from the observed state and applies at once (--auto-approve is "
                + "implied). Health and metrics on --http-port: /healthz, /readyz, /metrics. SIGTERM stops it "
                + "gracefully. See docs/scheduler.md."},
        exitCodeListHeading = Main.EXIT_HEADING,
        exitCodeList = {"0:stopped", "1:invalid scenario or options, a job store that cannot be reached or opened, or an --audit-log that cannot be written", Main.EXIT_USAGE, Main.EXIT_BUG})
final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "<scenario-dir>",
            description = "Scenario folder holding prescale.yaml (its recurring: section included).")
    Path scenarioDir;

    @Mixin
    StoreOptions store;

    @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "" + DaemonConfig.DEFAULT_HTTP_PORT,
            description = "Port of /healthz, /readyz and /metrics (0: any free port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--reload-interval", paramLabel = "<duration>", defaultValue = "30s",
            description = "How often the scenario files are re-read; a change reschedules only the jobs it moves. "
                    + "Default: ${DEFAULT-VALUE}.")
    String reloadInterval;

    @Option(names = "--resync-interval", paramLabel = "<duration>", defaultValue = "10m",
            description = "Reconcile the job store at least this often, changed or not (the horizon moves on). "
                    + "Default: ${DEFAULT-VALUE}.")
    String resyncInterval;

    @Option(names = "--calendar-url", paramLabel = "<url>",
            description = "A calendar feed whose events join the calendar (repeatable): iCalendar, a football-data.org "
                    + "v4 matches response, openfootball JSON or CSV, read as the scenario's calendar files are (its "
                    + "calendarZone and calendarRules); with one, the scenario needs no calendar of its own. Fetched "
                    + "every --calendar-url-interval, its last good copy kept when it is down.")
    List<URI> calendarUrls = new ArrayList<>();

    @Option(names = "--calendar-url-header", paramLabel = "<name>=<env-var>",
            description = "A header sent with every --calendar-url request, its value read from the environment "
                    + "variable (never from the command line, never logged), e.g. X-Auth-Token=FOOTBALL_DATA_TOKEN for "
                    + "the football-data.org API (repeatable).")
    List<String> calendarHeaders = new ArrayList<>();

    @Option(names = "--calendar-url-interval", paramLabel = "<duration>", defaultValue = "5m",
            description = "How often each --calendar-url is fetched. Default: ${DEFAULT-VALUE}.")
    String calendarUrlInterval;

    @Option(names = "--check-before", paramLabel = "<duration>", defaultValue = "10m",
            description = "How long before kickoff the capacity check runs. Default: ${DEFAULT-VALUE}.")
    String checkBefore;

    @Option(names = "--threads", paramLabel = "<n>", defaultValue = "4",
            description = "Actions run at once. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--instance-id", paramLabel = "<id>", defaultValue = "AUTO",
            description = "This instance's id in a PostgreSQL cluster; AUTO: host name and start time, unique per "
                    + "process. Default: ${DEFAULT-VALUE}.")
    String instanceId;

    @Option(names = "--checkin-interval", paramLabel = "<duration>", defaultValue = "5s",
            description = "How often a clustered instance checks in; one silent for this plus 7.5s is taken for dead "
                    + "and its jobs are recovered by the others. Default: ${DEFAULT-VALUE}.")
    String checkinInterval;

    @Option(names = "--shutdown-grace", paramLabel = "<duration>", defaultValue = "45s",
            description = "On SIGTERM, how long running actions may take to finish before they are abandoned (and "
                    + "completed later by another instance or the next start). Default: ${DEFAULT-VALUE}.")
    String shutdownGrace;

    @Option(names = "--parallelism", paramLabel = "<n>", defaultValue = "" + ApplyOptions.DEFAULT_PARALLELISM,
            description = "Resources changed at once within an action. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--audit-log", paramLabel = "<file>", defaultValue = ".prescale/audit.jsonl",
            description = "Append-only log of every change (JSON lines). Default: ${DEFAULT-VALUE}.")
    Path auditLog;

    @Option(names = "--dry-run", description = "Run the schedule but send no mutating request to any provider.")
    boolean dryRun;

    @Option(names = "--once", description = "Reconcile the job store with the calendar, print what changed, and exit "
            + "without running any job.")
    boolean once;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "The daemon's log lines and the libraries': text, or one JSON object per line (time, level, "
                    + "logger, message). Credentials are masked either way. Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "<level>", defaultValue = "WARN",
            description = "Level of the libraries' logs (Quartz, HikariCP, the AWS SDK, the Kubernetes client): ERROR, "
                    + "WARN, INFO, DEBUG. The daemon's own lines are always written. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Mixin
    ProviderOptions provider;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.exists(scenarioDir)) {
            throw new UserException("scenario not found: " + scenarioDir);
        }
        OutputFiles.checkFile("--audit-log", auditLog);
        if (threads < 1 || parallelism < 1) {
            throw new UserException("--threads and --parallelism must be at least 1");
        }
        DaemonConfig cfg;
        try {
            cfg = config();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new UserException("--log-format is text or json, got " + logFormat);
        }
        ch.qos.logback.classic.Level level = ch.qos.logback.classic.Level.toLevel(logLevel, null);
        if (level == null) {
            throw new UserException("--log-level is ERROR, WARN, INFO or DEBUG, got " + logLevel);
        }
        Logging.configure(level, logFormat.equals("json"));
        try {
            return run(cfg.withJsonLog(logFormat.equals("json")));
        } finally {
            Logging.configure(Logging.SHORT_COMMANDS, false);
        }
    }

    private int run(DaemonConfig cfg) throws InterruptedException {
        PrintWriter out = main.spec.commandLine().getOut();
        Daemon daemon = new Daemon(cfg, main.providers.get(), provider.config(main.clock), main.clock, out);
        if (once) {
            try (daemon) {
                daemon.start(false);
            }
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        daemon.start(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "prescale-shutdown"));
        stopped.await();
        return 0;
    }

    private DaemonConfig config() {
        return DaemonConfig.defaults(scenarioDir).withStore(store.spec())
                .withStoreSettings(StoreSettings.DEFAULT.withThreads(threads).withInstanceId(instanceId)
                        .withCheckinInterval(duration("--checkin-interval", checkinInterval)))
                .withHttpPort(httpPort)
                .withReloadInterval(duration("--reload-interval", reloadInterval))
                .withResyncInterval(duration("--resync-interval", resyncInterval))
                .withCalendarUrls(calendarUrls, duration("--calendar-url-interval", calendarUrlInterval))
                .withCalendarHeaders(headers(calendarHeaders, System.getenv()))
                .withSchedule(new JobSchedule.Settings(duration("--check-before", checkBefore)))
                .withShutdownGrace(duration("--shutdown-grace", shutdownGrace))
                .withApply(new ApplyOptions(dryRun, parallelism, provider.timeout()))
                .withAuditLog(auditLog);
    }

    /** {@code X-Auth-Token=FOOTBALL_DATA_TOKEN}: the header and the variable its value is read from. */
    static Map<String, String> headers(List<String> specs, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? "" : spec.substring(0, eq).strip();
            String var = eq < 0 ? "" : spec.substring(eq + 1).strip();
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || var.isEmpty()) {
                throw new UserException("--calendar-url-header is <name>=<env-var>, e.g. X-Auth-Token=FOOTBALL_DATA_TOKEN"
                        + " (got \"" + spec + "\")");
            }
            String value = env.get(var);
            if (value == null || value.isBlank()) {
                throw new UserException("--calendar-url-header " + name + ": environment variable " + var
                        + " is not set");
            }
            out.put(name, value.strip());
        }
        return out;
    }

    static Duration duration(String option, String value) {
        try {
            Duration d = Quantities.duration(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative (got \"" + value + "\")");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}
