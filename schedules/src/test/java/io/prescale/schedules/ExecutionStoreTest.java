package io.prescale.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The execution records decide who acts: one claim wins, duplicates do nothing, dead owners are taken over once. */
class ExecutionStoreTest {
    static final Instant AT = Instant.parse("2030-06-20T18:07:00Z");
    static final String KEY = ExecutionStore.key("cup", "event/FINAL/edge/scale-out", AT);

    @TempDir
    Path tmp;
    SchedulerStore store;

    @BeforeEach
    void open() {
        store = SchedulerStore.open(new StoreSpec.H2(tmp), StoreSettings.DEFAULT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Another process's view of the same table: its own run; owners named "dead", "a" (when not alive) died. */
    ExecutionStore instance(String id, boolean othersAlive) {
        return new ExecutionStore(store.dataSource(), id, id + "-run",
                o -> othersAlive || !(o.instanceId().equals("dead") || o.instanceId().equals("a")));
    }

    List<ExecutionStore.Claim> race(List<ExecutionStore> instances) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService ex = Executors.newFixedThreadPool(instances.size());
        List<Future<ExecutionStore.Claim>> fs = new ArrayList<>();
        for (ExecutionStore e : instances) {
            Callable<ExecutionStore.Claim> c = () -> {
                go.await();
                return e.claim(KEY, "cup", "event/FINAL/edge/scale-out", AT, AT);
            };
            fs.add(ex.submit(c));
        }
        go.countDown();
        List<ExecutionStore.Claim> out = new ArrayList<>();
        for (Future<ExecutionStore.Claim> f : fs) {
            out.add(f.get());
        }
        ex.shutdown();
        return out;
    }

    @Test
    void claim_manyAtOnce_exactlyOneActs() throws Exception {
        List<ExecutionStore> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(instance("node-" + i, true));
        }

        List<ExecutionStore.Claim> claims = race(nodes);

        assertEquals(1, claims.stream().filter(ExecutionStore.Claim::acts).count(), claims.toString());
        assertEquals(7, claims.stream().filter(c -> c.kind() == ExecutionStore.ClaimKind.DUPLICATE).count());
    }

    @Test
    void claim_afterDone_isADuplicate() {
        ExecutionStore a = instance("a", true);
        a.claim(KEY, "cup", "x", AT, AT);
        a.finish(KEY, ExecutionState.DONE, "APPLIED edge 10 -> 63", AT);

        ExecutionStore.Claim again = instance("b", false).claim(KEY, "cup", "x", AT, AT.plusSeconds(3));

        assertEquals(ExecutionStore.ClaimKind.DUPLICATE, again.kind());
        assertTrue(again.detail().contains("already DONE by a"), again.detail());
    }

    @Test
    void claim_runningOnALiveInstance_isADuplicate() {
        instance("a", true).claim(KEY, "cup", "x", AT, AT);

        assertEquals(ExecutionStore.ClaimKind.DUPLICATE, instance("b", true).claim(KEY, "cup", "x", AT, AT).kind());
    }

    @Test
    void claim_runningOnADeadInstance_isTakenOverByExactlyOne() throws Exception {
        instance("dead", true).claim(KEY, "cup", "x", AT, AT);

        List<ExecutionStore.Claim> claims = race(List.of(instance("b", false), instance("c", false),
                instance("d", false)));

        assertEquals(1, claims.stream().filter(c -> c.kind() == ExecutionStore.ClaimKind.TAKEN_OVER).count(),
                claims.toString());
        ExecutionStore.Execution e = store.executions().find(KEY).orElseThrow();
        assertEquals(2, e.attempts());
        assertEquals(ExecutionState.RUNNING, e.state());
        assertFalse(e.instanceId().equals("dead"));
    }

    @Test
    void finish_byAnInstanceThatLostItsClaim_recordsNothing() {
        ExecutionStore a = instance("a", true);
        a.claim(KEY, "cup", "x", AT, AT);
        instance("b", false).claim(KEY, "cup", "x", AT, AT);   // a was taken for dead

        assertFalse(a.finish(KEY, ExecutionState.DONE, "late", AT));
        assertEquals("b", store.executions().find(KEY).orElseThrow().instanceId());
    }

    @Test
    void claim_abandoned_isTakenOver() {
        ExecutionStore a = instance("a", true);
        a.claim(KEY, "cup", "x", AT, AT);
        a.finish(KEY, ExecutionState.ABANDONED, "shutdown", AT);

        assertEquals(ExecutionStore.ClaimKind.TAKEN_OVER, instance("a2", true).claim(KEY, "cup", "x", AT, AT).kind());
    }

    @Test
    void cancel_beforeItRuns_makesTheFireADuplicate_andIsRecorded() {
        assertTrue(store.executions().cancel(KEY, "cup", "x", AT, AT, "cancelled by hand"));

        assertEquals(ExecutionStore.ClaimKind.DUPLICATE, instance("b", false).claim(KEY, "cup", "x", AT, AT).kind());
        assertTrue(store.executions().recordedSince("cup", AT.minusSeconds(1)).contains(KEY));
        assertEquals(ExecutionState.CANCELLED, store.executions().history("cup", Optional.of("x"), 5).get(0).state());
        assertFalse(store.executions().cancel(KEY, "cup", "x", AT, AT, "again"));
    }
}
