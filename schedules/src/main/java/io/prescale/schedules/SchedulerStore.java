package io.prescale.schedules;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * A Quartz scheduler on a JDBC job store, and the connection pool it shares with the execution records, so that
 * "who acts" is decided in the database that holds the triggers.
 * <p>
 * The embedded store is H2 in file mode ({@code JobStoreTX}, schema from Quartz's {@code tables_h2.sql} on first
 * start). PostgreSQL runs in clustered mode, configured against Quartz's known duplicate-fire problems
 * (quartz-scheduler/quartz #29, #106, #548, #847): triggers are acquired under the {@code TRIGGER_ACCESS} row lock
 * ({@code acquireTriggersWithinLock}), one at a time, every process has its own instance id, and instances check
 * in every few seconds so a dead one's jobs are recovered quickly ({@code requestsRecovery} on every job). Clock
 * skew and a node that comes back after losing its connection can still fire a trigger twice: the execution
 * records ({@link ExecutionStore}) make that second fire change nothing.
 */
public final class SchedulerStore implements AutoCloseable {
    /** Quartz's SCHED_NAME: every daemon and every {@code prescale schedule} command of a store shares it. */
    public static final String SCHEDULER_NAME = "prescale";
    /** The embedded store's fixed instance id: a restarted daemon recovers what it was running when it stopped. */
    static final String LOCAL_INSTANCE = "local";
    private static final String TABLE_PREFIX = "QRTZ_";
    /** Serialises schema creation between daemons starting together on an empty PostgreSQL database. */
    private static final long SCHEMA_LOCK = 0x70726573L;
    /** Quartz looks schedulers up by name in a JVM-wide repository; creating one must not race another. */
    private static final Object FACTORY_LOCK = new Object();

    private final StoreSpec spec;
    private final StoreSettings settings;
    private final HikariDataSource dataSource;
    private final Scheduler scheduler;
    private final ExecutionStore executions;
    private final String instanceId;

    private SchedulerStore(StoreSpec spec, StoreSettings settings, HikariDataSource dataSource, Scheduler scheduler,
                           String instanceId) {
        this.spec = spec;
        this.settings = settings;
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.instanceId = instanceId;
        String runId = UUID.randomUUID().toString();
        this.executions = new ExecutionStore(dataSource, instanceId, runId, spec.clustered()
                ? owner -> clusterMemberAlive(owner.instanceId())
                : owner -> owner.runId().equals(runId));
    }

    /**
     * Opens the store, creating its tables when missing, and a scheduler on it that is not started: the daemon sets
     * its job factory ({@link JobRuntime}) and starts it, the {@code prescale schedule} commands only read and
     * change triggers.
     */
    public static SchedulerStore open(StoreSpec spec, StoreSettings settings) {
        HikariDataSource ds = dataSource(spec, settings.threads() + 4);
        try {
            ensureSchema(ds, spec);
            String dsName = "prescale-" + UUID.randomUUID();
            // Quartz finds data sources by name in a JVM-wide manager; a unique name per store keeps stores apart.
            DBConnectionManager.getInstance().addConnectionProvider(dsName, new Provider(ds));
            Scheduler s = create(properties(spec, settings, dsName));
            return new SchedulerStore(spec, settings, ds, s, s.getSchedulerInstanceId());
        } catch (SchedulerException | RuntimeException e) {
            ds.close();
            throw new ScheduleException("open job store " + spec.describe() + ": " + e.getMessage(), e);
        }
    }

    static Properties properties(StoreSpec spec, StoreSettings settings, String dsName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", spec.clustered() ? settings.instanceId() : LOCAL_INSTANCE);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // how long an idle instance waits before looking for due triggers again: it also bounds how late a trigger
        // added by another process (`prescale schedule resume`, another daemon's reconcile) may be noticed
        p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        // one trigger per acquisition: a node never holds triggers it will not fire soon
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "1");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "prescale-job");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", spec instanceof StoreSpec.Postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
        // job data as string properties, never serialized Java objects
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(settings.misfireThreshold().toMillis()));
        // row locks in the database even for the embedded store, so `prescale schedule pause` from another process
        // is serialised with the daemon's own trigger updates
        p.setProperty("org.quartz.jobStore.useDBLocks", "true");
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(spec.clustered()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.checkinInterval().toMillis()));
        // acquire and fire under the TRIGGER_ACCESS lock (quartz #29, #106): two nodes never take one trigger
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    private static Scheduler create(Properties p) throws SchedulerException {
        synchronized (FACTORY_LOCK) {
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            // Unbind it from Quartz's JVM-wide repository so another store (a test's second node, the CLI next to
            // a daemon) can create its own scheduler with the same SCHED_NAME: they meet in the database, not here.
            SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
            return s;
        }
    }

    private static HikariDataSource dataSource(StoreSpec spec, int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(spec.jdbcUrl());
        c.setPoolName("prescale-store");
        c.setMaximumPoolSize(poolSize);
        c.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        c.setInitializationFailTimeout(-1);
        switch (spec) {
            case StoreSpec.H2 h2 -> {
                try {
                    Files.createDirectories(h2.dir());
                } catch (IOException e) {
                    throw new ScheduleException("cannot create the job store folder " + h2.dir(), e);
                }
                c.setUsername("sa");
                c.setPassword("");
            }
            case StoreSpec.Postgres pg -> {
                pg.user().ifPresent(c::setUsername);
                pg.password().ifPresent(c::setPassword);
            }
        }
        return new HikariDataSource(c);
    }

    /** How long opening the store waits for a database connection. */
    static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);

    /** Why a connection could not be made, from the innermost cause: "connection refused", "unknown host db". */
    static String unreachable(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e) {
            return "no answer";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        String m = root.getMessage();
        if (m != null && !m.isBlank()) {
            return m.toLowerCase(Locale.ROOT);
        }
        // H2 reading a store file cut short (a disk that filled, a copy interrupted) says only "EOFException"
        return root instanceof java.io.EOFException ? "the file ends too soon (cut short, or not what it should be)"
                : root.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    /** Quartz's tables from the script in its jar, and prescale's execution records, when missing. */
    static void ensureSchema(DataSource ds, StoreSpec spec) {
        boolean pg = spec instanceof StoreSpec.Postgres;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (pg) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                    }
                }
                if (!tableExists(c, TABLE_PREFIX + "LOCKS")) {
                    for (String sql : statements(pg ? "tables_postgres.sql" : "tables_h2.sql", pg)) {
                        try (Statement st = c.createStatement()) {
                            st.execute(sql);
                        }
                    }
                }
                ExecutionStore.createTable(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (java.sql.SQLTransientConnectionException e) {
            if (!pg) { // an embedded store is not reached over a network: its own words say why (a lock, a file)
                throw new ScheduleException("open the job store in " + spec.describe() + ": " + unreachable(e), e);
            }
            // the pool's own words ("prescale-store - Connection is not available, request timed out after
            // 10003ms (total=0, ...)") say nothing the user can act on: what could not be reached, and why
            throw new ScheduleException("cannot reach it within " + CONNECTION_TIMEOUT.toSeconds() + " s: "
                    + unreachable(e), e);
        } catch (SQLException e) {
            throw new ScheduleException("create the job store's tables in " + spec.describe() + ": " + e.getMessage(), e);
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of(table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The statements of a Quartz schema script from its jar. Comments and COMMIT are left out (the caller commits);
     * the PostgreSQL script's DROP TABLEs are left out too, as the schema is only created when missing. H2 2.x no
     * longer knows SQL Server's {@code IMAGE} type the H2 script uses: it becomes {@code BLOB}.
     */
    static List<String> statements(String script, boolean postgres) {
        String text;
        try (InputStream in = org.quartz.impl.jdbcjobstore.JobStoreSupport.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new ScheduleException("Quartz's " + script + " is not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScheduleException("read Quartz's " + script + ": " + e.getMessage(), e);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";")) {
            String sql = s.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (sql.isEmpty() || upper.equals("COMMIT") || upper.startsWith("DROP TABLE")) {
                continue;
            }
            if (!postgres) {
                sql = sql.replaceAll("(?i)\\bIMAGE\\b", "BLOB");
            }
            out.add(sql);
        }
        return out;
    }

    /** Whether a clustered instance checks in, by the rule Quartz uses to declare it failed (+7.5 s of grace). */
    private boolean clusterMemberAlive(String instance) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM " + TABLE_PREFIX
                     + "SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")) {
            ps.setString(1, SCHEDULER_NAME);
            ps.setString(2, instance);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                return System.currentTimeMillis() <= rs.getLong(1) + rs.getLong(2) + 7_500;
            }
        } catch (SQLException e) {
            // when in doubt the owner is alive: better a skipped duplicate than a second effect
            return true;
        }
    }

    /** Whether the store answers a query within two seconds (readiness). */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ExecutionStore executions() {
        return executions;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String instanceId() {
        return instanceId;
    }

    public StoreSpec spec() {
        return spec;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Shuts the scheduler down without waiting (callers wanting a graceful stop wait first) and closes the pool. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(false);
            }
        } catch (SchedulerException e) {
            // closing anyway
        } finally {
            dataSource.close();
        }
    }

    /** Hands Quartz connections from the shared pool; the pool is closed by the store, not by Quartz. */
    private record Provider(DataSource ds) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return ds.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
