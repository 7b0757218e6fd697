package io.prescale.schedules;

import io.prescale.providers.apply.ApplyOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the daemon runs.
 *
 * @param httpPort            health and metrics port (0: any free port)
 * @param reloadInterval      how often the scenario files (and due feeds) are re-read
 * @param resyncInterval      how often the job store is reconciled even when nothing changed (the planning horizon
 *                            moves on, recurring releases come due)
 * @param calendarUrls        calendar feeds (iCalendar, football-data.org or openfootball JSON, CSV) whose events join
 *                            the calendar
 * @param calendarUrlInterval how often each feed is fetched
 * @param calendarHeaders     headers sent with each feed request (an API token such as football-data.org's
 *                            X-Auth-Token, read from the environment; never logged)
 * @param shutdownGrace       how long a stop waits for running actions before abandoning them
 * @param apply               how actions apply (dry run, parallelism, call timeout)
 * @param auditLog            the apply audit log (JSON lines)
 */
public record DaemonConfig(Path scenarioDir, StoreSpec store, StoreSettings storeSettings, int httpPort,
                           Duration reloadInterval, Duration resyncInterval, List<URI> calendarUrls,
                           Duration calendarUrlInterval, Map<String, String> calendarHeaders,
                           JobSchedule.Settings schedule, Duration shutdownGrace,
                           ApplyOptions apply, Path auditLog, boolean jsonLog) {
    public static final int DEFAULT_HTTP_PORT = 9464;

    public DaemonConfig {
        Objects.requireNonNull(scenarioDir, "scenarioDir");
        Objects.requireNonNull(store, "store");
        calendarUrls = List.copyOf(calendarUrls);
        calendarHeaders = calendarHeaders == null ? Map.of() : Map.copyOf(calendarHeaders);
        if (reloadInterval.toMillis() < 100) {
            throw new IllegalArgumentException("reloadInterval must be at least 100ms, got " + reloadInterval);
        }
    }

    /** The defaults: embedded store, port 9464, re-read every 30 s, reconcile at least every 10 min, 45 s to stop. */
    public static DaemonConfig defaults(Path scenarioDir) {
        return new DaemonConfig(scenarioDir, StoreSpec.defaultStore(), StoreSettings.DEFAULT, DEFAULT_HTTP_PORT,
                Duration.ofSeconds(30), Duration.ofMinutes(10), List.of(), Duration.ofMinutes(5), Map.of(), JobSchedule.Settings.DEFAULT,
                Duration.ofSeconds(45), new ApplyOptions(false, ApplyOptions.DEFAULT_PARALLELISM, Duration.ofSeconds(30)),
                Path.of(".prescale", "audit.jsonl"), false);
    }

    public DaemonConfig withStore(StoreSpec s) {
        return new DaemonConfig(scenarioDir, s, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withStoreSettings(StoreSettings s) {
        return new DaemonConfig(scenarioDir, store, s, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withHttpPort(int p) {
        return new DaemonConfig(scenarioDir, store, storeSettings, p, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withReloadInterval(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, d, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withResyncInterval(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, d, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withCalendarUrls(List<URI> urls, Duration interval) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, urls,
                interval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    /** Headers sent with every feed request, e.g. {@code X-Auth-Token} for football-data.org. */
    public DaemonConfig withCalendarHeaders(Map<String, String> headers) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, headers, schedule, shutdownGrace, apply, auditLog, jsonLog);
    }

    /** Without the header values, which may be secrets. */
    @Override
    public String toString() {
        return "DaemonConfig[scenarioDir=" + scenarioDir + ", store=" + store + ", calendarUrls=" + calendarUrls.stream()
                .map(ScenarioSource::redact).toList() + ", calendarHeaders=" + calendarHeaders.keySet() + "]";
    }

    public DaemonConfig withSchedule(JobSchedule.Settings s) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, s, shutdownGrace, apply, auditLog, jsonLog);
    }

    public DaemonConfig withShutdownGrace(Duration d) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, d, apply, auditLog, jsonLog);
    }

    public DaemonConfig withApply(ApplyOptions a) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, a, auditLog, jsonLog);
    }

    public DaemonConfig withAuditLog(Path p) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, p, jsonLog);
    }

    /** The daemon's log as JSON lines ({@code time}, {@code level}, {@code message}) for a log pipeline. */
    public DaemonConfig withJsonLog(boolean json) {
        return new DaemonConfig(scenarioDir, store, storeSettings, httpPort, reloadInterval, resyncInterval, calendarUrls,
                calendarUrlInterval, calendarHeaders, schedule, shutdownGrace, apply, auditLog, json);
    }
}
