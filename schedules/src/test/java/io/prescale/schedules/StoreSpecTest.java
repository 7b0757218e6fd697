package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Job store specs and the Quartz configuration each gets. */
class StoreSpecTest {
    @Test
    void parse_h2Folder() {
        assertEquals(new StoreSpec.H2(Path.of("/var/lib/prescale/scheduler")), StoreSpec.parse("h2:/var/lib/prescale/scheduler"));
        assertTrue(StoreSpec.parse("h2:~/x").jdbcUrl().startsWith("jdbc:h2:file:" + System.getProperty("user.home")));
        assertThrows(IllegalArgumentException.class, () -> StoreSpec.parse("postgres://db"));
    }

    @Test
    void describe_neverShowsAPassword() {
        StoreSpec pg = new StoreSpec.Postgres("jdbc:postgresql://db:5432/prescale?password=hunter2&ssl=true",
                Optional.of("prescale"), Optional.of("hunter2"));

        assertEquals("jdbc:postgresql://db:5432/prescale?...", pg.describe());
        assertFalse(pg.toString().contains("hunter2"));
        assertEquals("jdbc:postgresql://db/x", StoreSpec.redact("jdbc:postgresql://u:p@db/x"));
    }

    @Test
    void properties_postgres_clusteredAgainstDuplicateFires() {
        Properties p = SchedulerStore.properties(new StoreSpec.Postgres("jdbc:postgresql://db/x", Optional.empty(),
                Optional.empty()), StoreSettings.DEFAULT.withCheckinInterval(Duration.ofMillis(7500)), "ds");

        assertEquals("true", p.getProperty("org.quartz.jobStore.isClustered"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.acquireTriggersWithinLock"));
        assertEquals("AUTO", p.getProperty("org.quartz.scheduler.instanceId"));
        assertEquals("7500", p.getProperty("org.quartz.jobStore.clusterCheckinInterval"));
        assertEquals("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", p.getProperty("org.quartz.jobStore.driverDelegateClass"));
        assertEquals("1", p.getProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.useProperties"));
    }

    @Test
    void properties_h2_oneInstanceWithAFixedIdSoARestartRecoversItsJobs() {
        Properties p = SchedulerStore.properties(new StoreSpec.H2(Path.of("x")), StoreSettings.DEFAULT, "ds");

        assertEquals("false", p.getProperty("org.quartz.jobStore.isClustered"));
        assertEquals("local", p.getProperty("org.quartz.scheduler.instanceId"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.useDBLocks"));
    }
}
