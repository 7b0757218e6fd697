package io.prescale.planner.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.planner.TestScenarios;
import io.prescale.planner.diag.Diagnostic;
import io.prescale.planner.diag.InvalidInputException;
import io.prescale.planner.model.Carries;
import io.prescale.planner.model.Metric;
import io.prescale.planner.model.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A node pool layer ({@code carries:}): read into pods per node, and every way to get it wrong reported at its line. */
class CarriesValidationTest {

    static final String VALID = TestScenarios.NODE_POOL;

    @TempDir
    Path dir;

    @Test
    void load_nodePool_packsPodsOnTheTighterResource() {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml", VALID)));
        var nodes = s.layer("web-nodes").orElseThrow();
        Carries c = nodes.carries().orElseThrow();
        // cpu: (3920m - 300m) / 500m = 7.24; memory: (14Gi - 600Mi) / 1Gi = 13.4
        assertEquals(7, c.perUnit());
        assertEquals("cpu", c.limitedBy());
        assertEquals(7.0, nodes.perUnit(), 1e-9);
        assertEquals(Metric.PODS, nodes.metric());
        assertEquals("web", c.layer());
    }

    @Test
    void load_memoryHeavyPods_packedByMemory() {
        Scenario s = TestScenarios.load(TestScenarios.write(dir, Map.of("prescale.yaml",
                VALID.replace("requests: {cpu: 500m, memory: 1Gi}", "requests: {cpu: 250m, memory: 3Gi}"))));
        Carries c = s.layer("web-nodes").orElseThrow().carries().orElseThrow();
        // cpu: 3620m / 250m = 14.48; memory: 13736Mi / 3072Mi = 4.47
        assertEquals(4, c.perUnit());
        assertEquals("memory", c.limitedBy());
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("pod larger than a node", "requests: {cpu: 500m, memory: 1Gi}",
                        "requests: {cpu: 4, memory: 1Gi} #<-", "layers[1].carries.requests",
                        "a pod does not fit on a node"),
                Arguments.of("overhead eats the node", "overhead: {cpu: 300m, memory: 600Mi}",
                        "overhead: {cpu: 300m, memory: 14Gi} #<-", "layers[1].carries.overhead",
                        "no room left on a node for pods"),
                Arguments.of("unknown layer", "layer: web\n", "layer: wbe #<-\n", "layers[1].carries.layer",
                        "carries names an unknown layer 'wbe'"),
                Arguments.of("carries itself", "layer: web\n", "layer: web-nodes #<-\n", "layers[1].carries.layer",
                        "cannot carry itself"),
                Arguments.of("cpu without a unit it knows", "allocatable: {cpu: 3920m, memory: 14Gi}",
                        "allocatable: {cpu: 3.9k, memory: 14Gi} #<-",
                        "layers[1].carries.allocatable.cpu", "expected CPU"),
                Arguments.of("memory suffix wrong", "memory: 14Gi}", "memory: 14GB} #<-",
                        "layers[1].carries.allocatable.memory", "unknown memory suffix 'GB'"),
                // overflowed a long: ArithmeticException and exit 3
                Arguments.of("cpu of 1e308 cores", "allocatable: {cpu: 3920m, memory: 14Gi}",
                        "allocatable: {cpu: 1e308, memory: 14Gi} #<-",
                        "layers[1].carries.allocatable.cpu", "too large: CPU is at most a million cores"),
                Arguments.of("memory of 99999999999999999999Ti", "allocatable: {cpu: 3920m, memory: 14Gi}",
                        "allocatable: {cpu: 3920m, memory: 99999999999999999999Ti} #<-",
                        "layers[1].carries.allocatable.memory", "too large: memory is at most 1024Ti"),
                Arguments.of("rps on a node pool", "    unit: nodes\n", "    unit: nodes\n    rpsPerUnit: 5rps #<-\n",
                        "layers[1].rpsPerUnit", "does not apply to a layer that carries another"),
                Arguments.of("carries a layer not counted in pods", "    unit: pods\n", "    unit: instances\n",
                        "layers[1].carries.layer", "is counted in instances: a layer carries pods"))
                .map(a -> {
                    Object[] x = a.get();
                    String yaml = VALID.replace((String) x[1], (String) x[2]);
                    if (yaml.equals(VALID)) {
                        throw new IllegalArgumentException("fixture does not contain: " + x[1]);
                    }
                    if (!yaml.contains("#<-")) {
                        yaml = yaml.replaceFirst("layer: web\n", "layer: web #<-\n");
                    }
                    return Arguments.of(x[0], yaml, x[3], x[4]);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void load_brokenNodePool_errorNamesFileLineFieldAndRule(String name, String yaml, String field, String message) {
        TestScenarios.write(dir, Map.of("prescale.yaml", yaml));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic d = errors.stream().filter(x -> x.format().contains(message)).findFirst()
                .orElseGet(() -> fail("no error containing \"" + message + "\" in " + errors));
        assertTrue(d.location().file().endsWith("prescale.yaml"), d.format());
        assertEquals(line(yaml), d.location().line(), d.format());
        assertEquals(field, d.location().field(), d.format());
    }

    @Test
    void load_twoLayersCarryingEachOther_cycleReported() {
        String yaml = VALID.replace("baseline:", """
                  - name: sidecars-a
                    unit: pods
                    carries: {layer: sidecars-b, requests: {cpu: 1, memory: 1Gi}, allocatable: {cpu: 4, memory: 8Gi}}
                  - name: sidecars-b
                    unit: pods
                    carries: {layer: sidecars-a, requests: {cpu: 1, memory: 1Gi}, allocatable: {cpu: 4, memory: 8Gi}}
                baseline:""");
        TestScenarios.write(dir, Map.of("prescale.yaml", yaml));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TestScenarios.load(dir));
        Diagnostic d = e.diagnostics().stream().filter(x -> x.format().contains("carry each other in a cycle"))
                .findFirst().orElseGet(() -> fail(e.diagnostics().toString()));
        assertTrue(d.format().contains("sidecars-a -> sidecars-b -> sidecars-a"), d.format());
        assertEquals("layers[2].carries.layer", d.location().field(), d.format());
    }

    private static int line(String yaml) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("#<-")) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no #<- mark");
    }
}
