package io.prescale.schedules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * One row per execution of a scheduled action, in the job store's own database: the key is the job and the
 * instant it was meant for ({@code prescale/event/FINAL/edge/scale-out@2026-07-19T18:40:00Z}). The row is
 * inserted before the action has any effect, and the insert decides who acts: of two fires of the same trigger
 * (clock skew, a node that lost its connection and came back, a recovered job) only the one whose insert succeeds
 * carries it out. A row left RUNNING by an instance that died is taken over by exactly one other (a conditional
 * update), which completes the action; since every action sets a desired state, completing a half-done one is safe
 * and repeating a done one is never attempted.
 */
public final class ExecutionStore {
    static final String TABLE = "PRESCALE_EXECUTIONS";
    /** A new execution row, fired by this instance: the columns {@link #bindInsert} fills, then ATTEMPTS. */
    private static final String INSERT = "INSERT INTO " + TABLE + " (EXECUTION_KEY, JOB_GROUP, JOB_NAME, SCHEDULED_FOR, "
            + "FIRED_AT, INSTANCE_ID, RUN_ID, STATE, ATTEMPTS";

    /** Who holds a running execution: the Quartz instance and the process run. */
    public record Owner(String instanceId, String runId) {
    }

    /** What a fire may do. */
    public enum ClaimKind {
        /** First to claim it: carry it out. */
        OWNED,
        /** Its owner died mid-way: carry it out (again; desired states make that safe). */
        TAKEN_OVER,
        /** Already done, or being done by a live instance: do nothing. */
        DUPLICATE
    }

    public record Claim(ClaimKind kind, String detail) {
        public boolean acts() {
            return kind != ClaimKind.DUPLICATE;
        }
    }

    /** One execution as recorded. */
    public record Execution(String key, String group, String name, Instant scheduledFor, Instant firedAt,
                            String instanceId, ExecutionState state, int attempts, Optional<Instant> finishedAt,
                            String result) {
    }

    private final DataSource ds;
    private final String instanceId;
    private final String runId;
    private final Predicate<Owner> alive;

    ExecutionStore(DataSource ds, String instanceId, String runId, Predicate<Owner> alive) {
        this.ds = ds;
        this.instanceId = instanceId;
        this.runId = runId;
        this.alive = alive;
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "EXECUTION_KEY VARCHAR(500) NOT NULL PRIMARY KEY, "
                    + "JOB_GROUP VARCHAR(200) NOT NULL, "
                    + "JOB_NAME VARCHAR(200) NOT NULL, "
                    + "SCHEDULED_FOR BIGINT NOT NULL, "
                    + "FIRED_AT BIGINT NOT NULL, "
                    + "INSTANCE_ID VARCHAR(200) NOT NULL, "
                    + "RUN_ID VARCHAR(64) NOT NULL, "
                    + "STATE VARCHAR(16) NOT NULL, "
                    + "ATTEMPTS INTEGER NOT NULL, "
                    + "FINISHED_AT BIGINT, "
                    + "RESULT VARCHAR(2000))");
            st.execute("CREATE INDEX IF NOT EXISTS IDX_PRESCALE_EXEC_JOB ON " + TABLE + " (JOB_GROUP, JOB_NAME)");
        }
    }

    /** {@code group/name@instant}: the same trigger fired twice for the same instant gives the same key. */
    public static String key(String group, String name, Instant intended) {
        return group + "/" + name + "@" + intended;
    }

    /** Claims the execution before any effect; only a claim that {@link Claim#acts()} may go on. */
    public Claim claim(String key, String group, String name, Instant scheduledFor, Instant now) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(INSERT + ") VALUES (?,?,?,?,?,?,?,?,1)")) {
                bindInsert(ps, key, group, name, scheduledFor, now, ExecutionState.RUNNING);
                ps.executeUpdate();
                return new Claim(ClaimKind.OWNED, "claimed by " + instanceId);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            // someone recorded it first
            String state;
            Owner owner;
            try (PreparedStatement ps = c.prepareStatement("SELECT STATE, INSTANCE_ID, RUN_ID FROM " + TABLE
                    + " WHERE EXECUTION_KEY = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Claim(ClaimKind.DUPLICATE, "recorded and removed meanwhile");
                    }
                    state = rs.getString(1);
                    owner = new Owner(rs.getString(2), rs.getString(3));
                }
            }
            ExecutionState s = ExecutionState.valueOf(state);
            if (s.settled()) {
                return new Claim(ClaimKind.DUPLICATE, "already " + s + " by " + owner.instanceId());
            }
            if (s == ExecutionState.RUNNING && (owner.runId().equals(runId) || alive.test(owner))) {
                return new Claim(ClaimKind.DUPLICATE, "running on " + owner.instanceId());
            }
            // RUNNING on a dead instance, or ABANDONED: exactly one taker wins the conditional update
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET INSTANCE_ID = ?, RUN_ID = ?, "
                    + "STATE = ?, FIRED_AT = ?, ATTEMPTS = ATTEMPTS + 1 WHERE EXECUTION_KEY = ? AND STATE = ? AND RUN_ID = ?")) {
                ps.setString(1, instanceId);
                ps.setString(2, runId);
                ps.setString(3, ExecutionState.RUNNING.name());
                ps.setLong(4, now.toEpochMilli());
                ps.setString(5, key);
                ps.setString(6, state);
                ps.setString(7, owner.runId());
                if (ps.executeUpdate() == 1) {
                    return new Claim(ClaimKind.TAKEN_OVER, "taken over from " + owner.instanceId() + " ("
                            + s.name().toLowerCase() + ")");
                }
            }
            return new Claim(ClaimKind.DUPLICATE, "taken over by another instance");
        } catch (SQLException e) {
            throw new ScheduleException("record execution " + key + ": " + e.getMessage(), e);
        }
    }

    /** Records the outcome of an execution this process holds; false when another instance took it over meanwhile. */
    public boolean finish(String key, ExecutionState state, String result, Instant now) {
        if (state == ExecutionState.RUNNING) {
            throw new IllegalArgumentException("finish with a final state, not " + state);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET STATE = ?, RESULT = ?, FINISHED_AT = ? "
                     + "WHERE EXECUTION_KEY = ? AND RUN_ID = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, state.name());
            ps.setString(2, result.length() > 2000 ? result.substring(0, 1997) + "..." : result);
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, key);
            ps.setString(5, runId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new ScheduleException("record the outcome of " + key + ": " + e.getMessage(), e);
        }
    }

    private void bindInsert(PreparedStatement ps, String key, String group, String name, Instant scheduledFor,
                            Instant now, ExecutionState state) throws SQLException {
        ps.setString(1, key);
        ps.setString(2, group);
        ps.setString(3, name);
        ps.setLong(4, scheduledFor.toEpochMilli());
        ps.setLong(5, now.toEpochMilli());
        ps.setString(6, instanceId);
        ps.setString(7, runId);
        ps.setString(8, state.name());
    }

    /**
     * Records a cancellation when the execution is not recorded yet: a later fire for this instant finds it settled
     * and does nothing. Never takes over a running execution.
     *
     * @return false when the execution was already recorded (ran, running, or cancelled before)
     */
    public boolean cancel(String key, String group, String name, Instant scheduledFor, Instant now, String why) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(INSERT + ", FINISHED_AT, RESULT) VALUES (?,?,?,?,?,?,?,?,0,?,?)")) {
            c.setAutoCommit(true);
            bindInsert(ps, key, group, name, scheduledFor, now, ExecutionState.CANCELLED);
            ps.setLong(9, now.toEpochMilli());
            ps.setString(10, why);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw new ScheduleException("cancel " + key + ": " + e.getMessage(), e);
        }
    }

    /** Keys of the group's executions for instants at or after {@code since} that a new trigger must not repeat. */
    public Set<String> recordedSince(String group, Instant since) {
        Set<String> out = new HashSet<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT EXECUTION_KEY FROM " + TABLE
                     + " WHERE JOB_GROUP = ? AND SCHEDULED_FOR >= ? AND STATE <> ?")) {
            ps.setString(1, group);
            ps.setLong(2, since.toEpochMilli());
            ps.setString(3, ExecutionState.ABANDONED.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new ScheduleException("read executions of " + group + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The executions of one job (or, with an empty name, of a group), latest first. */
    public List<Execution> history(String group, Optional<String> name, int limit) {
        List<Execution> out = new ArrayList<>();
        String sql = "SELECT EXECUTION_KEY, JOB_GROUP, JOB_NAME, SCHEDULED_FOR, FIRED_AT, INSTANCE_ID, STATE, ATTEMPTS, "
                + "FINISHED_AT, RESULT FROM " + TABLE + " WHERE JOB_GROUP = ?" + (name.isPresent() ? " AND JOB_NAME = ?" : "")
                + " ORDER BY SCHEDULED_FOR DESC, FIRED_AT DESC";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, group);
            if (name.isPresent()) {
                ps.setString(2, name.get());
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long fin = rs.getLong(9);
                    Optional<Instant> finished = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(fin));
                    out.add(new Execution(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6),
                            ExecutionState.valueOf(rs.getString(7)), rs.getInt(8), finished,
                            rs.getString(10) == null ? "" : rs.getString(10)));
                }
            }
        } catch (SQLException e) {
            throw new ScheduleException("read executions of " + group + ": " + e.getMessage(), e);
        }
        return out;
    }

    public Optional<Execution> find(String key) {
        String sql = "SELECT JOB_GROUP, JOB_NAME FROM " + TABLE + " WHERE EXECUTION_KEY = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String group = rs.getString(1);
                String name = rs.getString(2);
                return history(group, Optional.of(name), 1000).stream().filter(e -> e.key().equals(key)).findFirst();
            }
        } catch (SQLException e) {
            throw new ScheduleException("read execution " + key + ": " + e.getMessage(), e);
        }
    }

    String instanceId() {
        return instanceId;
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof java.sql.SQLIntegrityConstraintViolationException
                    || (x.getSQLState() != null && x.getSQLState().equals("23505"))) {
                return true;
            }
        }
        return false;
    }
}
