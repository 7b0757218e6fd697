package io.prescale.schedules;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.providers.aws.FakeAutoScaling;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three scheduler instances in their own JVMs, sharing a real PostgreSQL job store, carry out 30 pre-scales through
 * the real apply path (apply engine, {@code aws-asg} provider, AWS SDK client) against one stateful Auto Scaling fake;
 * node-3's clock runs 30 s ahead; node-2 is SIGKILLed while its write is on the wire, and three actions are fired
 * twice. "Changed exactly once" is measured on the groups themselves: each ends at its units, with one change of
 * desired capacity.
 */
class ClusterApplyTest {
    static final int ACTIONS = ClusterTest.ACTIONS;

    @TempDir
    Path tmp;

    @Test
    void cluster_realApplyOnThreeNodesOneKilledOneClockSkewed_eachGroupChangedExactlyOnce() throws Exception {
        FakeAutoScaling fake = new FakeAutoScaling();
        WireMockServer aws = new WireMockServer(wireMockConfig().dynamicPort().extensions(fake));
        aws.start();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            aws.stubFor(FakeAutoScaling.answersAll());
            // a write takes effect at once and its answer comes 300 ms later: a kill can land in between
            aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=UpdateAutoScalingGroup&"))
                    .atPriority(5).willReturn(aResponse().withTransformers(FakeAutoScaling.NAME).withFixedDelay(300)));
            for (int i = 0; i < ACTIONS; i++) {
                fake.put("r-" + i, 0, 1000, 0, Map.of());
            }
            String url = pg.getJdbcUrl("postgres", "postgres");
            StoreSpec spec = new StoreSpec.Postgres(url, Optional.of("postgres"), Optional.of("postgres"));
            DataSource ds = pg.getPostgresDatabase();
            List<Process> nodes = new ArrayList<>();
            try (SchedulerStore admin = SchedulerStore.open(spec, StoreSettings.DEFAULT.withInstanceId("test-admin"))) {
                for (int i = 1; i <= 3; i++) {
                    nodes.add(node(url, "node-" + i, aws.baseUrl(), i == 3 ? 30 : 0));
                }
                ClusterTest.awaitTrue(() -> ClusterTest.count(ds, "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE") == 3,
                        Duration.ofSeconds(30), "three instances checked in");
                ClusterTest.schedule(admin.scheduler(), Instant.now().plusSeconds(3));

                // whichever of node-1 and node-2 is caught mid-write is killed (node-3 keeps its skewed clock): on a
                // loaded machine one node can take every action for a while, so waiting for a given one is a race
                String running = "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE STATE = 'RUNNING' AND INSTANCE_ID = ";
                ClusterTest.awaitTrue(() -> ClusterTest.count(ds, "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE "
                        + "STATE = 'DONE'") >= 6 && (ClusterTest.count(ds, running + "'node-1'") == 1
                        || ClusterTest.count(ds, running + "'node-2'") == 1), Duration.ofSeconds(90),
                        "node-1 or node-2 running an action mid-run");
                Process victim = nodes.get(ClusterTest.count(ds, running + "'node-2'") == 1 ? 1 : 0);
                victim.destroyForcibly();
                victim.waitFor();

                ClusterTest.awaitTrue(() -> ClusterTest.count(ds, "SELECT COUNT(*) FROM PRESCALE_EXECUTIONS WHERE "
                        + "STATE = 'DONE'") == ACTIONS && ClusterTest.count(ds, "SELECT COUNT(*) FROM QRTZ_TRIGGERS") == 0,
                        Duration.ofSeconds(60), "every action done and every trigger fired");

                // on the groups themselves: each at its units, changed exactly once, none lost
                for (int i = 0; i < ACTIONS; i++) {
                    FakeAutoScaling.Group g = fake.groups.get("r-" + i);
                    assertEquals(i + 1, g.desired, "r-" + i + " at its desired state");
                    assertEquals(1, g.writes, "r-" + i + " changed exactly once");
                    assertEquals("0", g.tags.get("prescale:baseline-min"), "r-" + i + " baseline saved");
                }
                Set<String> doers = new HashSet<>();
                admin.executions().history(ClusterTest.GROUP, Optional.empty(), 100)
                        .forEach(e -> doers.add(e.instanceId()));
                assertTrue(doers.contains("node-3"), "the node with the skewed clock took its share: " + doers);
            } finally {
                ClusterTest.stop(nodes);
            }
        } finally {
            aws.stop();
        }
    }

    Process node(String url, String id, String endpoint, int skewSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SchedulerNodeMain.class.getName(), url, id, "2000", endpoint, Integer.toString(skewSeconds));
        pb.environment().put("PRESCALE_DB_USER", "postgres");
        pb.environment().put("PRESCALE_DB_PASSWORD", "postgres");
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "cluster-test-secret");
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(id + ".log").toFile());
        return pb.start();
    }
}
