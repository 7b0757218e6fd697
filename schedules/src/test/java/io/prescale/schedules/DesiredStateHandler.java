package io.prescale.schedules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A FakeProvider-like target in the shared database, for the cluster test: each action sets resource
 * {@code data.resource} to {@code data.units} (a desired state, never a delta), taking a while like a cloud call.
 * {@code FAKE_CAPACITY.WRITES} counts real changes; {@code EFFECT_CALLS} counts every time the handler was entered,
 * so the test can tell the execution records stopped a duplicate before it reached the handler.
 */
final class DesiredStateHandler implements ActionHandler {
    static final long CALL_MILLIS = 350;
    private final DataSource ds;
    private final String instance;

    DesiredStateHandler(DataSource ds, String instance) {
        this.ds = ds;
        this.instance = instance;
    }

    static void createTables(DataSource ds, int resources) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE FAKE_CAPACITY (RESOURCE VARCHAR(100) PRIMARY KEY, UNITS INTEGER NOT NULL, "
                    + "WRITES INTEGER NOT NULL)");
            st.execute("CREATE TABLE EFFECT_CALLS (EXECUTION_KEY VARCHAR(500) NOT NULL, INSTANCE_ID VARCHAR(200) NOT NULL, "
                    + "CALLED_AT BIGINT NOT NULL)");
            for (int i = 0; i < resources; i++) {
                st.execute("INSERT INTO FAKE_CAPACITY VALUES ('r-" + i + "', 0, 0)");
            }
        }
    }

    @Override
    public ActionOutcome run(ScheduledAction a, Instant now) throws InterruptedException {
        String resource = a.data().get("resource");
        int units = Integer.parseInt(a.data().get("units"));
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO EFFECT_CALLS VALUES (?,?,?)")) {
                ps.setString(1, a.executionKey());
                ps.setString(2, instance);
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            int before;
            try (PreparedStatement ps = c.prepareStatement("SELECT UNITS FROM FAKE_CAPACITY WHERE RESOURCE = ?")) {
                ps.setString(1, resource);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    before = rs.getInt(1);
                }
            }
            Thread.sleep(CALL_MILLIS); // the cloud call: a SIGKILL may land here ...
            if (before == units) {
                return ActionOutcome.done("UNCHANGED " + resource + " " + units);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE FAKE_CAPACITY SET UNITS = ?, WRITES = WRITES + 1 WHERE RESOURCE = ? AND UNITS <> ?")) {
                ps.setInt(1, units);
                ps.setString(2, resource);
                ps.setInt(3, units);
                ps.executeUpdate();
            }
            Thread.sleep(CALL_MILLIS); // ... or here, after the effect and before the record says DONE
            return ActionOutcome.done("APPLIED " + resource + " " + before + " -> " + units);
        } catch (SQLException e) {
            return ActionOutcome.failed(e.getMessage());
        }
    }
}
