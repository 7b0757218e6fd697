package io.prescale.schedules;

import io.prescale.providers.apply.ApplyOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the daemon runs.
 *
 * @param httpPort            health and metrics port (0: any free port)
 * @param reloadInterval      how often the scenario files (and due feeds) are re-read
 * @param resyncInterval      how often the job store is reconciled even when nothing changed (the planning horizon
 *                            moves on, recurring releases come due)
 * @param calendarUrls        iCalendar feeds whose events join the calendar
 * @param calendarUrlInterval how often each feed is fetched
 * @param shutdownGrace       how long a stop waits for running actions before abandoning them
 * @param apply               how actions apply (dry run, parallelism, call timeout)
 * @param auditLog            the apply audit log (JSON lines)
 */
public record DaemonConfig(Path scenarioDir, StoreSpec store, StoreSettings storeSettings, int httpPort,
                           Duration reloadInterval, Duration resyncInterval, List<URI> calendarUrls,
                           Duration calendarUrlInterval, JobSchedule.Settings schedule, Duration shutdownGrace,
                           ApplyOptions apply, Path auditLog, boolean jsonLog) {
    public static final int DEFAULT_HTTP_PORT = 9464;

    public DaemonConfig {
        Objects.requireNonNull(scenarioDir, "scenarioDir");
        Objects.requireNonNull(store, "store");
        calendarUrls = List.copyOf(calendarUrls);
        if (reloadInterval.toMillis() < 100) {
            throw new IllegalArgumentException("reloadInterval must be at least 100ms, got " + reloadInterval);
        }
    }

    /** The defaults: embedded store, port 9464, re-read every 30 s, reconcile at least every 10 min, 45 s to stop. */
    public static DaemonConfig defaults(Path scenarioDir) {
        return new DaemonConfig(scenarioDir, StoreSpec.defaultStore(), StoreSettings.DEFAULT, DEFAULT_HTTP_PORT,
                Duration.ofSeconds(30), Duration.ofMinutes(10), List.of(), Duration.ofMinutes(5), JobSchedule.Settings.DEFAULT,
                Duration.ofSeconds(45), new ApplyOptions(false, ApplyOptions.DEFAULT_PARALLELISM, Duration.ofSeconds(30)),
                Path.of(".prescale", "audit.jsonl"), false);
    }

    public DaemonConfig withStore(StoreSpec s) {
        return new DaemonConfig(scenarioDir, s, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withStoreSettings(StoreSettings s) {
        return new DaemonConfig(scenarioDir, store, s, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withHttpPort(int p) {
        return new DaemonConfig(scenarioDir, store, storeSettings, p, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withReloadInterval(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, d, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withResyncInterval(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, d, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withCalendarUrls(List<URI> urls, Duration interval) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, urls,
                interval, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withSchedule(JobSchedule.Settings s) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, s, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withShutdownGrace(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, d, apply, auditLog, jsonLog);
    }

    public DaemonConfig withApply(ApplyOptions a) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, a, auditLog, jsonLog);
    }

    public DaemonConfig withAuditLog(Path p) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, p, jsonLog);
    }

    /** The daemon's log as JSON lines ({@code time}, {@code level}, {@code message}) for a log pipeline. */
    public DaemonConfig withJsonLog(boolean json) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, schedule, shutdownGrace, apply, auditLog, json);
    }
}
