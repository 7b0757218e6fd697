package io.prescale.providers.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.plan.Action;
import io.prescale.planner.plan.Change;
import io.prescale.planner.plan.ObservedState;
import io.prescale.planner.plan.Plan;
import io.prescale.planner.plan.Planner;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.Setting;
import io.prescale.planner.targets.TargetCatalog;
import io.prescale.planner.targets.TargetSpec;
import io.prescale.providers.apply.ApplyEngine;
import io.prescale.providers.apply.ApplyOptions;
import io.prescale.providers.apply.ApplyReport;
import io.prescale.providers.apply.AuditLog;
import io.prescale.providers.spi.CapacityProvider;
import io.prescale.providers.spi.ChangeRequest;
import io.prescale.providers.spi.ChangeResponse;
import io.prescale.providers.spi.ChangeStatus;
import io.prescale.providers.spi.ObserveRequest;
import io.prescale.providers.spi.ObserveResponse;
import io.prescale.providers.spi.Observation;
import io.prescale.providers.spi.ProviderConfig;
import io.prescale.providers.spi.ProviderFactory;
import io.prescale.providers.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider written here, outside the planner, plugs in through its factory alone: the scenario names its type,
 * the loader checks its settings against the schema it declares, the planner plans its layer from the kind it
 * declares, and apply reaches it. Nothing under {@code planner/} knows it.
 */
class PluggedProviderTest {

    /** Consumers of a message queue: scaled, applied with the workloads, its queue required. */
    static final TargetSpec QUEUE_WORKERS = TargetSpec.of("queue-workers", CapacityKind.SCALE, ApplyPhase.WORKLOADS)
            .describedAs("consumers of a message queue (name: the consumer group)")
            .withSettings(Setting.text("queue", "the queue consumed").asRequired(),
                    Setting.wholeNumber("maxInFlight", 1, "messages a worker takes at once").withDefault("10"))
            .withCheck(c -> {
                if (c.layer().min() < 1) {
                    c.error("min", "a consumer group keeps at least one worker: min must be 1 or more", "");
                }
            });

    /** The workers' count per consumer group, in memory. */
    static final class QueueWorkers implements CapacityProvider {
        final Map<String, Integer> workers = new ConcurrentHashMap<>();
        final List<ChangeRequest> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final String type;

        QueueWorkers(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public ObserveResponse observe(ObserveRequest r) {
            return ObserveResponse.of(r.layer(), r.target().name(), new Observation(workers.getOrDefault(
                    r.target().name(), 2), 0, Map.of("queue", r.target().settings().get("queue")), Instant.EPOCH));
        }

        @Override
        public ChangeResponse apply(ChangeRequest r) {
            changes.add(r);
            int before = workers.getOrDefault(r.target().name(), 2);
            workers.put(r.target().name(), r.change().to());
            return new ChangeResponse(r.change().layer(), r.target().name(), ChangeStatus.APPLIED, before,
                    r.change().to(), "set", Map.of(), List.of());
        }
    }

    static ProviderFactory factory(TargetSpec spec, QueueWorkers provider) {
        return new ProviderFactory() {
            @Override
            public TargetSpec target() {
                return spec;
            }

            @Override
            public CapacityProvider create(ProviderConfig config) {
                return provider;
            }
        };
    }

    static final String SCENARIO = """
            name: plugged
            zone: UTC
            plan: {from: 2026-06-01T00:00:00Z, maxAge: 1d}
            events:
              - {id: FINAL, stage: final, teams: [A, B], kickoff: 2026-06-01T19:00:00Z}
            audience:
              base: {p50: 1M, p90: 1M}
            layers:
              - name: ingest
                unit: pods
                rpsPerUnit: 500rps
                min: 2
                max: 400
                warmup: 2m
                target: {type: queue-workers, name: ingest-consumers, queue: player-events, maxInFlight: 20}
                terms:
                  - {type: per-viewer, every: 30s}
            baseline: {ingest: 2}
            """;

    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Files.writeString(dir.resolve("prescale.yaml"), yaml);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CapacityKind.class, names = {"SCALE", "PREWARM"})
    void planAndApply_aProviderDeclaredOutsideThePlanner_raisesItsTargetAsItsKindSays(CapacityKind kind)
            throws IOException {
        // given: the type declared here, with the kind under test
        TargetSpec spec = new TargetSpec(QUEUE_WORKERS.id(), kind, QUEUE_WORKERS.phase(), true, true,
                QUEUE_WORKERS.settings(), QUEUE_WORKERS.decreasesPerDay(), false, QUEUE_WORKERS.check(), "");
        QueueWorkers workers = new QueueWorkers(spec.id());
        ProviderRegistry registry = new ProviderRegistry().register(factory(spec, workers));

        // when: loaded with the registry's catalogue, planned, and applied when the raise is due
        Scenario s = ScenarioLoader.load(write(SCENARIO), Optional.empty(), Instant.EPOCH, registry.catalog());
        Instant at = s.plan().from().orElseThrow();
        Plan plan = Planner.plan(s, at, at, new ObservedState("baseline", at, s.baseline())).plan();
        Change raise = plan.changes().stream().filter(c -> c.to() > c.from()).findFirst().orElseThrow();
        ApplyReport report = new ApplyEngine(registry, ProviderConfig.defaults(Clock.fixed(raise.at(), ZoneOffset.UTC)),
                AuditLog.none(), Clock.fixed(raise.at(), ZoneOffset.UTC))
                .apply(plan, new ApplyOptions(false, 2, Duration.ofSeconds(5)));

        // then
        assertEquals(Map.of("queue", "player-events", "maxInFlight", "20"), s.layers().get(0).target().settings());
        assertEquals(kind == CapacityKind.PREWARM ? Action.PREWARM : Action.SCALE_OUT, raise.action());
        assertEquals("queue-workers", raise.targetType());
        assertEquals("ingest-consumers", raise.target());
        assertTrue(raise.to() > 2, raise.toString());
        assertEquals(1, report.results().size(), report.toString());
        assertEquals(ChangeStatus.APPLIED, report.results().get(0).status(), report.toString());
        assertEquals(raise.to(), workers.workers.get("ingest-consumers"));
        assertEquals("player-events", workers.changes.get(0).target().settings().get("queue"),
                "apply gets the settings the scenario gave, through the plan");
    }

    @Test
    void load_settingsOfAPluggedType_checkedAgainstItsSchemaWithFileLineAndField() throws IOException {
        // given: a missing required setting, a value of the wrong type, an unknown key and the type's own rule broken
        String yaml = SCENARIO.replace("min: 2", "min: 0")
                .replace("{type: queue-workers, name: ingest-consumers, queue: player-events, maxInFlight: 20}",
                        "{type: queue-workers, name: ingest-consumers,\n"
                                + "                 maxInFlight: lots,\n"
                                + "                 qeueu: player-events}");
        ProviderRegistry registry = new ProviderRegistry().register(factory(QUEUE_WORKERS, new QueueWorkers("x")));

        // when
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScenarioLoader.load(write(yaml),
                Optional.empty(), Instant.EPOCH, registry.catalog()));

        // then
        List<String> errors = e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
        assertTrue(errors.stream().anyMatch(x -> x.contains("prescale.yaml:15:") && x.contains("layers[0].target.queue")
                && x.contains("missing required field 'queue'")), errors.toString());
        assertTrue(errors.stream().anyMatch(x -> x.contains("prescale.yaml:16:") && x.contains(
                "layers[0].target.maxInFlight") && x.contains("expected a whole number")), errors.toString());
        assertTrue(errors.stream().anyMatch(x -> x.contains("prescale.yaml:17:") && x.contains("layers[0].target.qeueu")
                && x.contains("unknown field 'qeueu'") && x.contains("did you mean 'queue'")), errors.toString());
        assertEquals(3, errors.size(), "the type's own check runs once the settings are valid: " + errors);
    }

    @Test
    void load_typesOwnCheck_reportsAtTheLayerField() throws IOException {
        ProviderRegistry registry = new ProviderRegistry().register(factory(QUEUE_WORKERS, new QueueWorkers("x")));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScenarioLoader.load(
                write(SCENARIO.replace("min: 2", "min: 0")), Optional.empty(), Instant.EPOCH, registry.catalog()));

        Diagnostic d = e.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("layers[0].min", d.location().field(), d.format());
        assertEquals(12, d.location().line(), d.format());
        assertTrue(d.summary().contains("at least one worker"), d.format());
    }

    @Test
    void load_aTypeNoProviderDeclares_isAnErrorListingTheKnownOnes() throws IOException {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ScenarioLoader.load(write(SCENARIO),
                Optional.empty(), Instant.EPOCH, TargetCatalog.neutral()));

        Diagnostic d = e.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals("layers[0].target.type", d.location().field(), d.format());
        assertTrue(d.format().contains("unknown target type 'queue-workers' (use one of plan-only)"), d.format());
    }
}
