package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Three scheduler instances in separate JVMs share one real PostgreSQL job store (started by the test: nothing to
 * install). 30 actions fire a few hundred milliseconds apart; one instance is SIGKILLed while it is carrying out an
 * action. Every action must take effect exactly once and none may be lost: the survivors fire what the dead one
 * had acquired, Quartz recovers the action it was running, and the execution records make that recovery complete
 * the action without a second effect. Three actions are also fired a second time through extra triggers (a
 * duplicate fire): the execution records stop those before they reach the action.
 */
class ClusterTest {
    static final int ACTIONS = 30;
    static final String GROUP = "cluster-test";

    @TempDir
    Path tmp;

    @Test
    void cluster_threeInstancesOneKilledMidRun_everyActionTakesEffectExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            StoreSpec spec = new StoreSpec.Postgres(url, Optional.of("postgres"), Optional.of("postgres"));
            DataSource ds = pg.getPostgresDatabase();
            List<Process> nodes = new ArrayList<>();
            try (SchedulerStore admin = SchedulerStore.open(spec, StoreSettings.DEFAULT.withInstanceId("test-admin"))) {
                DesiredStateHandler.createTables(ds, ACTIONS);
                for (int i = 1; i <= 3; i++) {
                    nodes.add(node(url, "node-" + i));
                }
                awaitTrue(() -> count(ds, "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE") == 3, Duration.ofSeconds(30),
                        "three instances checked in");
                Instant first = Instant.now().plusSeconds(3);
                schedule(admin.scheduler(), first);

                // kill node-2 while it is carrying out an action, after the cluster has done a few
                awaitTrue(() -> count(ds, "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE STATE = 'DONE'") >= 6
                        && count(ds, "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE STATE = 'RUNNING' AND INSTANCE_ID = 'node-2'") == 1,
                        Duration.ofSeconds(40), "node-2 running an action mid-run");
                String inFlight = string(ds, "SELECT EXECUTION_KEY FROM PRESCALE_EXECUTIONS WHERE STATE = 'RUNNING' "
                        + "AND INSTANCE_ID = 'node-2'");
                nodes.get(1).destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean-up
                nodes.get(1).waitFor();

                awaitTrue(() -> count(ds, "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE STATE = 'DONE'") == ACTIONS
                                && count(ds, "SELECT COUNT(*) FROM QRTZ_TRIGGERS") == 0,
                        Duration.ofSeconds(45), "every action done and every trigger fired");

                // every action took effect exactly once, none lost
                Map<String, int[]> capacity = capacity(ds);
                for (int i = 0; i < ACTIONS; i++) {
                    assertEquals(i + 1, capacity.get("r-" + i)[0], "r-" + i + " set to its desired state");
                    assertEquals(1, capacity.get("r-" + i)[1], "r-" + i + " changed exactly once");
                }
                // the action node-2 was running was completed by another instance, taking it over
                ExecutionStore.Execution recovered = admin.executions().find(inFlight).orElseThrow();
                assertEquals(ExecutionState.DONE, recovered.state());
                assertEquals(2, recovered.attempts(), recovered.toString());
                assertNotEquals("node-2", recovered.instanceId());
                // the handler was entered once per action (twice at most for the one interrupted by the kill):
                // duplicate fires never reached it
                Map<String, Integer> calls = calls(ds);
                for (Map.Entry<String, Integer> e : calls.entrySet()) {
                    assertEquals(e.getKey().equals(inFlight) ? 2 : 1, e.getValue(), e.getKey());
                }
                assertEquals(ACTIONS, calls.size());
                Set<String> doers = new HashSet<>();
                admin.executions().history(GROUP, Optional.empty(), 100).forEach(e -> doers.add(e.instanceId()));
                assertTrue(doers.containsAll(Set.of("node-1", "node-3")), "the work is shared: " + doers);
                String logs = Files.readString(tmp.resolve("node-1.log")) + Files.readString(tmp.resolve("node-3.log"));
                assertTrue(logs.contains("duplicate fire of " + GROUP + "/action-0@"), logs);
                assertTrue(logs.contains("taken over from node-2 (running); completing it"), logs);
            } finally {
                stop(nodes);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("ClusterTest took " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "the cluster test stays under a minute: " + took);
    }

    /** 30 actions a few hundred milliseconds apart, and a second trigger for three of them after the last (a duplicate). */
    static void schedule(Scheduler s, Instant first) throws Exception {
        for (int i = 0; i < ACTIONS; i++) {
            Instant at = first.plusMillis(i * 400L);
            DesiredJob.OneShot d = new DesiredJob.OneShot("action-" + i, JobKind.SCALE_OUT, at, Optional.empty(),
                    Optional.empty(), Optional.empty(), at.plus(Duration.ofHours(1)), "cluster test action " + i);
            JobDetail job = Triggers.job(GROUP, d);
            List<Trigger> triggers = new ArrayList<>(List.of(trigger(d, "t-" + i, at)));
            if (i < 3) {
                triggers.add(trigger(d, "dup-" + i, first.plusMillis(ACTIONS * 400L + 500)));
            }
            s.scheduleJob(job, Set.copyOf(triggers), false);
        }
    }

    static Trigger trigger(DesiredJob.OneShot d, String name, Instant at) {
        JobDataMap data = new JobDataMap();
        d.data().forEach(data::put);
        int i = Integer.parseInt(d.name().substring("action-".length()));
        data.put("resource", "r-" + i);
        data.put("units", String.valueOf(i + 1));
        return TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(d.name(), GROUP).usingJobData(data)
                .startAt(Date.from(at)).withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withMisfireHandlingInstructionFireNow()).build();
    }

    Process node(String url, String id) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SchedulerNodeMain.class.getName(), url, id, "2000");
        pb.environment().put("PRESCALE_DB_USER", "postgres");
        pb.environment().put("PRESCALE_DB_PASSWORD", "postgres");
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(id + ".log").toFile());
        return pb.start();
    }

    /** Stops the node processes: SIGTERM, then a kill for any still running 15 s later. */
    static void stop(List<Process> nodes) throws InterruptedException {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static void awaitTrue(BooleanSupplier c, Duration d, String what) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String string(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Map<String, int[]> capacity(DataSource ds) throws SQLException {
        Map<String, int[]> m = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT RESOURCE, UNITS, WRITES FROM FAKE_CAPACITY")) {
            while (rs.next()) {
                m.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)});
            }
        }
        return m;
    }

    static Map<String, Integer> calls(DataSource ds) throws SQLException {
        Map<String, Integer> m = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT EXECUTION_KEY, COUNT(*) FROM EFFECT_CALLS GROUP BY EXECUTION_KEY")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getInt(2));
            }
        }
        return m;
    }
}
