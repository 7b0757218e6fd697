package io.prescale.providers.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.backtest.BacktestSettings;
import io.prescale.planner.backtest.Backtester;
import io.prescale.planner.backtest.LayerBacktest;
import io.prescale.planner.backtest.ReactiveSettings;
import io.prescale.planner.backtest.Trace;
import io.prescale.planner.backtest.TraceReader;
import io.prescale.planner.live.Decision;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner behind {@code watch} and the daemon decides each minute afresh from the source, and must decide what
 * the backtest's continuous replay decided at that minute: the same controller, the same data, the same answer.
 */
class LiveRunnerTest {
    static final Path LIVE = Path.of("../examples/worldcup-1998-website/loop/live");
    static final Path TRACE = Path.of("../examples/worldcup-1998-website/requests_per_minute_until_1998-06-26.csv");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1998-06-22T20:41:00Z", "1998-06-22T20:55:00Z", "1998-06-25T15:45:00Z",
            "1998-06-23T19:30:00Z", "1998-06-26T20:20:00Z"})
    void tick_atAMinuteOfTheReplay_decidesWhatTheBacktestDecided(String minute) {
        // given
        Scenario s = ScenarioLoader.load(LIVE, Optional.empty(), Instant.EPOCH);
        Instant at = s.plan().from().orElseThrow();
        Planner.Result plan = Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
        Trace trace = TraceReader.load(TRACE);
        LayerBacktest web = Backtester.run(s, plan, trace, new BacktestSettings(List.of(), Optional.empty(),
                ReactiveSettings.DEFAULT, Map.of())).layers().get(0);
        Instant t = Instant.parse(minute);
        MutableClock clock = new MutableClock(t.plusSeconds(30));
        ProviderConfig config = new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), clock, Duration.ofSeconds(10), 3, Map.of());
        Duration history = Duration.ofMinutes(plan.forecast().gridStart() - trace.startMinute());
        LiveApplier applier = new LiveApplier(new ProviderRegistry(), config, AuditLog.none(), clock, plan.plan(), true,
                Duration.ofSeconds(10));

        // when
        Decision d;
        try (LiveRunner runner = new LiveRunner(s, LIVE, plan, config, applier, Duration.ofSeconds(10), history)) {
            d = runner.tick(clock.instant()).get(0).decision().orElseThrow();
        }

        // then
        int i = (int) (t.getEpochSecond() / 60 - web.start().getEpochSecond() / 60);
        assertTrue(d.state() != Decision.State.IDLE && d.state() != Decision.State.STALE, d.toString());
        assertEquals(web.reforecastRps()[i], d.reforecastPeak(), 1e-6, d.toString());
    }

    @TempDir
    Path dir;

    @Test
    void tick_whenTheLiveControllerRaisesPods_raisesTheirNodePoolFirst_forWhatThePodsNeedOnceNodesHaveBooted() throws Exception {
        // given: the live loop's web layer served by pods (2 per node once its DaemonSets run), on a node pool that
        // takes 6 minutes to serve; Romania-England, forecast 44% short, near its final whistle
        String layers = java.nio.file.Files.readString(LIVE.resolve("../calibrated/layers.yaml"))
                .replace("    unit: instances", "    unit: pods")
                + """
                  - name: web-nodes
                    unit: nodes
                    headroom: 0%
                    min: 1
                    max: 40
                    warmup: 5m
                    leadTime: 1m
                    cooldown: 10m
                    target: {type: plan-only}
                    carries:
                      layer: web
                      requests: {cpu: "1", memory: 1Gi}
                      allocatable: {cpu: 2500m, memory: 16Gi}
                      overhead: {cpu: 500m, memory: 1Gi}
                """;
        java.nio.file.Files.writeString(dir.resolve("layers.yaml"), layers);
        Path live = LIVE.toAbsolutePath().normalize();
        java.nio.file.Files.writeString(dir.resolve("prescale.yaml"), java.nio.file.Files.readString(
                        live.resolve("prescale.yaml"))
                .replace("../../schedule.csv", live.resolve("../../schedule.csv").normalize().toString())
                .replace("../calibrated/audience.yaml", live.resolve("../calibrated/audience.yaml").normalize().toString())
                .replace("../calibrated/shapes.yaml", live.resolve("../calibrated/shapes.yaml").normalize().toString())
                .replace("../calibrated/layers.yaml", "layers.yaml")
                .replace("../../requests_per_minute_until_1998-06-26.csv",
                        live.resolve("../../requests_per_minute_until_1998-06-26.csv").normalize().toString())
                .replace("  web: 4", "  web: 4\n  web-nodes: 1"));
        Scenario s = ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
        Instant at = s.plan().from().orElseThrow();
        Planner.Result plan = Planner.plan(s, at, Instant.EPOCH, new ObservedState("baseline", at, s.baseline()));
        Instant t = Instant.parse("1998-06-22T20:41:00Z");
        MutableClock clock = new MutableClock(t.plusSeconds(30));
        ProviderConfig config = new ProviderConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), clock, Duration.ofSeconds(10), 3, Map.of());
        LiveApplier applier = new LiveApplier(new ProviderRegistry(), config, AuditLog.none(), clock, plan.plan(), true,
                Duration.ofSeconds(10));

        // when
        List<LiveRunner.LayerTick> ticks;
        try (LiveRunner runner = new LiveRunner(s, dir, plan, config, applier, Duration.ofSeconds(10), Duration.ZERO)) {
            ticks = runner.tick(clock.instant());
        }

        // then: the nodes come first, raised above their plan, for at least the pods asked now (2 per node)
        assertEquals(List.of("web-nodes", "web"), ticks.stream().map(LiveRunner.LayerTick::layer).toList());
        Decision pods = ticks.get(1).decision().orElseThrow();
        Decision nodes = ticks.get(0).decision().orElseThrow();
        assertEquals(Decision.State.RAISE, pods.state(), pods.reason());
        assertEquals(Optional.of("web"), ticks.get(0).carries());
        assertEquals(Decision.State.RAISE, nodes.state(), nodes.reason());
        assertTrue(nodes.units() >= Math.ceil(pods.units() / 2.0), nodes + " for " + pods.units() + " pods");
        assertTrue(nodes.units() > ticks.get(0).planUnits(), nodes.reason());
        assertTrue(nodes.reason().startsWith("carries web: the live controller asks up to"), nodes.reason());
    }
}
