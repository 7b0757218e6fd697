package io.prescale.providers.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Scenario;
import io.prescale.planner.scenario.ScenarioLoader;
import io.prescale.planner.targets.ApplyPhase;
import io.prescale.planner.targets.CapacityKind;
import io.prescale.planner.targets.TargetCatalog;
import io.prescale.planner.targets.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped target types as the planner finds them (ServiceLoader), and their settings checked at load. */
class ShippedTargetsTest {

    @Test
    void installedCatalog_holdsExactlyTheShippedProviders() {
        assertEquals(List.copyOf(DefaultProviders.registry().types()), TargetCatalog.installed().ids());
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("aws-asg", CapacityKind.SCALE, ApplyPhase.MACHINES),
                Arguments.of("aws-elbv2", CapacityKind.PREWARM, ApplyPhase.ENTRY),
                Arguments.of("k8s-deployment", CapacityKind.SCALE, ApplyPhase.WORKLOADS),
                Arguments.of("k8s-statefulset", CapacityKind.SCALE, ApplyPhase.WORKLOADS),
                Arguments.of("k8s-overprovisioning", CapacityKind.SCALE, ApplyPhase.MACHINES),
                Arguments.of("aws-eks-nodegroup", CapacityKind.SCALE, ApplyPhase.MACHINES),
                Arguments.of("k8s-karpenter-nodepool", CapacityKind.SCALE, ApplyPhase.MACHINES),
                Arguments.of("cdn", CapacityKind.CHECK, ApplyPhase.ENTRY),
                Arguments.of("plan-only", CapacityKind.SCALE, ApplyPhase.MACHINES));
    }

    /** The apply order and actions the planner had built in before the types were plug-ins. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shippedType_declaresItsKindAndPhase(String id, CapacityKind kind, ApplyPhase phase) {
        TargetSpec s = TargetCatalog.installed().find(id).orElseThrow();
        assertEquals(kind, s.kind());
        assertEquals(phase, s.phase());
    }

    static final String SCENARIO = """
            name: shipped
            zone: UTC
            plan: {from: 2026-06-01T00:00:00Z}
            events:
              - {id: FINAL, stage: final, teams: [A, B], kickoff: 2026-06-01T19:00:00Z}
            audience:
              base: {p50: 1M, p90: 1M}
            layers:
              - name: edge
                unit: instances
                rpsPerUnit: 400rps
                max: 500
                target: {type: aws-asg, name: edge-asg}
                terms:
                  - {type: per-viewer, every: 30s}
              - name: video
                unit: gbps
                gbpsPerUnit: 1Gbps
                max: 8000
                target: {type: cdn, name: E2Q}
                terms:
                  - {type: egress, bitrate: 5Mbps}
            """;

    @TempDir
    Path dir;

    Scenario load(String yaml) throws IOException {
        Files.writeString(dir.resolve("prescale.yaml"), yaml);
        return ScenarioLoader.load(dir, Optional.empty(), Instant.EPOCH);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("vCPU quota not a number", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-asg, name: edge-asg, vcpuQuota: lots}", 13, "layers[0].target.vcpuQuota",
                        "target setting vcpuQuota: expected a whole number (got \"lots\")"),
                Arguments.of("reservation flag not a boolean", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-asg, name: edge-asg, reserveCapacity: maybe}", 13,
                        "layers[0].target.reserveCapacity", "expected true or false (got \"maybe\")"),
                Arguments.of("two instance types for one reservation", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-asg, name: edge-asg, reserveInstanceType: \"c5.xlarge,c6i.xlarge\"}", 13,
                        "layers[0].target.reserveInstanceType", "a reservation is for one instance type"),
                Arguments.of("misspelt region", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-asg, name: edge-asg, regoin: eu-west-1}", 13, "layers[0].target.regoin",
                        "did you mean 'region'?"),
                Arguments.of("negative decreases a day", "{type: aws-asg, name: edge-asg}",
                        "{type: aws-elbv2, name: arn, decreasesPerDay: -1}", 13,
                        "layers[0].target.decreasesPerDay", "must be at least 0"),
                Arguments.of("kubernetes server dry run", "{type: aws-asg, name: edge-asg}",
                        "{type: k8s-deployment, name: web/api, serverDryRun: sometimes}", 13,
                        "layers[0].target.serverDryRun", "expected true or false"),
                Arguments.of("cdn counted in instances", "{type: aws-asg, name: edge-asg}", "{type: cdn, name: E2Q}",
                        10, "layers[0].unit", "a cdn target is counted in Gbps"),
                Arguments.of("cdn metrics pointer without its URL", "{type: cdn, name: E2Q}",
                        "{type: cdn, name: E2Q, metricsPointer: /peak}", 20, "layers[1].target",
                        "metricsPointer is set but metricsUrl is not"),
                Arguments.of("cdn capacity of zero", "{type: cdn, name: E2Q}",
                        "{type: cdn, name: E2Q, capacityGbps: 0}", 20, "layers[1].target.capacityGbps",
                        "must be greater than zero"));
    }

    /** A setting apply would have refused is refused when the scenario is loaded, where it is written. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void load_shippedTypesSettings_checkedWithFileLineAndField(String name, String from, String to, int line,
                                                               String field, String message) {
        String yaml = SCENARIO.replaceFirst(java.util.regex.Pattern.quote(from), to);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(yaml));
        List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic d = errors.stream().filter(x -> x.format().contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no error containing \"" + message + "\" in " + errors));
        assertEquals(line, d.location().line(), d.format());
        assertEquals(field, d.location().field(), d.format());
        assertTrue(d.location().file().endsWith("prescale.yaml"), d.format());
    }

    @Test
    void load_cdnWithoutContract_derivesItFromTheLayersMax_soApplyNeverFindsItMissing() throws IOException {
        Scenario s = load(SCENARIO);
        assertEquals("8000", s.layer("video").orElseThrow().target().settings().get("capacityGbps"));
    }
}
